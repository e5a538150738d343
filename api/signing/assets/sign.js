// The signing page's behaviour: fetch the statement, ask NCALayer (through ncalayer-js-client)
// for a detached CMS over its bytes with an individual's signing key, post it back, and show
// what happened. Plain browser JavaScript, no build step; settings come from data-* attributes
// and texts from the JSON block the server rendered in the parent's language.
(function () {
  "use strict";

  var root = document.getElementById("signing");
  var button = document.getElementById("sign-button");
  var statusBox = document.getElementById("signing-status");
  var messages = JSON.parse(document.getElementById("signing-messages").textContent);
  var settings = root.dataset;
  /** Connecting to a port nobody listens on fails at once; a hung NCALayer must not hang the page. */
  var CONNECT_TIMEOUT_MS = 15000;

  function show(kind, title, lines) {
    statusBox.hidden = false;
    statusBox.className = "status " + kind;
    statusBox.setAttribute("data-state", kind);
    statusBox.textContent = "";
    if (title) {
      var strong = document.createElement("strong");
      strong.textContent = title;
      statusBox.appendChild(strong);
    }
    (lines || []).forEach(function (line) {
      var p = document.createElement("p");
      p.textContent = line;
      statusBox.appendChild(p);
    });
  }

  function withTimeout(promise, ms) {
    return Promise.race([
      promise,
      new Promise(function (_, reject) {
        setTimeout(function () { reject(new Error("timeout")); }, ms);
      }),
    ]);
  }

  function closeQuietly(client) {
    try {
      if (client && client.wsConnection) client.wsConnection.close();
    } catch (e) {
      /* already closed */
    }
  }

  async function loadStatement() {
    var response = await fetch(settings.statementUrl, { credentials: "same-origin", cache: "no-store" });
    if (!response.ok) {
      var error = new Error("statement unavailable: HTTP " + response.status);
      // absent on a server error: then the generic "could not reach the server" text is shown
      error.refused = response.headers.get("X-Signing-Refused");
      throw error;
    }
    return response.arrayBuffer();
  }

  async function signWithNcalayer(pdf) {
    var client = new window.NCALayerClient(settings.ncalayerUrl, false);
    try {
      await withTimeout(client.connect(), CONNECT_TIMEOUT_MS);
    } catch (e) {
      closeQuietly(client);
      var notRunning = new Error("NCALayer is not running");
      notRunning.notRunning = true;
      throw notRunning;
    }
    show("info", null, [messages.chooseKey]);
    try {
      // A detached CMS over the PDF's bytes (sent as base64), with an individual's SIGNING key:
      // basicsSignerSignPerson asks NCALayer for EKU emailProtection + 1.2.398.3.3.4.1.1. School
      // staff (data-signer="any") may also sign with the school's organisation key.
      return await client.basicsSignCMS(
        window.NCALayerClient.basicsStorageAll,
        pdf,
        window.NCALayerClient.basicsCMSParamsDetached,
        settings.signer === "any" ? window.NCALayerClient.basicsSignerSignAny : window.NCALayerClient.basicsSignerSignPerson,
        settings.lang,
      );
    } finally {
      closeQuietly(client);
    }
  }

  function showOutcome(result) {
    if (result.status === "signed") {
      button.hidden = true;
      show("ok", messages.doneTitle, [messages.done]);
      return;
    }
    if (result.status === "invalid") {
      button.hidden = true;
      var lines = (result.problems || []).map(function (p) { return messages.problems[p] || messages.problems.other; });
      show("error", messages.invalidTitle, lines.concat([messages.invalidAgain]));
      return;
    }
    var reason = result.reason || "invalid";
    // A broken upload did not use the link up: the parent may try again.
    if (reason !== "malformed") button.hidden = true;
    show("error", messages.refusedTitle, [messages.refused[reason] || messages.refused.invalid]);
  }

  async function onSign() {
    button.disabled = true;
    try {
      show("info", null, [messages.loading]);
      var pdf = await loadStatement();
      show("info", null, [messages.connecting]);
      var cms = await signWithNcalayer(pdf);
      show("info", null, [messages.sending]);
      var response = await fetch(settings.postUrl, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ cms: cms }),
      });
      showOutcome(await response.json());
    } catch (e) {
      if (e && e.refused) {
        showOutcome({ status: "refused", reason: e.refused });
      } else if (e && e.notRunning) {
        show("error", null, [messages.notRunning]);
      } else if (e && e.canceledByUser) {
        show("warning", null, [messages.cancelled]);
      } else if (e && e.name === "NCALayerError") {
        show("error", null, [messages.ncalayerError.replace("{detail}", e.message)]);
      } else {
        show("error", null, [messages.network]);
      }
    } finally {
      button.disabled = false;
    }
  }

  if (typeof window.NCALayerClient !== "function") {
    show("error", null, [messages.network]);
    return;
  }
  button.addEventListener("click", onSign);
  button.disabled = false;
})();

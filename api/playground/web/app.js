// The playground web chat. Plain JS, no build step. Bot text is rendered from
// Telegram's entities into DOM nodes (text nodes + a fixed set of elements);
// nothing a bot or user sends ever reaches innerHTML.
"use strict";

/** Every user-visible string of the page, in one place (developer tool: English only). */
const STRINGS = {
  subtitle: (bots, users) => `Local Bot API emulator · ${bots} bots · ${users} users`,
  addUser: "+ Add user",
  askName: "Name of the new user:",
  askLang: "Language code (kk / ru):",
  user: "User",
  typing: "typing…",
  placeholder: "Message",
  send: "Send",
  contact: "Share my phone number",
  edited: "edited",
  deleted: "message deleted",
  forwarded: (name) => `Forwarded from ${name}`,
  allTopics: "All",
  general: "General",
  topicCreated: (name) => `Topic “${name}” created`,
  topicEdited: (name) => `Topic renamed to “${name}”`,
  topicClosed: "Topic closed",
  topicReopened: "Topic reopened",
  blocked: "You blocked this bot. Send a message to restart it.",
  noUsers: "No users yet: add one.",
  intro: "What can this bot do?",
  start: "START",
  voice: (s) => `▶ Voice message, ${s} s`,
  sticker: "Sticker",
  location: (lat, lon) => `Location: ${lat.toFixed(5)}, ${lon.toFixed(5)}`,
  unsupportedButton: "This button type is not emulated",
  phoneSign: "🤖 Sign as eGov mobile would",
  phoneSignTitle: "Does what eGov mobile does with this link: fetches the statement and signs it as this parent with the playground's demo key",
  menu: "Menu",
  attachOptions: "Send a photo, file, album, voice message, sticker, location or your phone number",
  photoOrFile: "📎 Photo or file",
  album: "🖼 Album (2+ photos)",
  voiceMessage: "🎤 Voice message",
  locationItem: "📍 Location",
  askLocation: "Latitude, longitude:",
  stickers: "Stickers:",
  edit: "Edit",
  editing: (text) => `Editing: ${text}`,
  cancelEdit: "Cancel editing",
};

/** Where "📍 Location" points by default: Astana. */
const DEFAULT_LOCATION = "51.128207, 71.430420";
const STICKERS = ["👍", "😀", "🙏", "❤️", "🎉"];

const api = {
  async get(path) {
    const res = await fetch(path);
    return res.json();
  },
  async post(path, body) {
    const res = await fetch(path, body instanceof FormData ? { method: "POST", body } : { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    const json = await res.json();
    if (!json.ok) throw new Error(json.error || `HTTP ${res.status}`);
    return json.result;
  },
};

let world = { bots: [], users: [], group: null };
let seq = 0;
const panels = [];

function panelKey(p) {
  return p.kind === "group" ? world.group.key : `p:${p.botId}:${p.userId}`;
}

function target(p) {
  return p.kind === "group" ? { userId: p.userId, group: true, ...(p.threadId ? { threadId: p.threadId } : {}) } : { userId: p.userId, bot: p.botId };
}

function userName(id) {
  const u = world.users.find((x) => x.id === id);
  return u ? [u.firstName, u.lastName].filter(Boolean).join(" ") : String(id);
}

function showError(p, message) {
  p.error.textContent = message || "";
}

function toast(p, text) {
  const t = el("div", { class: "toast" }, text);
  p.root.append(t);
  setTimeout(() => t.remove(), 2500);
}

function alertBox(text) {
  document.getElementById("modal-text").textContent = text;
  document.getElementById("modal").hidden = false;
}

async function act(p, path, body) {
  showError(p, "");
  try {
    return await api.post(path, body);
  } catch (e) {
    showError(p, e.message);
  }
}

function makePanel(spec) {
  const p = { ...spec, hiddenKeyboard: null, typingTimer: null, stick: true, editing: null };
  const title = p.kind === "group" ? world.group.title : `${spec.label} · @${spec.username}`;
  p.status = el("div", { class: "status" });
  p.userSelect = el("select", { "aria-label": STRINGS.user, onchange: () => { p.userId = Number(p.userSelect.value); refresh(p); } });
  p.topics = p.kind === "group" ? el("div", { class: "topics" }) : null;
  p.list = el("div", { class: "messages" });
  p.error = el("div", { class: "error", role: "alert" });
  p.replyKb = el("div", { class: "reply-kb", hidden: true });
  p.fileInput = el("input", { type: "file", hidden: true, onchange: () => upload(p, [...p.fileInput.files].slice(0, 1)) });
  p.albumInput = el("input", { type: "file", hidden: true, multiple: true, accept: "image/jpeg,image/png", onchange: () => upload(p, [...p.albumInput.files], "album") });
  p.input = el("input", { type: "text", name: "text", placeholder: STRINGS.placeholder, autocomplete: "off" });
  p.menuButton = el("button", { type: "button", class: "menu-button", hidden: true, "aria-expanded": "false", onclick: () => togglePopup(p, p.commandList, p.menuButton) }, STRINGS.menu);
  p.commandList = el("div", { class: "popup commands", role: "menu", hidden: true });
  p.attachButton = el("button", { type: "button", class: "attach", title: STRINGS.attachOptions, "aria-label": STRINGS.attachOptions, "aria-expanded": "false", onclick: () => togglePopup(p, p.attachMenu, p.attachButton) }, "📎");
  p.attachMenu = attachMenu(p);
  p.editBar = el("div", { class: "edit-bar", hidden: true }, el("span", { class: "what" }),
    el("button", { type: "button", title: STRINGS.cancelEdit, "aria-label": STRINGS.cancelEdit, onclick: () => setEditing(p, null) }, "✕"));
  const form = el("form", { class: "composer", onsubmit: (ev) => { ev.preventDefault(); submit(p); } },
    p.menuButton, p.attachButton, p.input, p.fileInput, p.albumInput,
    el("button", { type: "submit", class: "send" }, STRINGS.send));
  p.root = el("section", { class: "panel", "data-panel": p.kind === "group" ? "group" : `bot-${spec.username}` },
    el("div", { class: "panel-head" }, el("div", { class: "title" }, title), p.status, p.userSelect),
    p.topics, p.list, p.error, p.replyKb, p.commandList, p.attachMenu, p.editBar, form);
  p.list.addEventListener("click", (ev) => {
    const cmd = ev.target.closest && ev.target.closest("[data-command]");
    if (cmd) sendText(p, cmd.dataset.command);
  });
  // Newest at the bottom, as in Telegram: the chat follows new messages unless the user scrolled up.
  p.list.addEventListener("scroll", () => { p.stick = p.list.scrollHeight - p.list.scrollTop - p.list.clientHeight < 40; });
  return p;
}

function attachMenu(p) {
  const item = (label, run, name) => el("button", { type: "button", role: "menuitem", "data-attach": name, onclick: () => { closePopups(p); run(); } }, label);
  return el("div", { class: "popup attach-menu", role: "menu", hidden: true },
    item(STRINGS.photoOrFile, () => p.fileInput.click(), "file"),
    item(STRINGS.album, () => p.albumInput.click(), "album"),
    item(STRINGS.voiceMessage, () => post(p, "/playground/api/voice", { ...target(p), durationSec: 3 }), "voice"),
    item(STRINGS.locationItem, () => sendLocation(p), "location"),
    item(`☎ ${STRINGS.contact}`, () => post(p, "/playground/api/contact", target(p)), "contact"),
    el("div", { class: "stickers" }, el("span", { class: "muted" }, STRINGS.stickers),
      ...STICKERS.map((emoji) => item(emoji, () => post(p, "/playground/api/sticker", { ...target(p), emoji }), `sticker-${emoji}`))));
}

function togglePopup(p, popup, button) {
  const open = popup.hidden;
  closePopups(p);
  popup.hidden = !open;
  button.setAttribute("aria-expanded", String(open));
}

function closePopups(p) {
  p.commandList.hidden = true;
  p.attachMenu.hidden = true;
  p.menuButton.setAttribute("aria-expanded", "false");
  p.attachButton.setAttribute("aria-expanded", "false");
}

/** Anything the user sends brings the chat back to its newest message. */
async function post(p, path, body) {
  p.stick = true;
  return act(p, path, body);
}

async function sendLocation(p) {
  const answer = prompt(STRINGS.askLocation, DEFAULT_LOCATION);
  const [latitude, longitude] = (answer || "").split(",").map((x) => Number(x.trim()));
  if (!answer || !Number.isFinite(latitude) || !Number.isFinite(longitude)) return;
  await post(p, "/playground/api/location", { ...target(p), latitude, longitude });
}

function setEditing(p, message) {
  p.editing = message ? message.message_id : null;
  const text = message ? (message.text ?? message.caption ?? "") : "";
  p.editBar.hidden = !message;
  p.editBar.querySelector(".what").textContent = message ? STRINGS.editing(text.length > 40 ? `${text.slice(0, 40)}…` : text) : "";
  p.input.value = text;
  if (message) p.input.focus();
}

async function submit(p) {
  const text = p.input.value;
  if (p.editing === null) return sendText(p, text);
  if (!text.trim()) return;
  const messageId = p.editing;
  setEditing(p, null);
  await post(p, "/playground/api/edit", { ...target(p), messageId, text });
}

async function sendText(p, text) {
  if (!text.trim()) return;
  p.input.value = "";
  closePopups(p);
  await post(p, "/playground/api/send", { ...target(p), text });
}

async function upload(p, files, kind) {
  if (!files.length) return;
  const form = new FormData();
  for (const [k, v] of Object.entries(target(p))) form.append(k, String(v));
  for (const file of files) form.append("file", file, file.name);
  if (kind) form.append("kind", kind);
  p.fileInput.value = "";
  p.albumInput.value = "";
  await post(p, "/playground/api/upload", form);
}

function renderCommands(p, commands) {
  p.menuButton.hidden = commands.length === 0;
  p.commandList.replaceChildren(...commands.map((c) => el("button", { type: "button", role: "menuitem", onclick: () => sendText(p, `/${c.command}`) },
    el("span", { class: "cmd" }, `/${c.command}`), el("span", { class: "muted" }, c.description))));
}

function fillUsers(p) {
  const users = p.kind === "group" ? world.users.filter((u) => world.group.members.includes(u.id) || u.id === p.userId) : world.users;
  p.userSelect.replaceChildren(...(users.length ? users : world.users).map((u) => el("option", { value: u.id, selected: u.id === p.userId }, `${userName(u.id)} (${u.lang})`)));
  if (p.topics) {
    const topicButton = (id, name, closed) => el("button", { type: "button", class: `${p.threadId === id ? "active" : ""} ${closed ? "closed" : ""}`, onclick: () => { p.threadId = id; fillUsers(p); refresh(p); } }, name);
    p.topics.replaceChildren(topicButton(undefined, STRINGS.allTopics), ...world.group.topics.map((t) => topicButton(t.threadId, t.name, t.closed)));
  }
}

function serviceText(m) {
  if (m.forum_topic_created) return STRINGS.topicCreated(m.forum_topic_created.name);
  if (m.forum_topic_edited) return STRINGS.topicEdited(m.forum_topic_edited.name || "");
  if (m.forum_topic_closed) return STRINGS.topicClosed;
  if (m.forum_topic_reopened) return STRINGS.topicReopened;
  return "";
}

function messageNode(p, item) {
  const m = item.message;
  if (item.sender === "service") return el("div", { class: "service" }, serviceText(m));
  const own = item.sender === "user" && item.senderId === p.userId;
  const bubble = el("div", { class: "bubble" });
  if (p.kind === "group" && !own && m.from) bubble.append(el("div", { class: "sender" }, m.from.first_name + (m.from.is_bot ? " · bot" : "")));
  if (item.deleted) {
    bubble.append(STRINGS.deleted);
  } else {
    if (m.forward_origin) {
      const o = m.forward_origin;
      bubble.append(el("div", { class: "forwarded" }, STRINGS.forwarded(o.sender_user ? o.sender_user.first_name : o.sender_user_name || o.chat?.title || "?")));
    }
    if (m.photo && m.photo.length) {
      const big = m.photo[m.photo.length - 1];
      const img = el("img", { src: fileUrl(big.file_id), alt: "photo" });
      img.addEventListener("load", () => { if (p.stick) p.list.scrollTop = p.list.scrollHeight; });
      bubble.append(el("a", { href: fileUrl(big.file_id), target: "_blank", rel: "noopener" }, img));
    }
    if (m.document) {
      const d = m.document;
      const pdf = d.mime_type === "application/pdf";
      bubble.append(el("a", { class: "doc", href: fileUrl(d.file_id, !pdf), ...(pdf ? { target: "_blank", rel: "noopener" } : { download: d.file_name || "file" }) },
        el("span", { class: "icon" }, docBadge(d)),
        el("span", {}, el("div", {}, d.file_name || "file"), el("div", { class: "size" }, `${Math.max(1, Math.round((d.file_size || 0) / 1024))} KB`))));
    }
    if (m.contact) bubble.append(`☎ ${m.contact.first_name} ${m.contact.last_name || ""}\n${m.contact.phone_number}`);
    if (m.location) bubble.append(STRINGS.location(m.location.latitude, m.location.longitude));
    if (m.sticker) bubble.append(el("span", { style: "font-size:48px", title: STRINGS.sticker }, m.sticker.emoji || "🖼"));
    if (m.voice) bubble.append(el("a", { href: fileUrl(m.voice.file_id), target: "_blank", rel: "noopener" }, STRINGS.voice(m.voice.duration)));
    if (m.text !== undefined) bubble.append(renderEntities(m.text, m.entities));
    if (m.caption !== undefined) bubble.append(el("div", {}, renderEntities(m.caption, m.caption_entities)));
  }
  const time = new Date(m.date * 1000).toTimeString().slice(0, 5);
  const topic = p.kind === "group" && p.threadId === undefined && m.message_thread_id ? world.group.topics.find((t) => t.threadId === m.message_thread_id) : null;
  const meta = el("div", { class: "meta" }, `${topic ? `# ${topic.name} · ` : ""}${m.edit_date ? `${STRINGS.edited} · ` : ""}${time}`);
  if (own && !item.deleted && (m.text !== undefined || m.photo || m.document || m.voice)) {
    meta.prepend(el("button", { type: "button", class: "edit", title: STRINGS.edit, "aria-label": STRINGS.edit, onclick: () => setEditing(p, m) }, "✎"));
  }
  bubble.append(meta);
  const node = el("div", { class: `msg${own ? " own" : ""}${item.deleted ? " deleted" : ""}`, "data-message-id": m.message_id }, bubble);
  const rows = !item.deleted && m.reply_markup && m.reply_markup.inline_keyboard;
  if (rows) node.append(el("div", { class: "inline-kb" }, ...rows.map((row) => el("div", { class: "row" }, ...row.flatMap((b) => [inlineButton(p, m, b), ...phoneHelper(p, b)])))));
  return node;
}

function inlineButton(p, m, b) {
  if (typeof b.callback_data === "string") return el("button", { type: "button", onclick: () => act(p, "/playground/api/tap", { ...target(p), messageId: m.message_id, data: b.callback_data }) }, b.text);
  if (typeof b.url === "string" && SAFE_URL.test(b.url)) return el("button", { type: "button", onclick: () => window.open(b.url, "_blank", "noopener") }, `${b.text} ↗`);
  return el("button", { type: "button", disabled: true, title: STRINGS.unsupportedButton }, b.text);
}

/** eGov mobile's launch link: the playground has no phone, so it offers to do what the app would. */
const EGOV_MOBILE_LINK = /[?&]link=[^&]*%2Fsign%2Fmobile%2F/i;
function phoneHelper(p, b) {
  if (typeof b.url !== "string" || !EGOV_MOBILE_LINK.test(b.url)) return [];
  return [el("button", { type: "button", class: "phone-helper", title: STRINGS.phoneSignTitle, onclick: async () => {
    await act(p, "/playground/api/phone/sign", { ...target(p), link: b.url });
  } }, STRINGS.phoneSign)];
}

function renderReplyKeyboard(p, kb) {
  const signature = kb ? JSON.stringify(kb) : null;
  if (!kb || p.hiddenKeyboard === signature) { p.replyKb.hidden = true; p.replyKb.replaceChildren(); return; }
  p.replyKb.hidden = false;
  p.replyKb.replaceChildren(...kb.keyboard.map((row) => el("div", { class: "row" }, ...row.map((b) => {
    const text = typeof b === "string" ? b : b.text;
    const contact = typeof b === "object" && b.request_contact;
    return el("button", { type: "button", onclick: async () => {
      if (kb.one_time_keyboard) p.hiddenKeyboard = signature;
      if (contact) await act(p, "/playground/api/contact", target(p));
      else await sendText(p, text);
    } }, text);
  }))));
}

async function refresh(p) {
  if (!p.userId) { p.list.replaceChildren(el("div", { class: "service" }, STRINGS.noUsers)); return; }
  const t = target(p);
  const query = new URLSearchParams(Object.entries(t).map(([k, v]) => [k, String(v)]));
  const data = await api.get(`/playground/api/chat?${query}`);
  const items = data.messages.filter((i) => p.kind !== "group" || p.threadId === undefined || i.message.message_thread_id === p.threadId);
  const stick = p.stick || p.firstRender !== false;
  p.list.replaceChildren(...items.map((i) => messageNode(p, i)));
  // A chat nobody has written in yet: the bot's description and START, as Telegram shows them.
  if (p.kind !== "group" && items.length === 0) p.list.append(introNode(p, data.description));
  if (data.blocked) p.list.append(el("div", { class: "service" }, STRINGS.blocked));
  p.firstRender = false;
  renderReplyKeyboard(p, data.replyKeyboard);
  renderCommands(p, data.commands || []);
  if (stick) { p.stick = true; p.list.scrollTop = p.list.scrollHeight; }
}

function introNode(p, description) {
  return el("div", { class: "intro" },
    ...(description ? [el("div", { class: "bubble" }, el("div", { class: "sender" }, STRINGS.intro), description)] : []),
    el("button", { type: "button", class: "start", onclick: () => sendText(p, "/start") }, STRINGS.start));
}

function setTyping(p) {
  p.status.textContent = STRINGS.typing;
  p.status.classList.add("typing");
  clearTimeout(p.typingTimer);
  p.typingTimer = setTimeout(() => { p.status.textContent = ""; p.status.classList.remove("typing"); }, 5000);
}

async function loadWorld() {
  world = await api.get("/playground/api/state");
  document.getElementById("subtitle").textContent = STRINGS.subtitle(world.bots.length, world.users.length);
}

async function handle(events) {
  if (events.some((e) => e.type === "directory")) {
    await loadWorld();
    for (const p of panels) fillUsers(p);
  }
  const stale = new Set();
  for (const e of events) {
    for (const p of panels) {
      if (e.type === "directory") { stale.add(p); continue; }
      if (e.chatKey !== panelKey(p)) continue;
      if (e.type === "chat_action") setTyping(p);
      else if (e.type === "callback_answer") {
        if (e.url && SAFE_URL.test(e.url)) window.open(e.url, "_blank", "noopener");
        else if (e.text && e.showAlert) alertBox(e.text);
        else if (e.text) toast(p, e.text);
      } else {
        stale.add(p);
        if (e.type === "message" && e.sender === "bot") { p.status.textContent = ""; p.status.classList.remove("typing"); }
      }
    }
  }
  await Promise.all([...stale].map(refresh));
}

async function pollLoop() {
  for (;;) {
    try {
      const res = await api.get(`/playground/api/events?after=${seq}&timeout=25`);
      seq = res.seq;
      if (res.events.length) await handle(res.events);
    } catch {
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
}

async function addUser() {
  const firstName = prompt(STRINGS.askName);
  if (!firstName) return;
  const lang = (prompt(STRINGS.askLang, "kk") || "kk").trim();
  await api.post("/playground/api/users", { firstName, lang: ["kk", "ru"].includes(lang) ? lang : "ru" });
}

async function boot() {
  document.getElementById("add-user").textContent = STRINGS.addUser;
  document.getElementById("add-user").addEventListener("click", addUser);
  document.getElementById("modal-ok").addEventListener("click", () => { document.getElementById("modal").hidden = true; });
  // A tap outside an open menu closes it, as in Telegram.
  document.addEventListener("click", (ev) => {
    if (!ev.target.closest || !ev.target.closest(".popup, .menu-button, .attach")) panels.forEach(closePopups);
  });
  await loadWorld();
  seq = world.seq;
  const pick = (i) => world.users.length ? world.users[i % world.users.length].id : undefined;
  world.bots.forEach((b, i) => panels.push(makePanel({ kind: "bot", botId: b.id, label: b.label, username: b.username, userId: pick(i) })));
  if (world.group) panels.push(makePanel({ kind: "group", userId: world.group.members[world.group.members.length - 1] ?? pick(world.bots.length) }));
  const root = document.getElementById("panels");
  for (const p of panels) { root.append(p.root); fillUsers(p); }
  document.getElementById("tabs").replaceChildren(...panels.map((p, i) =>
    el("button", { type: "button", role: "tab", onclick: () => showPanel(i) }, p.kind === "group" ? world.group.title : p.label)));
  showPanel(0);
  await Promise.all(panels.map(refresh));
  await openDeepLink();
  document.body.dataset.ready = "true";
  pollLoop();
}

/** On a phone one chat is shown at a time; the tabs switch between them. */
function showPanel(index) {
  panels.forEach((p, i) => p.root.classList.toggle("active", i === index));
  [...document.getElementById("tabs").children].forEach((t, i) => t.setAttribute("aria-selected", String(i === index)));
  const p = panels[index];
  if (p) p.list.scrollTop = p.list.scrollHeight;
}

/**
 * `/playground?bot=<username or "provider">&start=<payload>` plays a t.me deep link: the chosen
 * bot's chat sends `/start <payload>` (e.g. a staff invite printed by `npm run staff:invite`).
 */
async function openDeepLink() {
  const params = new URLSearchParams(location.search);
  const start = params.get("start");
  const which = params.get("bot");
  if (!start || !which) return;
  const index = which === "provider" ? 1 : which === "parent" ? 0 : world.bots.findIndex((b) => b.username === which);
  const p = panels.filter((x) => x.kind === "bot")[index];
  if (!p || !/^[A-Za-z0-9_-]{1,64}$/.test(start)) return;
  showPanel(panels.indexOf(p));
  await sendText(p, `/start ${start}`);
  history.replaceState(null, "", location.pathname);
}

boot();

/**
 * SIGEX as the eGov mobile backend, for an operator without its own mgovSign registration:
 * SIGEX (`SIGEX_URL`) answers eGov mobile, and this server uses its egovQr flow —
 *
 * - `POST /api/egovQr` registers a procedure: the QR code (a picture), the launch links, and the
 *   addresses to send the data to and collect the signatures from;
 * - `POST <dataURL>` hands over the statement (answered once the app has taken it);
 * - `GET <signURL>` answers with the signature once the parent has signed.
 *
 * The two waits run in the background after the parent got the QR code, until the session
 * expires or the system stops; the signature is then verified and recorded exactly as one
 * PUT by eGov mobile to this server (the parent hears through the outbox). The procedure's
 * addresses are kept on the session, so the next start goes on waiting (`resume`): a parent
 * who signs in the app while the system restarts is not lost. Two instances that both wait
 * record the signature once (the session is used once).
 *
 * A signature for a parent's QR code that no longer works (replaced by a new one or by an edit,
 * run out) is not taken, and the parent is told so through the outbox: eGov mobile showed them
 * success. A QR code replaced before the app took its statement is no longer waited for.
 */
import type { Db } from "#root/db/client.ts";
import {
  consumeRelayedMobileSigningSession,
  endMobileSigningSession,
  findMobileSigningSession,
  keepSigningRelay,
  liveRelayedSessions,
  type SigningRelay,
} from "#root/db/queries/mobile-signing.ts";
import type { Logger } from "#root/log.ts";
import type { OpenResultSigning } from "./result-signing.ts";
import { decodeCms } from "./signing.ts";
import {
  documentToSign,
  recordMobileSignature,
  resultSigningDescription,
  startMobileSession,
  statementSigningDescription,
  startStaffMobileSession,
  tellRelayedRefusal,
  type statementDescription,
  type MobileSigningBackend,
  type MobileSigningLink,
} from "./signing-mobile.ts";
import type { NcanodeOptions, RevocationPolicy, TrustStore } from "./signatures/index.ts";

/** SIGEX could not register the procedure: the parent is offered the other ways. */
export class SigexUnavailableError extends Error {
  override name = "SigexUnavailableError";
}

export interface SigexOptions {
  /** SIGEX's base address, e.g. https://sigex.kz */
  url: string;
  ttlMs: number;
  trust: TrustStore;
  revocation: RevocationPolicy;
  ncanode?: NcanodeOptions;
  log: Logger;
  /** Ends every wait (the system is stopping). */
  signal?: AbortSignal;
  fetch?: (url: string, init?: RequestInit) => Promise<Response>;
  /** The pause before asking again after SIGEX could not be reached (default 2 s). */
  retryMs?: number;
  now?: () => Date;
}

/** A relayed session as its wait knows it. */
interface Session {
  /** The session's key (the hash of its id: the id itself is SIGEX's business, never handed out by us). */
  idHash: string;
  applicationId: string;
  expiresAt: Date;
}

/** A wait of this process: whose application, whether the app has taken the document, what stops it. */
interface Following {
  applicationId: string;
  handedOver: boolean;
  stop: AbortController;
}

interface Registration {
  qrCode: string;
  dataURL: string;
  signURL: string;
  eGovMobileLaunchLink: string;
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      "abort",
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });

/** What SIGEX hands eGov mobile: the document (a statement, or a school's result), to be signed as CMS without the data. */
function dataFor(described: ReturnType<typeof statementDescription>, document: { bytes: Uint8Array }): unknown {
  return {
    signMethod: "CMS_SIGN_ONLY",
    documentsToSign: [
      { id: 1, ...described, document: { file: { mime: "@file/pdf", data: Buffer.from(document.bytes).toString("base64") } } },
    ],
  };
}

export function sigexBackend(opts: SigexOptions): MobileSigningBackend<MobileSigningLink & { qrImage: Uint8Array }> & {
  /**
   * Staff "Sign and issue" in eGov mobile through SIGEX: a session over the document of their
   * result signing session (undefined when that no longer works or is not theirs).
   */
  startStaff(
    db: Db,
    input: { resultSessionId: number; staffId: number; now: Date },
  ): Promise<(MobileSigningLink & { qrImage: Uint8Array; signing: OpenResultSigning }) | undefined>;
  /** Go on waiting for the relayed sessions that still work (after a restart): how many. */
  resume(db: Db): Promise<number>;
  idle(): Promise<void>;
} {
  const doFetch = opts.fetch ?? ((url, init) => fetch(url, init));
  const now = opts.now ?? (() => new Date());
  const waits = new Set<Promise<void>>();
  /**
   * The sessions this process waits for (a resume does not wait for one twice): whose
   * application, whether the app has taken the document, and what stops the wait.
   */
  const following = new Map<string, Following>();

  function follow(db: Db, session: Session, relay: SigningRelay, resumed = false): void {
    const followed = { applicationId: session.applicationId, handedOver: relay.handedOver, stop: new AbortController() };
    following.set(session.idHash, followed);
    const pending = wait(db, session, relay, followed, resumed);
    waits.add(pending);
    void pending.finally(() => {
      waits.delete(pending);
      following.delete(session.idHash);
    });
  }

  /**
   * A new session for `session.applicationId` replaced its earlier ones: the waits of those whose
   * document the app has not taken end (nobody can sign them now). One already taken is still
   * waited for: a signature made with it is not taken, and the parent is told.
   */
  function replaced(session: Session): void {
    for (const [idHash, followed] of following) {
      if (idHash !== session.idHash && followed.applicationId === session.applicationId && !followed.handedOver) followed.stop.abort();
    }
  }

  /**
   * Register a procedure with SIGEX for `session`, keep its addresses on the session (a restart
   * from here on goes on with it), and wait for the signature in the background. SIGEX down or
   * refusing: the session is ended and {@link SigexUnavailableError} thrown.
   */
  async function relayed(db: Db, session: Session, description: string): Promise<MobileSigningLink & { qrImage: Uint8Array }> {
    replaced(session);
    let reg: Registration;
    try {
      reg = await call<Registration>(`${opts.url}/api/egovQr`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ description }),
        signal: AbortSignal.timeout(15_000),
      });
    } catch (err) {
      await endMobileSigningSession(db, { idHash: session.idHash, now: now() });
      throw err instanceof SigexUnavailableError ? err : new SigexUnavailableError(`SIGEX unreachable: ${(err as Error).message}`);
    }
    const relay = { dataURL: reg.dataURL, signURL: reg.signURL, handedOver: false };
    await keepSigningRelay(db, { idHash: session.idHash, relay });
    follow(db, session, relay);
    return {
      qrImage: new Uint8Array(Buffer.from(reg.qrCode, "base64")),
      launchUrl: reg.eGovMobileLaunchLink,
      expiresAt: session.expiresAt,
    };
  }

  /** A JSON answer from SIGEX; a refusal (`message`) or a bad status throws. */
  async function call<T>(url: string, init: RequestInit): Promise<T> {
    const res = await doFetch(url, { ...init, cache: "no-store" });
    const body = (await res.json().catch(() => ({}))) as T & { message?: string };
    if (!res.ok || body.message)
      throw new SigexUnavailableError(`SIGEX ${url.replace(/\/[^/]*$/, "/…")}: ${res.status} ${body.message ?? ""}`.trim());
    return body;
  }

  /** Ask until answered: a lost connection is asked again, a refusal ends it. */
  async function untilAnswered<T>(url: string, init: RequestInit, signal: AbortSignal): Promise<T> {
    for (;;) {
      try {
        return await call<T>(url, { ...init, signal });
      } catch (err) {
        if (signal.aborted || err instanceof SigexUnavailableError) throw err;
        await sleep(opts.retryMs ?? 2000, signal);
      }
    }
  }

  /**
   * Hand the session's document over (unless it was, before a restart) — read when it is handed
   * over, as the app's own request would get it — then wait for the signature and record it.
   */
  async function wait(db: Db, session: Session, relay: SigningRelay, followed: Following, resumed: boolean): Promise<void> {
    const signal = AbortSignal.any([
      AbortSignal.timeout(Math.max(0, session.expiresAt.getTime() - now().getTime())),
      followed.stop.signal,
      ...(opts.signal ? [opts.signal] : []),
    ]);
    try {
      if (!relay.handedOver) {
        const doc = await documentToSign(db, await findMobileSigningSession(db, { idHash: session.idHash, now: now() }), now());
        if (!doc.ok) throw new Error(`the session's document is gone (${doc.reason})`);
        const body = JSON.stringify(dataFor(doc.described, doc));
        try {
          await untilAnswered(relay.dataURL, { method: "POST", headers: { "Content-Type": "application/json" }, body }, signal);
        } catch (err) {
          // After a restart the app may have taken the document already — the stop came before that
          // was noted —, and SIGEX then refuses it a second time: the parent in the app is still
          // waited for, and their signature taken (it is checked against the session's document).
          if (!resumed || !(err instanceof SigexUnavailableError)) throw err;
          opts.log.info({ error: err.message }, "SIGEX refused the document again after a restart: waiting for the signature");
        }
        followed.handedOver = true;
        // Only a restart reads it (to not hand the statement over twice): a failure here does not end the wait.
        await keepSigningRelay(db, { idHash: session.idHash, relay: { ...relay, handedOver: true } }).catch((err: Error) =>
          opts.log.warn({ error: err.message }, "SIGEX: could not note that the statement was handed over"),
        );
      }
      const signed = await untilAnswered<{ documentsToSign?: Array<{ document?: { file?: { data?: unknown } } }> }>(
        relay.signURL,
        { method: "GET" },
        signal,
      );
      const cms = signed.documentsToSign?.[0]?.document?.file?.data;
      const der = typeof cms === "string" ? decodeCms(cms) : null;
      if (!der) {
        opts.log.warn("SIGEX answered without a CMS: nothing recorded");
        return;
      }
      const outcome = await recordMobileSignature(
        db,
        await consumeRelayedMobileSigningSession(db, { idHash: session.idHash, now: now() }),
        der,
        {
          now: now(),
          trust: opts.trust,
          revocation: opts.revocation,
          ...(opts.ncanode ? { ncanode: opts.ncanode } : {}),
        },
      );
      if (outcome.status === "refused") {
        const told = await tellRelayedRefusal(db, { idHash: session.idHash, reason: outcome.reason });
        opts.log.info({ reason: outcome.reason, told }, "SIGEX signature for a session that no longer works");
      } else
        opts.log.info({ sessionKind: outcome.status === "result" ? "staff" : "parent" }, "eGov mobile signature received through SIGEX");
    } catch (err) {
      // expired, replaced before the app took it, or the system is stopping: the parent asks for a new QR code
      if (signal.aborted) return;
      opts.log.warn({ error: (err as Error).message }, "SIGEX signing procedure failed");
    }
  }

  return {
    kind: "sigex",
    async start(db, input) {
      const session = await startMobileSession(db, { ...input, ttlMs: opts.ttlMs });
      return relayed(db, { ...session, applicationId: session.application.id }, statementSigningDescription(session.application));
    },
    async startStaff(db, input) {
      const started = await startStaffMobileSession(db, { ...input, ttlMs: opts.ttlMs });
      if (!started) return undefined;
      const session = { ...started, applicationId: started.signing.application.id };
      return { ...(await relayed(db, session, resultSigningDescription(started.signing))), signing: started.signing };
    },
    async resume(db) {
      const live = await liveRelayedSessions(db, now());
      const resumed = live.filter((session) => !following.has(session.idHash));
      for (const session of resumed) follow(db, session, session.relay, true);
      if (resumed.length > 0) opts.log.info({ count: resumed.length }, "eGov mobile signing through SIGEX: waits resumed");
      return resumed.length;
    },
    async idle() {
      while (waits.size > 0) await Promise.all([...waits]);
    },
  };
}

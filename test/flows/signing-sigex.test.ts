/**
 * eGov mobile through SIGEX (an operator without its own mgovSign registration), on PGlite and
 * (with DATABASE_URL) PostgreSQL, against a stand-in for SIGEX's egovQr flow with the phone
 * built in: the statement goes to SIGEX, the parent signs in the app, the signature comes back
 * and is verified and recorded as any other.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Database } from "#root/db/client.ts";
import { importSchools } from "#root/db/import-schools.ts";
import { getApplication } from "#root/db/queries/applications.ts";
import { getStoredFile } from "#root/db/queries/files.ts";
import { listIssued } from "#root/db/queries/issued.ts";
import { liveRelayedSessions } from "#root/db/queries/mobile-signing.ts";
import { setStaffIin } from "#root/db/queries/staff.ts";
import { changeStatus } from "#root/flows/applications.ts";
import { openResultSigning, startResultSigning } from "#root/flows/result-signing.ts";
import { mobileSigningSessions, outbox, signatures } from "#root/db/schema.ts";
import { makeIin } from "#root/flows/iin.ts";
import { sigexBackend, SigexUnavailableError } from "#root/flows/signing-sigex.ts";
import { trustStoreFrom } from "#root/flows/signatures/index.ts";
import { createLogger } from "#root/log.ts";
import { backends } from "#root/test/helpers/databases.ts";
import { DRAFT_SCHOOL_CSV, parentWithDraft } from "#root/test/helpers/drafts.ts";
import { issueTestSigner, testPki } from "#root/test/helpers/eds-test-ca.ts";
import { seedSchool, seedStaff, submittedApplication } from "#root/test/helpers/fixtures.ts";
import { startOcspResponder, type LocalResponder } from "#root/test/helpers/ocsp-responder.ts";
import { readQrImage } from "#root/test/helpers/qr.ts";
import { SIGEX_URL, SigexStandin } from "#root/test/helpers/sigex-standin.ts";

describe.each(backends)("signing in eGov mobile through SIGEX on $name", (backend) => {
  let database: Database & { dispose(): Promise<void> };
  let db: Database["db"];
  let responder: LocalResponder;
  const pki = testPki();
  const sigex = new SigexStandin();
  const stop = new AbortController();
  let relay: ReturnType<typeof sigexBackend>;

  beforeAll(async () => {
    database = await backend.open();
    db = database.db;
    await importSchools(db, DRAFT_SCHOOL_CSV);
    responder = await startOcspResponder();
    relay = sigexBackend({
      url: SIGEX_URL,
      ttlMs: 15 * 60_000,
      trust: trustStoreFrom([pki.ca.certPem]),
      revocation: { mode: "ocsp", ocsp: { url: responder.url } },
      log: createLogger("silent"),
      signal: stop.signal,
      fetch: sigex.fetch,
      retryMs: 10,
    });
  });
  afterAll(async () => {
    stop.abort();
    await relay?.idle();
    await responder?.close();
    await database?.dispose();
  });

  /** A backend of the test's own (revocation not asked), whose waits `signal` stops, as a stop of the system does. */
  const backendStoppedBy = (signal: AbortSignal, more: { retryMs?: number; fetch?: typeof sigex.fetch } = {}) =>
    sigexBackend({
      url: SIGEX_URL,
      ttlMs: 15 * 60_000,
      trust: trustStoreFrom([pki.ca.certPem]),
      revocation: { mode: "off", why: "test" },
      log: createLogger("silent"),
      fetch: sigex.fetch,
      signal,
      ...more,
    });

  it("hands the statement to SIGEX, and the signature made in the app signs the application and reaches the bot", async () => {
    const { parent, app } = await parentWithDraft(db, pki.iin, new Date());
    const link = await relay.start(db, { applicationId: app.id, parentId: parent.id, now: new Date() });
    expect(await readQrImage(link.qrImage)).toMatch(/^mobileSign:https:\/\/sigex\.test\//);
    expect(link.launchUrl).toMatch(/^https:\/\/mgovsign\.page\.link\/\?link=/);

    const signedPdf = await sigex.phoneSigns();
    const withStatement = (await getApplication(db, app.id))!;
    const statement = (await getStoredFile(db, withStatement.statementFileId!))!;
    expect(Buffer.from(signedPdf).equals(Buffer.from(statement.bytes))).toBe(true);
    const procedure = await sigex.latest();
    expect(procedure.description).toBe(`№ ${app.number} өтінішке қол қою`);
    expect(procedure.data).toMatchObject({
      signMethod: "CMS_SIGN_ONLY",
      documentsToSign: [{ nameRu: `Заявление № ${app.number}.pdf`, document: { file: { mime: "@file/pdf" } } }],
    });

    await relay.idle();
    expect((await getApplication(db, app.id))!.status).toBe("signed");
    const [sig] = await db.select().from(signatures).where(eq(signatures.applicationId, app.id));
    expect(sig).toMatchObject({ method: "eds", valid: true, signerIin: pki.iin });
    const rows = await db
      .select()
      .from(outbox)
      .where(eq(outbox.recipient, String(parent.telegramId)));
    expect(rows.map((r) => r.payload)).toEqual([
      { template: "signing-result", applicationId: app.id, number: app.number, lang: "kk", valid: true, failed: [] },
    ]);
  });

  it("another person's signature coming back from SIGEX does not sign, and the parent is told", async () => {
    const { parent, app } = await parentWithDraft(db, makeIin("1990-06-30", "male"), new Date());
    await relay.start(db, { applicationId: app.id, parentId: parent.id, now: new Date() });
    await sigex.phoneSigns();
    await relay.idle();
    expect((await getApplication(db, app.id))!.status).toBe("draft");
    const [row] = await db
      .select()
      .from(outbox)
      .where(eq(outbox.recipient, String(parent.telegramId)));
    expect(row!.payload).toMatchObject({ valid: false, failed: ["other_person"] });
  });

  it("a signature for a QR code the parent has since replaced is not taken, and the parent is told to scan the latest one", async () => {
    const { parent, app } = await parentWithDraft(db, pki.iin, new Date());
    await relay.start(db, { applicationId: app.id, parentId: parent.id, now: new Date() });
    const first = await sigex.latest();
    // eGov mobile has taken the first QR code's statement: the parent is signing it there
    const [firstSession] = await db.select().from(mobileSigningSessions).where(eq(mobileSigningSessions.applicationId, app.id));
    await vi.waitFor(async () => {
      const [row] = await db.select().from(mobileSigningSessions).where(eq(mobileSigningSessions.idHash, firstSession!.idHash));
      expect(row!.relay?.handedOver).toBe(true);
    });
    await relay.start(db, { applicationId: app.id, parentId: parent.id, now: new Date() });
    // the app signs the first procedure only now
    const pdf = Buffer.from(first.data!.documentsToSign[0]!.document.file.data, "base64");
    const { signCms } = await import("#root/test/helpers/eds-test-ca.ts");
    first.signed.resolve(signCms(new Uint8Array(pdf)));
    await sigex.phoneSigns({ signer: pki.auth }); // and the second with the wrong key, so that wait ends too
    await relay.idle();
    const sigs = await db.select().from(signatures).where(eq(signatures.applicationId, app.id));
    expect(sigs.map((s) => s.valid)).toEqual([false]);
    expect((await getApplication(db, app.id))!.status).toBe("draft");
    // eGov mobile said "signed" for the first QR code: the bot says it was not taken, and why
    const told = await db
      .select()
      .from(outbox)
      .where(eq(outbox.recipient, String(parent.telegramId)));
    expect(told.map((r) => r.payload).sort((a, b) => String(a.failed).localeCompare(String(b.failed)))).toEqual([
      { template: "signing-result", applicationId: app.id, number: app.number, lang: "kk", valid: false, failed: ["authentication_key"] },
      { template: "signing-result", applicationId: app.id, number: app.number, lang: "kk", valid: false, failed: ["qr_replaced"] },
    ]);
  });

  it("a QR code replaced before eGov mobile took its statement is not waited for any more; the new one signs", async () => {
    const { parent, app } = await parentWithDraft(db, pki.iin, new Date());
    // SIGEX holds the first hand-over until the app takes the statement (here: never)
    let held: AbortSignal | undefined;
    const holding = (url: string, init?: RequestInit): Promise<Response> => {
      if (init?.method !== "POST" || url === `${SIGEX_URL}/api/egovQr` || held) return sigex.fetch(url, init);
      held = init.signal!;
      return new Promise((_, reject) => held!.addEventListener("abort", () => reject(held!.reason), { once: true }));
    };
    const stopping = new AbortController();
    const own = backendStoppedBy(stopping.signal, { fetch: holding });
    try {
      await own.start(db, { applicationId: app.id, parentId: parent.id, now: new Date() });
      await vi.waitFor(() => expect(held).toBeDefined());
      const first = sigex.procedures.at(-1)!;
      await own.start(db, { applicationId: app.id, parentId: parent.id, now: new Date() });
      await vi.waitFor(() => expect(held!.aborted).toBe(true));
      expect(first.dataPosts).toBe(0);
      await sigex.phoneSigns();
      await vi.waitFor(async () => expect((await getApplication(db, app.id))!.status).toBe("signed"));
    } finally {
      stopping.abort();
      await own.idle();
    }
  });

  it("staff sign and issue a school's document in eGov mobile through SIGEX; another person's key issues nothing", async () => {
    const bin = "990140000303";
    const school = await seedSchool(db, bin, "Школа №303");
    const iin = makeIin("1984-02-03", "female", 613);
    const staff = {
      ...(await seedStaff(db, { schoolId: school.id, telegramId: 63_001, role: "specialist", fullName: "Сауле Ахметова" })),
      iin,
    };
    await setStaffIin(db, staff.id, iin);
    const key = issueTestSigner({ commonName: "АХМЕТОВА САУЛЕ", iin });
    const stranger = issueTestSigner({ commonName: "ЖУМАБЕКОВ ЕРЛАН", iin: makeIin("1979-11-21", "male", 614) });
    const stopping = new AbortController();
    const own = backendStoppedBy(stopping.signal);
    /** A registered meals application of the school and a "Sign and issue" link for its certificate. */
    const pending = async (parentTelegramId: number) => {
      const now = new Date();
      const app = await submittedApplication(db, { serviceId: "meals", schoolId: school.id, parentTelegramId, now });
      const principal = { kind: "staff", staffId: staff.id, role: "specialist", schoolId: school.id } as const;
      const reg = await changeStatus(db, { applicationId: app.id, action: "register", principal, now });
      if (!reg.ok) throw new Error(`register: ${reg.reason}`);
      const kind = "certificate" as const;
      const link = await startResultSigning(db, {
        staff,
        application: reg.application,
        action: "issue",
        kind,
        now,
        publicUrl: "https://x.kz",
      });
      return { app: reg.application, link };
    };
    try {
      const { app, link } = await pending(63_101);
      // Another staff member cannot start eGov mobile on this link.
      expect(await own.startStaff(db, { resultSessionId: link.sessionId, staffId: staff.id + 1000, now: new Date() })).toBeUndefined();
      const qr = await own.startStaff(db, { resultSessionId: link.sessionId, staffId: staff.id, now: new Date() });
      expect(await readQrImage(qr!.qrImage)).toMatch(/^mobileSign:https:\/\/sigex\.test\//);
      const procedure = await sigex.latest();
      expect(procedure.description).toContain(link.documentNumber);
      await sigex.phoneSigns({ signer: key });
      await vi.waitFor(async () => expect(await listIssued(db, app.id)).toHaveLength(1));
      expect((await getApplication(db, app.id))!.status).not.toBe(app.status);

      const other = await pending(63_102);
      await own.startStaff(db, { resultSessionId: other.link.sessionId, staffId: staff.id, now: new Date() });
      await sigex.phoneSigns({ signer: stranger });
      await vi.waitFor(async () => {
        const [session] = await db.select().from(mobileSigningSessions).where(eq(mobileSigningSessions.applicationId, other.app.id));
        expect(session!.usedAt).not.toBeNull();
      });
      await own.idle();
      expect(await listIssued(db, other.app.id)).toEqual([]);
      expect((await getApplication(db, other.app.id))!.status).toBe(other.app.status);
    } finally {
      stopping.abort();
      await own.idle();
    }

    // A restart before the document was noted as handed over: the next start hands the same
    // document over again and the staff member's signature issues it.
    const third = await pending(63_103);
    const before = new AbortController();
    const first = backendStoppedBy(before.signal);
    await first.startStaff(db, { resultSessionId: third.link.sessionId, staffId: staff.id, now: new Date() });
    const procedure = await sigex.latest();
    before.abort();
    await first.idle();
    const thirds = eq(mobileSigningSessions.applicationId, third.app.id);
    const [cut] = await db.select().from(mobileSigningSessions).where(thirds);
    await db
      .update(mobileSigningSessions)
      .set({ relay: { ...cut!.relay!, handedOver: false } })
      .where(thirds);
    const after = new AbortController();
    const next = backendStoppedBy(after.signal);
    try {
      expect(await next.resume(db)).toBeGreaterThanOrEqual(1);
      await vi.waitFor(() => expect(procedure.dataPosts).toBe(2));
      const pdf = Buffer.from(procedure.data!.documentsToSign[0]!.document.file.data, "base64");
      const open = await openResultSigning(db, { token: third.link.token, now: new Date() });
      expect(open.ok && Buffer.from(open.signing.document.bytes).equals(pdf)).toBe(true);
      await sigex.phoneSigns({ signer: key });
      await vi.waitFor(async () => expect(await listIssued(db, third.app.id)).toHaveLength(1));
    } finally {
      after.abort();
      await next.idle();
    }
  });

  it("when SIGEX is down the parent is told at once, and nothing waits", async () => {
    const { parent, app } = await parentWithDraft(db, pki.iin, new Date());
    sigex.down = true;
    try {
      await expect(relay.start(db, { applicationId: app.id, parentId: parent.id, now: new Date() })).rejects.toBeInstanceOf(
        SigexUnavailableError,
      );
    } finally {
      sigex.down = false;
    }
    await relay.idle();
    expect((await getApplication(db, app.id))!.status).toBe("draft");
    expect(await db.select().from(signatures).where(eq(signatures.applicationId, app.id))).toEqual([]);
    // no session is left working for a QR code the parent never got
    const sessions = await db.select().from(mobileSigningSessions).where(eq(mobileSigningSessions.applicationId, app.id));
    expect(sessions.map((x) => x.replacedAt !== null)).toEqual([true]);
  });

  it("a wait ends when the system stops, recording nothing", async () => {
    const stopping = new AbortController();
    const own = backendStoppedBy(stopping.signal);
    const { parent, app } = await parentWithDraft(db, pki.iin, new Date());
    await own.start(db, { applicationId: app.id, parentId: parent.id, now: new Date() });
    await sigex.latest();
    stopping.abort();
    await own.idle();
    expect(await db.select().from(signatures).where(eq(signatures.applicationId, app.id))).toEqual([]);
    const [session] = await db.select().from(mobileSigningSessions).where(eq(mobileSigningSessions.applicationId, app.id));
    expect(session!.usedAt).toBeNull();
  });

  it("a wait cut by a restart goes on in the next start: the parent who signs in the app then is not lost", async () => {
    const { parent, app } = await parentWithDraft(db, pki.iin, new Date());
    const before = new AbortController();
    const first = backendStoppedBy(before.signal, { retryMs: 10 });
    await first.start(db, { applicationId: app.id, parentId: parent.id, now: new Date() });
    const procedure = await sigex.latest();
    const session = async () => (await db.select().from(mobileSigningSessions).where(eq(mobileSigningSessions.applicationId, app.id)))[0]!;
    await vi.waitFor(async () => expect((await session()).relay?.handedOver).toBe(true));
    before.abort(); // the system stops with the statement handed over, the parent still in the app
    await first.idle();

    const after = new AbortController();
    const next = backendStoppedBy(after.signal, { retryMs: 10 });
    try {
      expect(await next.resume(db)).toBeGreaterThanOrEqual(1);
      // A second resume in the same process does not wait for the same session twice.
      expect(await next.resume(db)).toBe(0);
      await sigex.phoneSigns();
      await vi.waitFor(async () => expect((await getApplication(db, app.id))!.status).toBe("signed"));
      const [sig] = await db.select().from(signatures).where(eq(signatures.applicationId, app.id));
      expect(sig).toMatchObject({ method: "eds", valid: true, signerIin: pki.iin });
      // The statement was handed over once, before the restart: not again.
      expect(procedure.dataPosts).toBe(1);
      expect((await session()).usedAt).not.toBeNull();
      // The used session is not waited for again.
      expect((await liveRelayedSessions(db, new Date())).map((x) => x.idHash)).not.toContain((await session()).idHash);
    } finally {
      after.abort();
      await next.idle();
    }
  });

  it("a restart before the hand-over was noted, SIGEX refusing the document again: the signature is still taken", async () => {
    const { parent, app } = await parentWithDraft(db, pki.iin, new Date());
    const before = new AbortController();
    const first = backendStoppedBy(before.signal, { retryMs: 10 });
    await first.start(db, { applicationId: app.id, parentId: parent.id, now: new Date() });
    const procedure = await sigex.latest();
    const ofApp = eq(mobileSigningSessions.applicationId, app.id);
    await vi.waitFor(async () => expect((await db.select().from(mobileSigningSessions).where(ofApp))[0]!.relay?.handedOver).toBe(true));
    before.abort();
    await first.idle();
    // The stop came before the hand-over was noted.
    const [cut] = await db.select().from(mobileSigningSessions).where(ofApp);
    await db
      .update(mobileSigningSessions)
      .set({ relay: { ...cut!.relay!, handedOver: false } })
      .where(ofApp);
    sigex.refuseDataAgain = true;
    const after = new AbortController();
    const next = backendStoppedBy(after.signal, { retryMs: 10 });
    try {
      expect(await next.resume(db)).toBeGreaterThanOrEqual(1);
      await sigex.phoneSigns();
      await vi.waitFor(async () => expect((await getApplication(db, app.id))!.status).toBe("signed"));
      expect(procedure.dataPosts).toBe(1);
    } finally {
      sigex.refuseDataAgain = false;
      after.abort();
      await next.idle();
    }
  });

  it("after a restart only the sessions that still work are waited for: not a replaced one, not one that ran out", async () => {
    const { parent, app } = await parentWithDraft(db, pki.iin, new Date());
    const stopping = new AbortController();
    const own = backendStoppedBy(stopping.signal);
    await own.start(db, { applicationId: app.id, parentId: parent.id, now: new Date() });
    await sigex.latest();
    await own.start(db, { applicationId: app.id, parentId: parent.id, now: new Date() }); // a new QR code: the first is replaced
    await sigex.latest();
    stopping.abort();
    await own.idle();
    const sessions = await db.select().from(mobileSigningSessions).where(eq(mobileSigningSessions.applicationId, app.id));
    expect(sessions.every((x) => x.relay?.signURL.startsWith(SIGEX_URL))).toBe(true);
    const replaced = sessions.find((x) => x.replacedAt !== null)!;
    const live = sessions.find((x) => x.replacedAt === null)!;
    const ids = (await liveRelayedSessions(db, new Date())).map((x) => x.idHash);
    expect(ids).toContain(live.idHash);
    expect(ids).not.toContain(replaced.idHash);
    const ranOut = new Date(live.expiresAt.getTime() + 1000);
    expect((await liveRelayedSessions(db, ranOut)).map((x) => x.idHash)).not.toContain(live.idHash);
  });
});

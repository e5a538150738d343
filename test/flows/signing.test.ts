/**
 * Signing a statement, on PGlite and (with DATABASE_URL) PostgreSQL: a single-use EDS link,
 * the parent's detached CMS verified against the stored statement, the application signed,
 * the attempt recorded and the parent's bot told; and the paper route.
 */
import { parentWithDraft } from "#root/test/helpers/drafts.ts";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "#root/db/client.ts";
import { importSchools } from "#root/db/import-schools.ts";
import { getApplication, listEvents } from "#root/db/queries/applications.ts";
import { getStoredFile, RejectedFileError, storeFile, storeSignatureFile } from "#root/db/queries/files.ts";
import { findSigningSession } from "#root/db/queries/signatures.ts";
import { outbox, signatures, storedFiles } from "#root/db/schema.ts";
import { changeStatus } from "#root/flows/applications.ts";
import { acceptUpload, sha256Hex } from "#root/flows/files.ts";
import { makeIin } from "#root/flows/iin.ts";
import {
  acceptEdsSignature,
  acceptPaperSignature,
  openSigningSession,
  SigningUnavailableError,
  startEdsSigning,
} from "#root/flows/signing.ts";
import { formOf, prepareStatement } from "#root/flows/statement.ts";
import { fillStage } from "#root/test/helpers/answers.ts";
import { trustStoreFrom, type RevocationPolicy, type TrustStore } from "#root/flows/signatures/index.ts";
import { backends } from "#root/test/helpers/databases.ts";
import { JPEG } from "#root/test/helpers/system.ts";
import { signAsTestParent, signCms, signCmsDer, testPki } from "#root/test/helpers/eds-test-ca.ts";
import { deadResponderUrl, startOcspResponder, type LocalResponder } from "#root/test/helpers/ocsp-responder.ts";

const SCHOOL_CSV = `region,district,name_kk,name_ru,bin
Алматы қаласы|город Алматы,Алмалы ауданы|Алмалинский район,№1 мектеп,Школа №1,990140000106
`;
const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const MINUTE = 60_000;

describe.each(backends)("signing on $name", (backend) => {
  let database: Database & { dispose(): Promise<void> };
  let db: Database["db"];
  let trust: TrustStore;
  let responder: LocalResponder;
  let revocation: RevocationPolicy;
  const pki = testPki();

  beforeAll(async () => {
    database = await backend.open();
    db = database.db;
    await importSchools(db, SCHOOL_CSV);
    trust = trustStoreFrom([pki.ca.certPem]);
    responder = await startOcspResponder();
    revocation = { mode: "ocsp", ocsp: { url: responder.url } };
  });
  afterAll(async () => {
    await responder?.close();
    await database?.dispose();
  });

  /** A draft of the test PKI's person with a fresh link, and the statement bytes the link shows. */
  async function linkFor(iin = pki.iin, now = new Date()) {
    const { parent, app } = await parentWithDraft(db, iin, now);
    const link = await startEdsSigning(db, { applicationId: app.id, parentId: parent.id, now });
    const withStatement = (await getApplication(db, app.id))!;
    const statement = (await getStoredFile(db, withStatement.statementFileId!))!;
    return { parent, app: withStatement, link, statement, now };
  }

  /** Everything a refused attempt must leave alone. */
  async function snapshot(appId: string) {
    const app = (await getApplication(db, appId))!;
    return {
      status: app.status,
      version: app.version,
      signatures: (await db.select().from(signatures).where(eq(signatures.applicationId, appId))).length,
      outbox: (await db.select().from(outbox)).length,
    };
  }

  it("a valid signature signs the application, stores the CMS and every check, and tells the parent's bot", async () => {
    const { parent, app, link, statement, now } = await linkFor();
    expect(link.path).toBe(`/sign/${link.token}`);
    expect(link.expiresAt.getTime() - now.getTime()).toBe(30 * MINUTE);
    expect(statement.mime).toBe("application/pdf");

    const cms = signAsTestParent(statement.bytes);
    const outcome = await acceptEdsSignature(db, { token: link.token, cms, now: new Date(now.getTime() + MINUTE), trust, revocation });
    expect(outcome.status).toBe("signed");

    expect((await getApplication(db, app.id))!.status).toBe("signed");
    const events = await listEvents(db, app.id);
    expect(events.at(-1)).toMatchObject({ action: "sign", actorKind: "system", fromStatus: "draft", toStatus: "signed" });

    const [sig] = await db.select().from(signatures).where(eq(signatures.applicationId, app.id));
    expect(sig).toMatchObject({ method: "eds", valid: true, signerIin: pki.iin, statementSha256: sha256Hex(statement.bytes) });
    const checks = (sig!.result.checks as Array<{ name: string; ok: boolean }>).map((c) => [c.name, c.ok]);
    expect(Object.fromEntries(checks)).toEqual({
      parse: true,
      algorithm_supported: true,
      message_digest: true,
      signature: true,
      signing_time: true,
      certificate_validity: true,
      signing_key: true,
      individual_eku: true,
      chain: true,
      revocation: true,
      iin_checksum: true,
      iin_match: true,
    });
    // the responder's signed answer is kept beside the signature, not inside the result
    expect(sig!.ocspResponse?.[0]).toBe(0x30);
    expect(sig!.result).not.toHaveProperty("ocspResponse");
    const stored = (await getStoredFile(db, sig!.fileId))!;
    expect(stored.mime).toBe("application/pkcs7-signature");
    expect(Buffer.from(stored.bytes).toString("base64")).toBe(cms);

    const rows = await db
      .select()
      .from(outbox)
      .where(eq(outbox.recipient, String(parent.telegramId)));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ channel: "parent", status: "pending" });
    expect(rows[0]!.payload).toEqual({
      template: "signing-result",
      applicationId: app.id,
      number: app.number,
      lang: "kk",
      valid: true,
      failed: [],
    });
  });

  it("a link works once: the second signature with it is refused and changes nothing", async () => {
    const { app, link, statement, now } = await linkFor();
    const cms = signAsTestParent(statement.bytes);
    expect((await acceptEdsSignature(db, { token: link.token, cms, now, trust, revocation })).status).toBe("signed");
    const before = await snapshot(app.id);
    expect(await acceptEdsSignature(db, { token: link.token, cms, now, trust, revocation })).toEqual({ status: "refused", reason: "used" });
    expect(await snapshot(app.id)).toEqual(before);
  });

  it("an expired link is refused and changes nothing", async () => {
    const { app, link, statement, now } = await linkFor();
    const before = await snapshot(app.id);
    const later = new Date(now.getTime() + 31 * MINUTE);
    expect(
      await acceptEdsSignature(db, { token: link.token, cms: signAsTestParent(statement.bytes), now: later, trust, revocation }),
    ).toEqual({ status: "refused", reason: "expired" });
    expect(await snapshot(app.id)).toEqual(before);
  });

  it("an unknown link is refused and changes nothing", async () => {
    const { app, statement, now } = await linkFor();
    const before = await snapshot(app.id);
    const token = "A".repeat(43);
    expect(await acceptEdsSignature(db, { token, cms: signAsTestParent(statement.bytes), now, trust, revocation })).toEqual({
      status: "refused",
      reason: "invalid",
    });
    expect(await snapshot(app.id)).toEqual(before);
  });

  it("no link is issued for another parent's application, nor for one that is no longer a draft", async () => {
    const mine = await parentWithDraft(db, pki.iin, new Date());
    const other = await parentWithDraft(db, makeIin("1979-11-02", "male"), new Date());
    const before = await snapshot(mine.app.id);
    await expect(startEdsSigning(db, { applicationId: mine.app.id, parentId: other.parent.id, now: new Date() })).rejects.toMatchObject({
      reason: "not_found",
    });
    expect(await snapshot(mine.app.id)).toEqual(before);
    expect((await getApplication(db, mine.app.id))!.statementFileId).toBeNull();

    await changeStatus(db, {
      applicationId: mine.app.id,
      action: "cancel",
      principal: { kind: "parent", userId: mine.parent.id },
      now: new Date(),
    });
    await expect(startEdsSigning(db, { applicationId: mine.app.id, parentId: mine.parent.id, now: new Date() })).rejects.toBeInstanceOf(
      SigningUnavailableError,
    );
  });

  it("a draft cancelled while the page was open is not signed, and nothing is recorded", async () => {
    const { parent, app, link, statement, now } = await linkFor();
    await changeStatus(db, { applicationId: app.id, action: "cancel", principal: { kind: "parent", userId: parent.id }, now });
    const before = await snapshot(app.id);
    expect(await acceptEdsSignature(db, { token: link.token, cms: signAsTestParent(statement.bytes), now, trust, revocation })).toEqual({
      status: "refused",
      reason: "not_draft",
    });
    expect(await snapshot(app.id)).toEqual(before);
  });

  it("a signature over other bytes is not accepted: the attempt is recorded, the parent told, and the link used up", async () => {
    const { parent, app, link, statement, now } = await linkFor();
    const changed = new Uint8Array(statement.bytes);
    changed[changed.length - 20]! ^= 0x01;
    const outcome = await acceptEdsSignature(db, { token: link.token, cms: signAsTestParent(changed), now, trust, revocation });
    expect(outcome.status).toBe("invalid");
    if (outcome.status !== "invalid") return;
    expect(outcome.problems).toEqual(["wrong_content"]);
    expect(outcome.result.checks.filter((c) => !c.ok)).toEqual([
      expect.objectContaining({ name: "message_digest", reason: "digest_mismatch" }),
    ]);

    expect((await getApplication(db, app.id))!.status).toBe("draft");
    const [sig] = await db.select().from(signatures).where(eq(signatures.applicationId, app.id));
    expect(sig).toMatchObject({ method: "eds", valid: false, signerIin: pki.iin, statementSha256: sha256Hex(statement.bytes) });
    const [row] = await db
      .select()
      .from(outbox)
      .where(eq(outbox.recipient, String(parent.telegramId)));
    expect(row!.payload).toMatchObject({ template: "signing-result", valid: false, failed: ["wrong_content"] });

    expect(await acceptEdsSignature(db, { token: link.token, cms: signAsTestParent(statement.bytes), now, trust, revocation })).toEqual({
      status: "refused",
      reason: "used",
    });
  });

  it("an authentication key does not sign: the signing_key check fails as authentication_key", async () => {
    const { app, link, statement, now } = await linkFor();
    const outcome = await acceptEdsSignature(db, {
      token: link.token,
      cms: signCms(statement.bytes, { signer: pki.auth }),
      now,
      trust,
      revocation,
    });
    expect(outcome.status).toBe("invalid");
    if (outcome.status !== "invalid") return;
    expect(outcome.problems).toEqual(["authentication_key"]);
    expect(outcome.result.checks.filter((c) => !c.ok).map((c) => [c.name, c.reason])).toEqual([["signing_key", "authentication_key"]]);
    expect((await getApplication(db, app.id))!.status).toBe("draft");
  });

  it("another person's key does not sign: the iin_match check fails", async () => {
    // The parent of this draft has another IIN than the test PKI's person who signs.
    const { parent, app, link, statement, now } = await linkFor(makeIin("1990-06-30", "male"));
    const outcome = await acceptEdsSignature(db, { token: link.token, cms: signAsTestParent(statement.bytes), now, trust, revocation });
    expect(outcome.status).toBe("invalid");
    if (outcome.status !== "invalid") return;
    expect(outcome.problems).toEqual(["other_person"]);
    expect(outcome.result.checks.filter((c) => !c.ok).map((c) => [c.name, c.reason])).toEqual([["iin_match", "other_person"]]);
    expect((await getApplication(db, app.id))!.status).toBe("draft");
    const [row] = await db
      .select()
      .from(outbox)
      .where(eq(outbox.recipient, String(parent.telegramId)));
    expect(row!.payload).toMatchObject({ valid: false, failed: ["other_person"] });
  });

  it("a revoked key does not sign: the parent is told the certificate is revoked", async () => {
    const { parent, app, link, statement, now } = await linkFor();
    const outcome = await acceptEdsSignature(db, {
      token: link.token,
      cms: signCms(statement.bytes, { signer: pki.revoked }),
      now,
      trust,
      revocation,
    });
    expect(outcome.status).toBe("invalid");
    if (outcome.status !== "invalid") return;
    expect(outcome.problems).toEqual(["revoked"]);
    expect((await getApplication(db, app.id))!.status).toBe("draft");
    const [sig] = await db.select().from(signatures).where(eq(signatures.applicationId, app.id));
    expect(sig!.ocspResponse?.[0]).toBe(0x30); // the "revoked" answer is the evidence
    const [row] = await db
      .select()
      .from(outbox)
      .where(eq(outbox.recipient, String(parent.telegramId)));
    expect(row!.payload).toMatchObject({ valid: false, failed: ["revoked"] });
  });

  it("when the CA's responder cannot be reached nothing is signed, and the parent is told to try again or sign on paper", async () => {
    const { parent, app, link, statement, now } = await linkFor();
    const down: RevocationPolicy = { mode: "ocsp", ocsp: { url: await deadResponderUrl() } };
    const outcome = await acceptEdsSignature(db, {
      token: link.token,
      cms: signAsTestParent(statement.bytes),
      now,
      trust,
      revocation: down,
    });
    expect(outcome.status).toBe("invalid");
    if (outcome.status !== "invalid") return;
    expect(outcome.problems).toEqual(["revocation_unavailable"]);
    expect((await getApplication(db, app.id))!.status).toBe("draft");
    const [sig] = await db.select().from(signatures).where(eq(signatures.applicationId, app.id));
    expect(sig).toMatchObject({ valid: false, ocspResponse: null });
    const [row] = await db
      .select()
      .from(outbox)
      .where(eq(outbox.recipient, String(parent.telegramId)));
    expect(row!.payload).toMatchObject({ valid: false, failed: ["revocation_unavailable"] });
  });

  it("a signature back-dated before the link was issued does not sign", async () => {
    const { link, statement, now } = await linkFor();
    const cms = signCms(statement.bytes, { signingTime: new Date(now.getTime() - 60 * MINUTE) });
    const outcome = await acceptEdsSignature(db, { token: link.token, cms, now, trust, revocation });
    expect(outcome).toMatchObject({ status: "invalid", problems: ["signing_time"] });
  });

  it("a certificate that has expired does not sign, though it claims a signing time when it and its CA were valid", async () => {
    const { app, link, statement, now } = await linkFor();
    const cms = signCms(statement.bytes, { signer: pki.lapsed, signingTime: new Date(now.getTime() - 60 * 24 * 60 * MINUTE) });
    const outcome = await acceptEdsSignature(db, { token: link.token, cms, now, trust, revocation });
    expect(outcome).toMatchObject({ status: "invalid", problems: ["signing_time", "certificate_expired"] });
    expect((await getApplication(db, app.id))!.status).toBe("draft");
  });

  it("every new link ends the application's earlier ones, which are refused as replaced; other applications' links live on", async () => {
    const { parent, app, link: first, statement, now } = await linkFor();
    const other = await linkFor();
    const second = await startEdsSigning(db, { applicationId: app.id, parentId: parent.id, now });
    const third = await startEdsSigning(db, { applicationId: app.id, parentId: parent.id, now });
    const before = await snapshot(app.id);
    for (const old of [first, second]) {
      expect(await acceptEdsSignature(db, { token: old.token, cms: signAsTestParent(statement.bytes), now, trust, revocation })).toEqual({
        status: "refused",
        reason: "replaced",
      });
    }
    expect(await snapshot(app.id)).toEqual(before);
    expect(
      (await acceptEdsSignature(db, { token: third.token, cms: signAsTestParent(statement.bytes), now, trust, revocation })).status,
    ).toBe("signed");
    expect(
      (await acceptEdsSignature(db, { token: other.link.token, cms: signAsTestParent(other.statement.bytes), now, trust, revocation }))
        .status,
    ).toBe("signed");
  });

  it("a link issued before the answers were changed shows nothing and signs nothing: the parent is sent for a new one", async () => {
    const { parent, app, link, statement, now } = await linkFor();
    const edit = async (grade: number) =>
      fillStage(db, { applicationId: app.id, stage: "child", answers: { ...formOf(app).child, grade }, now: new Date() });
    const signedWith = async (token: string, bytes: Uint8Array) =>
      acceptEdsSignature(db, { token, cms: signAsTestParent(bytes), now: new Date(now.getTime() + MINUTE), trust, revocation });
    // Edited while the page is open: no statement to show, none to sign.
    await edit(5);
    expect(await openSigningSession(db, { token: link.token, now })).toEqual({ ok: false, reason: "replaced" });
    expect(await signedWith(link.token, statement.bytes)).toEqual({ status: "refused", reason: "replaced" });
    // Edited and made again: the link does not show, nor take a signature over, a statement the parent did not see.
    const second = await startEdsSigning(db, { applicationId: app.id, parentId: parent.id, now });
    await edit(6);
    const made = await prepareStatement(db, app.id);
    expect(await openSigningSession(db, { token: second.token, now })).toEqual({ ok: false, reason: "replaced" });
    expect(await signedWith(second.token, made.bytes)).toEqual({ status: "refused", reason: "replaced" });
    expect((await getApplication(db, app.id))!.status).toBe("draft");
    expect(await db.select().from(signatures).where(eq(signatures.applicationId, app.id))).toEqual([]);
    // A new link shows the statement as it is now, and signs it.
    const fresh = await startEdsSigning(db, { applicationId: app.id, parentId: parent.id, now });
    const open = await openSigningSession(db, { token: fresh.token, now });
    expect(open.ok && open.signing.statement.sha256).toBe(made.sha256);
    expect((await signedWith(fresh.token, made.bytes)).status).toBe("signed");
  });

  it("taps at the same moment leave one live link", async () => {
    const { parent, app, now } = await linkFor();
    const links = await Promise.all(
      Array.from({ length: 5 }, () => startEdsSigning(db, { applicationId: app.id, parentId: parent.id, now })),
    );
    const live = [];
    for (const l of links) if ((await findSigningSession(db, l.token, now)).ok) live.push(l);
    expect(live).toHaveLength(1);
  });

  it("data that is not a CMS is refused without using the link up", async () => {
    const { app, link, statement, now } = await linkFor();
    const before = await snapshot(app.id);
    for (const cms of [
      "",
      "not base64!",
      Buffer.from("%PDF-1.7 hello").toString("base64"),
      signAsTestParent(statement.bytes).slice(0, 400),
    ]) {
      expect(await acceptEdsSignature(db, { token: link.token, cms, now, trust, revocation })).toEqual({
        status: "refused",
        reason: "malformed",
      });
    }
    expect(await snapshot(app.id)).toEqual(before);
    expect(
      (await acceptEdsSignature(db, { token: link.token, cms: signAsTestParent(statement.bytes), now, trust, revocation })).status,
    ).toBe("signed");
  });

  it("signature files are stored only through the signing flow; parents' uploads stay JPEG/PNG/PDF", async () => {
    const der = signCmsDer(new TextEncoder().encode("statement"));
    await expect(storeFile(db, { bytes: der })).rejects.toMatchObject({ reason: "unsupported_type" });
    await expect(storeSignatureFile(db, { bytes: PNG })).rejects.toBeInstanceOf(RejectedFileError);
    expect((await storeSignatureFile(db, { bytes: der })).mime).toBe("application/pkcs7-signature");
  });

  it("the paper route signs the parent's draft with the uploaded photo, pending staff review", async () => {
    const { parent, app, statement, now } = await linkFor();
    const photo = await acceptUpload(JPEG);
    if (!photo.ok) throw new Error("the test photo was refused");
    const stranger = await parentWithDraft(db, makeIin("1985-01-01", "female"), now);
    const files = async () => (await db.select({ id: storedFiles.id }).from(storedFiles)).length;
    const before = await files();
    expect(await acceptPaperSignature(db, { applicationId: app.id, parentId: stranger.parent.id, photo, now })).toEqual({
      ok: false,
      reason: "not_found",
    });
    expect(await acceptPaperSignature(db, { applicationId: stranger.app.id, parentId: stranger.parent.id, photo, now })).toEqual({
      ok: false,
      reason: "no_statement",
    });
    expect((await getApplication(db, app.id))!.status).toBe("draft");
    // A refused signing keeps nothing of the parent's photo.
    expect(await files()).toBe(before);

    const outcome = await acceptPaperSignature(db, { applicationId: app.id, parentId: parent.id, photo, now });
    expect(outcome.ok).toBe(true);
    expect((await getApplication(db, app.id))!.status).toBe("signed");
    const [sig] = await db.select().from(signatures).where(eq(signatures.applicationId, app.id));
    expect(sig).toMatchObject({ method: "paper", valid: true, statementSha256: statement.sha256, signerIin: null });
    expect(sig!.result).toMatchObject({ review: "pending", mime: "image/jpeg", fileSha256: photo.sha256 });
    // The signature's file is the photo as checked (re-encoded), stored with it.
    const stored = await getStoredFile(db, sig!.fileId);
    expect(stored).toMatchObject({ mime: "image/jpeg", sha256: photo.sha256, size: photo.size });
    expect(Buffer.from(stored!.bytes).equals(Buffer.from(photo.bytes))).toBe(true);
    expect(await files()).toBe(before + 1);
    expect((await listEvents(db, app.id)).at(-1)).toMatchObject({ action: "sign", actorKind: "parent", actorId: parent.id });
    expect(await acceptPaperSignature(db, { applicationId: app.id, parentId: parent.id, photo, now })).toEqual({
      ok: false,
      reason: "not_draft",
    });
    // The refused second upload left no signature and no file of its own: they go with the change.
    expect(await db.select().from(signatures).where(eq(signatures.applicationId, app.id))).toHaveLength(1);
    expect(await files()).toBe(before + 1);
  });

  it("a paper signature whose status change loses a race is not recorded either, nor its photo", async () => {
    const { parent, app, now } = await linkFor();
    const photo = await storeFile(db, { bytes: PNG, name: "signed.png" });
    const upload = await acceptUpload(JPEG);
    if (!upload.ok) throw new Error("the test photo was refused");
    const statement = (await getApplication(db, app.id))!;
    // Another update signed it between the read and the change (the row the change expects is older).
    const change = await changeStatus(db, {
      applicationId: app.id,
      application: statement,
      action: "sign",
      principal: { kind: "parent", userId: parent.id },
      expectedVersion: statement.version,
      signature: { method: "paper", fileId: photo.id, statementSha256: "x", valid: true, result: {}, signerIin: null },
      now,
    });
    expect(change).toMatchObject({ ok: true, signature: { method: "paper", fileId: photo.id } });
    const files = (await db.select({ id: storedFiles.id }).from(storedFiles)).length;
    const late = await changeStatus(db, {
      applicationId: app.id,
      application: statement,
      action: "sign",
      principal: { kind: "parent", userId: parent.id },
      expectedVersion: statement.version,
      signature: { method: "paper", upload, statementSha256: "y", valid: true, result: {}, signerIin: null },
      now,
    });
    expect(late.ok).toBe(false);
    const rows = await db.select().from(signatures).where(eq(signatures.applicationId, app.id));
    expect(rows.map((r) => r.statementSha256)).toEqual(["x"]);
    expect((await db.select({ id: storedFiles.id }).from(storedFiles)).length).toBe(files);
  });

  it("a status change made from an application read earlier loses to a change made since, and says who won", async () => {
    const { parent, app, now } = await linkFor();
    const photo = await acceptUpload(JPEG);
    if (!photo.ok) throw new Error("the test photo was refused");
    expect((await acceptPaperSignature(db, { applicationId: app.id, parentId: parent.id, photo, now })).ok).toBe(true);
    const seen = (await getApplication(db, app.id))!; // the parent's screen: signed, ready to send
    const principal = { kind: "parent" as const, userId: parent.id };
    // Meanwhile the application is sent (another tap, another device).
    expect((await changeStatus(db, { applicationId: app.id, action: "send", principal, now })).ok).toBe(true);
    // Acting on what was seen (the caller hands the row it read) is a conflict, not a second change.
    const late = await changeStatus(db, { applicationId: app.id, application: seen, action: "cancel", principal, now });
    expect(late).toMatchObject({
      ok: false,
      reason: "conflict",
      application: { status: "submitted" },
      by: { action: "send", actorKind: "parent" },
    });
    expect((await getApplication(db, app.id))!.status).toBe("submitted");
    expect((await listEvents(db, app.id)).map((e) => e.action)).toEqual(["create", "sign", "send"]);
  });
});

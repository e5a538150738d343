/**
 * "Sign and issue", on PGlite and (with DATABASE_URL) PostgreSQL: a school's document is issued
 * only when a staff member's CMS over exactly its stored bytes verifies — their own key (their
 * IIN) or the school's organisation key (its BIN) — with the status change, the issued-document
 * row, the signature and the notices together. Every refused attempt issues nothing.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../db/client.ts";
import { getApplication, type Application } from "../../db/queries/applications.ts";
import { listIssued } from "../../db/queries/issued.ts";
import { deactivateStaff, setStaffIin, type Staff } from "../../db/queries/staff.ts";
import { documentSignatures, outbox } from "../../db/schema.ts";
import { changeStatus } from "../../flows/applications.ts";
import { checkDocument, signatureFileByCode } from "../../flows/check/index.ts";
import { makeIin } from "../../flows/iin.ts";
import { acceptResultSignature, openResultSigning, startResultSigning } from "../../flows/result-signing.ts";
import { trustStoreFrom, type RevocationPolicy, type TrustStore } from "../../flows/signatures/index.ts";
import { backends } from "../helpers/databases.ts";
import { issueTestSigner, signCms, signCmsDer, testPki, type TestIdentity } from "../helpers/eds-test-ca.ts";
import { seedSchool, seedStaff, submittedApplication } from "../helpers/fixtures.ts";
import { startOcspResponder, type LocalResponder } from "../helpers/ocsp-responder.ts";

const MINUTE = 60_000;
const BIN_A = "990140000106";
const BIN_B = "990140000204";
const PUBLIC_URL = "https://desk.example.kz";

describe.each(backends)("sign and issue on $name", (backend) => {
  let database: Database & { dispose(): Promise<void> };
  let db: Database["db"];
  let trust: TrustStore;
  let responder: LocalResponder;
  let revocation: RevocationPolicy;
  let schoolA: number;
  let staffA: Staff;
  let staffB: Staff;
  const iinA = makeIin("1984-02-03", "female", 611);
  const iinB = makeIin("1979-11-21", "male", 612);
  let keyA: TestIdentity;
  let keyB: TestIdentity;
  let sealA: TestIdentity;
  let sealB: TestIdentity;
  let nextParent = 81_000 + (backend.name === "postgres" ? 500 : 0);

  beforeAll(async () => {
    database = await backend.open();
    db = database.db;
    schoolA = (await seedSchool(db, BIN_A, "Школа-гимназия №106")).id;
    const schoolB = (await seedSchool(db, BIN_B, "Школа №204")).id;
    staffA = await seedStaff(db, { schoolId: schoolA, telegramId: 61_001 + nextParent, role: "specialist", fullName: "Сауле Ахметова" });
    staffB = await seedStaff(db, { schoolId: schoolB, telegramId: 61_002 + nextParent, role: "specialist", fullName: "Ерлан Жумабеков" });
    await setStaffIin(db, staffA.id, iinA);
    await setStaffIin(db, staffB.id, iinB);
    staffA = { ...staffA, iin: iinA };
    keyA = issueTestSigner({ commonName: "АХМЕТОВА САУЛЕ", iin: iinA });
    keyB = issueTestSigner({ commonName: "ЖУМАБЕКОВ ЕРЛАН", iin: iinB });
    sealA = issueTestSigner({ commonName: "ШКОЛА-ГИМНАЗИЯ №106", bin: BIN_A });
    // another school's employee key: their own IIN and their school's BIN
    sealB = issueTestSigner({ commonName: "ЖУМАБЕКОВ ЕРЛАН", iin: iinB, bin: BIN_B });
    trust = trustStoreFrom([testPki().ca.certPem]);
    responder = await startOcspResponder("responder", [keyA, keyB, sealA, sealB]);
    revocation = { mode: "ocsp", ocsp: { url: responder.url } };
  });
  afterAll(async () => {
    await responder?.close();
    await database?.dispose();
  });

  /** A registered meals application of school A and a fresh "Sign and issue" link for its certificate. */
  async function pending(now = new Date()) {
    let app: Application = await submittedApplication(db, { serviceId: "meals", schoolId: schoolA, parentTelegramId: nextParent++, now });
    const reg = await changeStatus(db, { applicationId: app.id, action: "register", principal: { kind: "staff", staffId: staffA.id, role: "specialist", schoolId: schoolA }, now });
    if (!reg.ok) throw new Error(`register: ${reg.reason}`);
    app = reg.application;
    const link = await startResultSigning(db, { staff: staffA, application: app, action: "issue", kind: "certificate", now, publicUrl: PUBLIC_URL });
    const open = await openResultSigning(db, { token: link.token, now });
    if (!open.ok) throw new Error(`open: ${open.reason}`);
    return { app, link, pdf: open.signing.document.bytes, now };
  }

  /** What a refused attempt must leave alone: nothing issued, signed or sent. */
  async function snapshot(appId: string) {
    const app = (await getApplication(db, appId))!;
    return {
      status: app.status,
      version: app.version,
      resultFileId: app.resultFileId,
      issued: (await listIssued(db, appId)).length,
      signatures: (await db.select().from(documentSignatures)).length,
      outbox: (await db.select().from(outbox)).length,
    };
  }

  const later = (now: Date, minutes = 1) => new Date(now.getTime() + minutes * MINUTE);

  it("the staff member's own key issues the document: status, record, signature and notices together", async () => {
    const { app, link, pdf, now } = await pending();
    expect(link.url).toBe(`${PUBLIC_URL}/sign/staff/${link.token}`);
    // Nothing is issued or sent while the link waits.
    expect((await getApplication(db, app.id))!.status).toBe("registered");
    expect(await listIssued(db, app.id)).toHaveLength(0);

    const cms = signCmsDer(pdf, { signer: keyA });
    const outcome = await acceptResultSignature(db, { token: link.token, cms: Buffer.from(cms).toString("base64"), now: later(now), trust, revocation });
    expect(outcome.status).toBe("signed");

    const issuedApp = (await getApplication(db, app.id))!;
    expect(issuedApp.status).toBe("completed");
    const [doc] = await listIssued(db, app.id);
    expect(doc).toMatchObject({ kind: "certificate", number: link.documentNumber, issuedByStaffId: staffA.id, fileId: issuedApp.resultFileId });
    const [sig] = await db.select().from(documentSignatures).where(eq(documentSignatures.issuedDocumentId, doc!.id));
    expect(sig).toMatchObject({ staffId: staffA.id, signerIin: iinA, signerBin: null, signerName: "Сауле Ахметова", signerPosition: "Заместитель директора по учебной работе", sha256: doc!.sha256 });
    expect(sig!.ocspResponse?.[0]).toBe(0x30);
    const checks = Object.fromEntries((sig!.result.checks as Array<{ name: string; ok: boolean }>).map((c) => [c.name, c.ok]));
    expect(checks).toMatchObject({ message_digest: true, signature: true, certificate_validity: true, signing_key: true, chain: true, revocation: true, iin_match: true });

    // The parent is sent the PDF with the note that it is signed; the staff member gets a copy.
    const rows = await db.select().from(outbox);
    const parentRow = rows.find((r) => r.channel === "parent" && (r.payload as { applicationId?: string; template?: string }).applicationId === app.id && r.payload.template === "status" && r.payload.status === "completed");
    expect(parentRow?.payload).toMatchObject({ status: "completed", fileId: issuedApp.resultFileId, signed: { name: "Сауле Ахметова" } });
    const copy = rows.find((r) => r.channel === "provider" && r.payload.template === "issued-copy" && r.payload.applicationId === app.id);
    expect(copy?.recipient).toBe(String(staffA.telegramId));

    // The check page says who signed; the CMS is downloadable under the check code only.
    const checked = await checkDocument(db, doc!.checkCode, later(now));
    expect(checked?.signature).toMatchObject({ name: "Сауле Ахметова", position: "Заместитель директора по учебной работе" });
    const file = await signatureFileByCode(db, doc!.checkCode);
    expect(Buffer.from(file!.file.bytes).equals(Buffer.from(cms))).toBe(true);

    // The same post again: the link is used up.
    const replay = await acceptResultSignature(db, { token: link.token, cms: Buffer.from(cms).toString("base64"), now: later(now, 2), trust, revocation });
    expect(replay).toEqual({ status: "refused", reason: "used" });
  });

  it("the school's organisation key (its BIN) issues the document too", async () => {
    const { app, link, pdf, now } = await pending();
    const outcome = await acceptResultSignature(db, { token: link.token, cms: signCms(pdf, { signer: sealA }), now: later(now), trust, revocation });
    expect(outcome.status).toBe("signed");
    const [doc] = await listIssued(db, app.id);
    const [sig] = await db.select().from(documentSignatures).where(eq(documentSignatures.issuedDocumentId, doc!.id));
    expect(sig).toMatchObject({ signerBin: BIN_A, signerIin: null });
  });

  describe("refused, with nothing issued", () => {
    it("another person's key", async () => {
      const { app, link, pdf, now } = await pending();
      const before = await snapshot(app.id);
      const outcome = await acceptResultSignature(db, { token: link.token, cms: signCms(pdf, { signer: testPki().individual }), now: later(now), trust, revocation });
      expect(outcome).toMatchObject({ status: "invalid", problems: ["other_person"] });
      expect(await snapshot(app.id)).toEqual(before);
    });

    it("a staff member of another school: their own key, and their school's key", async () => {
      for (const [signer, problem] of [[keyB, "other_person"], [sealB, "other_organisation"]] as const) {
        const { app, link, pdf, now } = await pending();
        const before = await snapshot(app.id);
        const outcome = await acceptResultSignature(db, { token: link.token, cms: signCms(pdf, { signer }), now: later(now), trust, revocation });
        expect(outcome).toMatchObject({ status: "invalid", problems: [problem] });
        expect(await snapshot(app.id)).toEqual(before);
      }
    });

    it("an expired link", async () => {
      const { app, link, pdf, now } = await pending();
      const before = await snapshot(app.id);
      const outcome = await acceptResultSignature(db, { token: link.token, cms: signCms(pdf, { signer: keyA }), now: later(now, 31), trust, revocation });
      expect(outcome).toEqual({ status: "refused", reason: "expired" });
      expect(await snapshot(app.id)).toEqual(before);
    });

    it("a replayed post: the first attempt uses the link, and an old signature does not fit a new document", async () => {
      const { app, link, pdf, now } = await pending();
      const before = await snapshot(app.id);
      const stranger = signCms(pdf, { signer: testPki().individual });
      expect((await acceptResultSignature(db, { token: link.token, cms: stranger, now: later(now), trust, revocation })).status).toBe("invalid");
      // the staff member's valid signature cannot ride on the used link
      const own = signCms(pdf, { signer: keyA });
      expect(await acceptResultSignature(db, { token: link.token, cms: own, now: later(now, 2), trust, revocation })).toEqual({ status: "refused", reason: "used" });
      expect(await snapshot(app.id)).toEqual(before);
      // a new link renders a new document (its own number and code): the old signature is over other bytes
      const again = await startResultSigning(db, { staff: staffA, application: (await getApplication(db, app.id))!, action: "issue", kind: "certificate", now: later(now, 3), publicUrl: PUBLIC_URL });
      const replay = await acceptResultSignature(db, { token: again.token, cms: own, now: later(now, 4), trust, revocation });
      expect(replay).toMatchObject({ status: "invalid", problems: expect.arrayContaining(["wrong_content"]) });
      expect(await snapshot(app.id)).toEqual({ ...before, outbox: before.outbox });
    });

    it("a signature over other bytes", async () => {
      const { app, link, now } = await pending();
      const before = await snapshot(app.id);
      const other = new TextEncoder().encode("%PDF-1.4 another document");
      const outcome = await acceptResultSignature(db, { token: link.token, cms: signCms(other, { signer: keyA }), now: later(now), trust, revocation });
      expect(outcome).toMatchObject({ status: "invalid", problems: ["wrong_content"] });
      expect(await snapshot(app.id)).toEqual(before);
    });

    it("an expired certificate, and a key made before the link", async () => {
      const { app, link, pdf, now } = await pending();
      const before = await snapshot(app.id);
      const lapsed = issueTestSigner({ commonName: "АХМЕТОВА САУЛЕ", iin: iinA, notBefore: new Date(now.getTime() - 400 * 86400_000), notAfter: new Date(now.getTime() - 86400_000) });
      const outcome = await acceptResultSignature(db, { token: link.token, cms: signCms(pdf, { signer: lapsed }), now: later(now), trust, revocation });
      expect(outcome).toMatchObject({ status: "invalid", problems: expect.arrayContaining(["certificate_expired"]) });
      expect(await snapshot(app.id)).toEqual(before);
    });

    it("a link whose staff member was switched off, or whose application moved on", async () => {
      const { app, link, pdf, now } = await pending();
      // someone issued it plainly meanwhile
      const plain = await changeStatus(db, { applicationId: app.id, action: "issue", principal: { kind: "staff", staffId: staffA.id, role: "specialist", schoolId: schoolA }, now: later(now) });
      expect(plain.ok).toBe(true);
      const before = await snapshot(app.id);
      expect(await acceptResultSignature(db, { token: link.token, cms: signCms(pdf, { signer: keyA }), now: later(now, 2), trust, revocation })).toEqual({ status: "refused", reason: "not_pending" });
      expect(await snapshot(app.id)).toEqual(before);

      const temp = await seedStaff(db, { schoolId: schoolA, telegramId: 69_000 + nextParent, role: "specialist", fullName: "Временный Сотрудник" });
      await setStaffIin(db, temp.id, iinA);
      const second = await pending();
      const link2 = await startResultSigning(db, { staff: { ...temp, iin: iinA }, application: second.app, action: "issue", kind: "certificate", now: second.now, publicUrl: PUBLIC_URL });
      const pdf2 = (await openResultSigning(db, { token: link2.token, now: second.now }));
      expect(pdf2.ok).toBe(true);
      await deactivateStaff(db, temp.id, later(second.now));
      const before2 = await snapshot(second.app.id);
      const bytes = pdf2.ok ? pdf2.signing.document.bytes : new Uint8Array();
      expect(await acceptResultSignature(db, { token: link2.token, cms: signCms(bytes, { signer: keyA }), now: later(second.now, 2), trust, revocation })).toEqual({ status: "refused", reason: "not_pending" });
      expect(await snapshot(second.app.id)).toEqual(before2);
    });
  });
});

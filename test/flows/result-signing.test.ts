/**
 * "Sign and issue", on PGlite and (with DATABASE_URL) PostgreSQL: a school's document is issued
 * only when a staff member's CMS over exactly its stored bytes verifies — their own key (their
 * IIN) or the school's organisation key (its BIN) — with the status change, the issued-document
 * row, the signature and the notices together — on the signing page (NCALayer) or in eGov
 * mobile (a stand-in acting as the app). Every refused attempt issues nothing, and the staff
 * member is told in the bot why a signature was not accepted.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "#root/db/client.ts";
import { getApplication, listEvents, type Application } from "#root/db/queries/applications.ts";
import { listIssued } from "#root/db/queries/issued.ts";
import { deactivateStaff, setStaffIin, type Staff } from "#root/db/queries/staff.ts";
import { signingRoutes } from "#root/api/signing/index.ts";
import { loadConfig } from "#root/config.ts";
import { createLogger } from "#root/log.ts";
import { applications, documentSignatures, outbox } from "#root/db/schema.ts";
import { startStaffMobileSigning } from "#root/flows/signing-mgov.ts";
import { EgovMobileStandin } from "#root/test/helpers/egov-mobile-standin.ts";
import { changeStatus } from "#root/flows/applications.ts";
import { checkDocument, signatureFileByCode } from "#root/flows/check/index.ts";
import { makeIin } from "#root/flows/iin.ts";
import { acceptResultSignature, openResultSigning, startResultSigning } from "#root/flows/result-signing.ts";
import { setYearPlaces } from "#root/flows/places.ts";
import { almatyDate } from "#root/flows/calendar/almaty.ts";
import { decide } from "#root/flows/decisions.ts";
import { getService } from "#root/flows/services/index.ts";
import { trustStoreFrom, type RevocationPolicy, type TrustStore } from "#root/flows/signatures/index.ts";
import { backends } from "#root/test/helpers/databases.ts";
import { issueTestSigner, signCms, signCmsDer, testPki, type TestIdentity } from "#root/test/helpers/eds-test-ca.ts";
import { seedSchool, seedStaff, submittedApplication } from "#root/test/helpers/fixtures.ts";
import { startOcspResponder, type LocalResponder } from "#root/test/helpers/ocsp-responder.ts";

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
  let schoolB: number;
  let staffA: Staff;
  let staffB: Staff;
  const iinA = makeIin("1984-02-03", "female", 611);
  const iinB = makeIin("1979-11-21", "male", 612);
  let keyA: TestIdentity;
  let keyB: TestIdentity;
  let sealA: TestIdentity;
  let sealB: TestIdentity;
  let nextParent = 81_000 + (backend.name === "postgres" ? 500 : 0);
  const config = loadConfig({
    PUBLIC_URL,
    ORG_BIN: "990140000106",
    ORG_NAME_RU: "Управление образования",
    ORG_NAME_KK: "Білім басқармасы",
    ORG_NAME_EN: "Education Department",
  });
  let clock = new Date();
  let phone: EgovMobileStandin;

  beforeAll(async () => {
    database = await backend.open();
    db = database.db;
    schoolA = (await seedSchool(db, BIN_A, "Школа-гимназия №106")).id;
    schoolB = (await seedSchool(db, BIN_B, "Школа №204")).id;
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
    const routes = signingRoutes({
      db,
      log: createLogger("silent"),
      config: { ...config, edsOcspUrl: responder.url },
      now: () => clock,
      trust,
    });
    phone = new EgovMobileStandin(async (url, init) => routes.request(url, init));
  });
  afterAll(async () => {
    await responder?.close();
    await database?.dispose();
  });

  /** A registered meals application of school A and a fresh "Sign and issue" link for its certificate. */
  async function pending(now = new Date()) {
    let app: Application = await submittedApplication(db, { serviceId: "meals", schoolId: schoolA, parentTelegramId: nextParent++, now });
    const reg = await changeStatus(db, {
      applicationId: app.id,
      action: "register",
      principal: { kind: "staff", staffId: staffA.id, role: "specialist", schoolId: schoolA },
      now,
    });
    if (!reg.ok) throw new Error(`register: ${reg.reason}`);
    app = reg.application;
    const link = await startResultSigning(db, {
      staff: staffA,
      application: app,
      action: "issue",
      kind: "certificate",
      now,
      publicUrl: PUBLIC_URL,
    });
    const open = await openResultSigning(db, { token: link.token, now });
    if (!open.ok) throw new Error(`open: ${open.reason}`);
    return { app, link, pdf: open.signing.document.bytes, now };
  }

  /** What a refused attempt must leave alone: nothing issued, signed or sent (but the signer's own "not accepted"). */
  async function snapshot(appId: string) {
    const app = (await getApplication(db, appId))!;
    return {
      status: app.status,
      version: app.version,
      resultFileId: app.resultFileId,
      issued: (await listIssued(db, appId)).length,
      signatures: (await db.select().from(documentSignatures)).length,
      outbox: (await db.select().from(outbox)).filter((r) => r.payload.template !== "staff-signing-result").length,
    };
  }

  /** What the bot is to tell staff about the application's refused signatures. */
  async function toldStaff(appId: string) {
    return (await db.select().from(outbox)).filter(
      (r) => r.payload.template === "staff-signing-result" && r.payload.applicationId === appId,
    );
  }

  const later = (now: Date, minutes = 1) => new Date(now.getTime() + minutes * MINUTE);

  it("the staff member's own key issues the document: status, record, signature and notices together", async () => {
    const { app, link, pdf, now } = await pending();
    expect(link.url).toBe(`${PUBLIC_URL}/sign/staff/${link.token}`);
    // Nothing is issued or sent while the link waits.
    expect((await getApplication(db, app.id))!.status).toBe("registered");
    expect(await listIssued(db, app.id)).toHaveLength(0);

    const cms = signCmsDer(pdf, { signer: keyA });
    const outcome = await acceptResultSignature(db, {
      token: link.token,
      cms: Buffer.from(cms).toString("base64"),
      now: later(now),
      trust,
      revocation,
    });
    expect(outcome.status).toBe("signed");

    const issuedApp = (await getApplication(db, app.id))!;
    expect(issuedApp.status).toBe("completed");
    const [doc] = await listIssued(db, app.id);
    expect(doc).toMatchObject({
      kind: "certificate",
      number: link.documentNumber,
      issuedByStaffId: staffA.id,
      fileId: issuedApp.resultFileId,
    });
    const [sig] = await db.select().from(documentSignatures).where(eq(documentSignatures.issuedDocumentId, doc!.id));
    expect(sig).toMatchObject({
      staffId: staffA.id,
      signerIin: iinA,
      signerBin: null,
      signerName: "Сауле Ахметова",
      signerPosition: "Заместитель директора по учебной работе",
      sha256: doc!.sha256,
    });
    expect(sig!.ocspResponse?.[0]).toBe(0x30);
    const checks = Object.fromEntries((sig!.result.checks as Array<{ name: string; ok: boolean }>).map((c) => [c.name, c.ok]));
    expect(checks).toMatchObject({
      message_digest: true,
      signature: true,
      certificate_validity: true,
      signing_key: true,
      chain: true,
      revocation: true,
      iin_match: true,
    });

    // The parent is sent the PDF with the note that it is signed; the staff member gets a copy.
    const rows = await db.select().from(outbox);
    const parentRow = rows.find(
      (r) =>
        r.channel === "parent" &&
        (r.payload as { applicationId?: string; template?: string }).applicationId === app.id &&
        r.payload.template === "status" &&
        r.payload.status === "completed",
    );
    expect(parentRow?.payload).toMatchObject({ status: "completed", fileId: issuedApp.resultFileId, signed: { name: "Сауле Ахметова" } });
    const copy = rows.find((r) => r.channel === "provider" && r.payload.template === "issued-copy" && r.payload.applicationId === app.id);
    expect(copy?.recipient).toBe(String(staffA.telegramId));

    // The check page says who signed; the CMS is downloadable under the check code only.
    const checked = await checkDocument(db, doc!.checkCode, later(now));
    expect(checked?.signature).toMatchObject({ name: "Сауле Ахметова", position: "Заместитель директора по учебной работе" });
    const file = await signatureFileByCode(db, doc!.checkCode);
    expect(Buffer.from(file!.bytes).equals(Buffer.from(cms))).toBe(true);

    // The same post again: the link is used up.
    const replay = await acceptResultSignature(db, {
      token: link.token,
      cms: Buffer.from(cms).toString("base64"),
      now: later(now, 2),
      trust,
      revocation,
    });
    expect(replay).toEqual({ status: "refused", reason: "used" });
  });

  it("the school's organisation key (its BIN) issues the document too", async () => {
    const { app, link, pdf, now } = await pending();
    const outcome = await acceptResultSignature(db, {
      token: link.token,
      cms: signCms(pdf, { signer: sealA }),
      now: later(now),
      trust,
      revocation,
    });
    expect(outcome.status).toBe("signed");
    const [doc] = await listIssued(db, app.id);
    const [sig] = await db.select().from(documentSignatures).where(eq(documentSignatures.issuedDocumentId, doc!.id));
    expect(sig).toMatchObject({ signerBin: BIN_A, signerIin: null });
  });

  it("an order whose last place was taken while it waited for the signature is not issued; the director is told why", async () => {
    const now = new Date();
    const year = Number(almatyDate(now).slice(0, 4));
    const director = await seedStaff(db, {
      schoolId: schoolA,
      telegramId: 68_000 + nextParent,
      role: "director",
      fullName: "Гүлнар Сейітова",
    });
    // Two receipts of this year's admission campaign, sent in May.
    const apply = () =>
      submittedApplication(db, {
        serviceId: "first-grade",
        schoolId: schoolA,
        parentTelegramId: nextParent++,
        now: new Date(`${year}-05-15T06:00:00Z`),
        child: { birthDate: `${year - 6}-02-02`, grade: 1 },
      });
    const [first, second] = [await apply(), await apply()];
    expect(await setYearPlaces(db, { staff: director, service: getService("first-grade"), places: 1, now })).toBe(true);
    const order = { number: "12-Ж", date: almatyDate(now) };
    const link = await startResultSigning(db, {
      staff: director,
      application: second,
      action: "order",
      kind: "order",
      order,
      now,
      publicUrl: PUBLIC_URL,
    });
    // Meanwhile the one place goes to the other child, by an order from the card.
    const plain = await decide(db, {
      staff: director,
      decision: { applicationId: first.id, action: "order", version: first.version, order },
      now,
      publicUrl: PUBLIC_URL,
    });
    expect(plain.ok).toBe(true);
    const open = await openResultSigning(db, { token: link.token, now });
    if (!open.ok) throw new Error(open.reason);
    const before = await snapshot(second.id);
    expect(
      await acceptResultSignature(db, {
        token: link.token,
        cms: signCms(open.signing.document.bytes, { signer: sealA }),
        now: later(now),
        trust,
        revocation,
      }),
    ).toEqual({ status: "refused", reason: "no_places" });
    expect(await snapshot(second.id)).toEqual(before);
    expect(before).toMatchObject({ status: "completed", issued: 1 });
    const told = await toldStaff(second.id);
    expect(told).toHaveLength(1);
    expect(told[0]).toMatchObject({ channel: "provider", recipient: String(director.telegramId) });
    expect(told[0]!.payload).toMatchObject({ refused: "no_places", documentNumber: link.documentNumber });
  });

  it("an order of a child another school enrolled while it waited for the signature is not issued; the director is told why", async () => {
    const now = new Date();
    const year = Number(almatyDate(now).slice(0, 4));
    const staff = (schoolId: number, telegramId: number, fullName: string) =>
      seedStaff(db, { schoolId, telegramId, role: "director", fullName });
    const director = await staff(schoolA, 68_500 + nextParent, "Гүлнар Сейітова");
    const directorB = await staff(schoolB, 68_600 + nextParent, "Дана Омарова");
    // The family sent the child to both schools in May.
    const apply = (schoolId: number, iin?: string) =>
      submittedApplication(db, {
        serviceId: "first-grade",
        schoolId,
        parentTelegramId: nextParent++,
        now: new Date(`${year}-05-15T06:00:00Z`),
        child: { birthDate: `${year - 6}-02-02`, grade: 1, ...(iin ? { iin } : {}) },
      });
    const there = await apply(schoolB);
    const here = await apply(schoolA, (there.form.child as { iin: string }).iin);
    const order = { number: "14-Ж", date: almatyDate(now) };
    const link = await startResultSigning(db, {
      staff: director,
      application: here,
      action: "order",
      kind: "order",
      order,
      now,
      publicUrl: PUBLIC_URL,
    });
    // Meanwhile the other school enrols the child, within the places it set.
    expect(await setYearPlaces(db, { staff: directorB, service: getService("first-grade"), places: 5, now })).toBe(true);
    const enrolled = await decide(db, {
      staff: directorB,
      decision: { applicationId: there.id, action: "order", version: there.version, order },
      now,
      publicUrl: PUBLIC_URL,
    });
    expect(enrolled.ok).toBe(true);
    const open = await openResultSigning(db, { token: link.token, now });
    if (!open.ok) throw new Error(open.reason);
    const before = await snapshot(here.id);
    const cms = signCms(open.signing.document.bytes, { signer: sealA });
    expect(await acceptResultSignature(db, { token: link.token, cms, now: later(now), trust, revocation })).toEqual({
      status: "refused",
      reason: "enrolled_elsewhere",
    });
    expect(await snapshot(here.id)).toEqual(before);
    expect(before).toMatchObject({ status: "completed", issued: 1 });
    const told = await toldStaff(here.id);
    expect(told).toHaveLength(1);
    expect(told[0]).toMatchObject({ channel: "provider", recipient: String(director.telegramId) });
    expect(told[0]!.payload).toMatchObject({ refused: "enrolled_elsewhere", documentNumber: link.documentNumber });
  });

  it("an order prepared for signature before the year's places were set is not issued; the director is told to set them", async () => {
    const now = new Date();
    const year = Number(almatyDate(now).slice(0, 4));
    // A school that has not set its places for the year: no order can be made against them.
    const schoolC = (await seedSchool(db, "990140000303", "Школа №303")).id;
    const director = await seedStaff(db, {
      schoolId: schoolC,
      telegramId: 68_900 + nextParent,
      role: "director",
      fullName: "Айгүл Серікова",
    });
    await setStaffIin(db, director.id, iinA);
    const app = await submittedApplication(db, {
      serviceId: "first-grade",
      schoolId: schoolC,
      parentTelegramId: nextParent++,
      now: new Date(`${year}-05-15T06:00:00Z`),
      child: { birthDate: `${year - 6}-02-02`, grade: 1 },
    });
    // Prepared past the bot's own check (the link of a bot that did not ask for the places yet).
    const link = await startResultSigning(db, {
      staff: { ...director, iin: iinA },
      application: app,
      action: "order",
      kind: "order",
      order: { number: "15-Ж", date: almatyDate(now) },
      now,
      publicUrl: PUBLIC_URL,
    });
    const open = await openResultSigning(db, { token: link.token, now });
    if (!open.ok) throw new Error(open.reason);
    const before = await snapshot(app.id);
    const cms = signCms(open.signing.document.bytes, { signer: keyA });
    expect(await acceptResultSignature(db, { token: link.token, cms, now: later(now), trust, revocation })).toEqual({
      status: "refused",
      reason: "places_not_set",
    });
    expect(await snapshot(app.id)).toEqual(before);
    expect(before).toMatchObject({ status: "completed", issued: 1 });
    const told = await toldStaff(app.id);
    expect(told).toHaveLength(1);
    expect(told[0]).toMatchObject({ channel: "provider", recipient: String(director.telegramId) });
    expect(told[0]!.payload).toMatchObject({ refused: "places_not_set", documentNumber: link.documentNumber });
  });

  it("an order signed with EDS passes over only those shown when its link was made; one who came ahead since stops it", async () => {
    const now = new Date();
    const year = Number(almatyDate(now).slice(0, 4));
    const schoolD = (await seedSchool(db, "990140000402", "Школа №402")).id;
    const director = await seedStaff(db, {
      schoolId: schoolD,
      telegramId: 68_950 + nextParent,
      role: "director",
      fullName: "Айгүл Серікова",
    });
    await setStaffIin(db, director.id, iinA);
    const signer = { ...director, iin: iinA };
    expect(await setYearPlaces(db, { staff: director, service: getService("first-grade"), places: 5, now })).toBe(true);
    const apply = (priority: string, minute: number) =>
      submittedApplication(db, {
        serviceId: "first-grade",
        schoolId: schoolD,
        parentTelegramId: nextParent++,
        now: new Date(`${year}-05-15T06:0${minute}:00Z`),
        child: { birthDate: `${year - 6}-02-02`, grade: 1 },
        fields: { priority, "born-abroad": "no" },
      });
    const first = await apply("area", 0);
    const app = await apply("none", 1);
    const order = { number: "16-Ж", date: almatyDate(now) };
    // The card showed one applicant ahead (from the school's area), the director confirmed: the link is made.
    const link = await startResultSigning(db, {
      staff: signer,
      application: app,
      action: "order",
      kind: "order",
      order,
      now,
      publicUrl: PUBLIC_URL,
    });
    // While it waits for the signature, a family of a social category applies: it comes ahead too.
    const social = await apply("social", 2);
    await db
      .update(applications)
      .set({ submittedAt: new Date(now.getTime() + 1000) })
      .where(eq(applications.id, social.id));
    const sign = async (token: string, at: Date) => {
      const open = await openResultSigning(db, { token, now: at });
      if (!open.ok) throw new Error(open.reason);
      const cms = signCms(open.signing.document.bytes, { signer: keyA });
      return acceptResultSignature(db, { token, cms, now: later(now), trust, revocation });
    };
    const before = await snapshot(app.id);
    expect(await sign(link.token, now)).toEqual({ status: "refused", reason: "out_of_turn" });
    expect(await snapshot(app.id)).toEqual(before);
    const told = await toldStaff(app.id);
    expect(told.map((r) => r.payload)).toMatchObject([{ refused: "out_of_turn", documentNumber: link.documentNumber }]);

    // The card shows both now; confirmed past both, the new link's order is issued, and its history names them.
    const made = new Date(now.getTime() + 2000);
    const again = await startResultSigning(db, {
      staff: signer,
      application: app,
      action: "order",
      kind: "order",
      order,
      now: made,
      publicUrl: PUBLIC_URL,
    });
    expect(await sign(again.token, made)).toMatchObject({ status: "signed", application: { status: "order_signed" } });
    expect((await listEvents(db, app.id)).at(-1)).toMatchObject({
      action: "order",
      actorKind: "staff",
      actorId: director.id,
      reason: "out-of-turn",
      comment: `${first.number}, ${social.number}`,
    });
  });

  describe("refused, with nothing issued", () => {
    it("another person's key", async () => {
      const { app, link, pdf, now } = await pending();
      const before = await snapshot(app.id);
      const outcome = await acceptResultSignature(db, {
        token: link.token,
        cms: signCms(pdf, { signer: testPki().individual }),
        now: later(now),
        trust,
        revocation,
      });
      expect(outcome).toMatchObject({ status: "invalid", problems: ["other_person"] });
      expect(await snapshot(app.id)).toEqual(before);
      // The staff member hears why in the bot, in their language, with the way to a new link.
      const [told] = await toldStaff(app.id);
      expect(told).toMatchObject({ channel: "provider", recipient: String(staffA.telegramId) });
      expect(told!.payload).toMatchObject({
        documentNumber: link.documentNumber,
        number: app.number,
        action: "issue",
        version: app.version,
        failed: ["other_person"],
      });
    });

    it("a staff member of another school: their own key, and their school's key", async () => {
      for (const [signer, problem] of [
        [keyB, "other_person"],
        [sealB, "other_organisation"],
      ] as const) {
        const { app, link, pdf, now } = await pending();
        const before = await snapshot(app.id);
        const outcome = await acceptResultSignature(db, {
          token: link.token,
          cms: signCms(pdf, { signer }),
          now: later(now),
          trust,
          revocation,
        });
        expect(outcome).toMatchObject({ status: "invalid", problems: [problem] });
        expect(await snapshot(app.id)).toEqual(before);
      }
    });

    it("an expired link", async () => {
      const { app, link, pdf, now } = await pending();
      const before = await snapshot(app.id);
      const outcome = await acceptResultSignature(db, {
        token: link.token,
        cms: signCms(pdf, { signer: keyA }),
        now: later(now, 31),
        trust,
        revocation,
      });
      expect(outcome).toEqual({ status: "refused", reason: "expired" });
      expect(await snapshot(app.id)).toEqual(before);
      expect(await toldStaff(app.id)).toHaveLength(0);
    });

    it("a replayed post: the first attempt uses the link, and an old signature does not fit a new document", async () => {
      const { app, link, pdf, now } = await pending();
      const before = await snapshot(app.id);
      const stranger = signCms(pdf, { signer: testPki().individual });
      expect((await acceptResultSignature(db, { token: link.token, cms: stranger, now: later(now), trust, revocation })).status).toBe(
        "invalid",
      );
      // the staff member's valid signature cannot ride on the used link
      const own = signCms(pdf, { signer: keyA });
      expect(await acceptResultSignature(db, { token: link.token, cms: own, now: later(now, 2), trust, revocation })).toEqual({
        status: "refused",
        reason: "used",
      });
      expect(await snapshot(app.id)).toEqual(before);
      // a new link renders a new document (its own number and code): the old signature is over other bytes
      const again = await startResultSigning(db, {
        staff: staffA,
        application: (await getApplication(db, app.id))!,
        action: "issue",
        kind: "certificate",
        now: later(now, 3),
        publicUrl: PUBLIC_URL,
      });
      const replay = await acceptResultSignature(db, { token: again.token, cms: own, now: later(now, 4), trust, revocation });
      expect(replay).toMatchObject({ status: "invalid", problems: expect.arrayContaining(["wrong_content"]) });
      expect(await snapshot(app.id)).toEqual({ ...before, outbox: before.outbox });
    });

    it("a signature over other bytes", async () => {
      const { app, link, now } = await pending();
      const before = await snapshot(app.id);
      const other = new TextEncoder().encode("%PDF-1.4 another document");
      const outcome = await acceptResultSignature(db, {
        token: link.token,
        cms: signCms(other, { signer: keyA }),
        now: later(now),
        trust,
        revocation,
      });
      expect(outcome).toMatchObject({ status: "invalid", problems: ["wrong_content"] });
      expect(await snapshot(app.id)).toEqual(before);
    });

    it("an expired certificate, and a key made before the link", async () => {
      const { app, link, pdf, now } = await pending();
      const before = await snapshot(app.id);
      const lapsed = issueTestSigner({
        commonName: "АХМЕТОВА САУЛЕ",
        iin: iinA,
        notBefore: new Date(now.getTime() - 400 * 86400_000),
        notAfter: new Date(now.getTime() - 86400_000),
      });
      const outcome = await acceptResultSignature(db, {
        token: link.token,
        cms: signCms(pdf, { signer: lapsed }),
        now: later(now),
        trust,
        revocation,
      });
      expect(outcome).toMatchObject({ status: "invalid", problems: expect.arrayContaining(["certificate_expired"]) });
      expect(await snapshot(app.id)).toEqual(before);
    });

    it("a link whose staff member was switched off, or whose application moved on", async () => {
      const { app, link, pdf, now } = await pending();
      // someone issued it plainly meanwhile
      const plain = await changeStatus(db, {
        applicationId: app.id,
        action: "issue",
        principal: { kind: "staff", staffId: staffA.id, role: "specialist", schoolId: schoolA },
        now: later(now),
      });
      expect(plain.ok).toBe(true);
      const before = await snapshot(app.id);
      expect(
        await acceptResultSignature(db, { token: link.token, cms: signCms(pdf, { signer: keyA }), now: later(now, 2), trust, revocation }),
      ).toEqual({ status: "refused", reason: "not_pending" });
      expect(await snapshot(app.id)).toEqual(before);
      // the page only says "refused": the bot says the application was decided meanwhile
      const told = await toldStaff(app.id);
      expect(told).toHaveLength(1);
      expect(told[0]).toMatchObject({ channel: "provider", recipient: String(staffA.telegramId) });
      expect(told[0]!.payload).toMatchObject({ refused: "not_pending", documentNumber: link.documentNumber });

      const temp = await seedStaff(db, {
        schoolId: schoolA,
        telegramId: 69_000 + nextParent,
        role: "specialist",
        fullName: "Временный Сотрудник",
      });
      await setStaffIin(db, temp.id, iinA);
      const second = await pending();
      const link2 = await startResultSigning(db, {
        staff: { ...temp, iin: iinA },
        application: second.app,
        action: "issue",
        kind: "certificate",
        now: second.now,
        publicUrl: PUBLIC_URL,
      });
      const pdf2 = await openResultSigning(db, { token: link2.token, now: second.now });
      expect(pdf2.ok).toBe(true);
      await deactivateStaff(db, temp.id, later(second.now));
      const before2 = await snapshot(second.app.id);
      const bytes = pdf2.ok ? pdf2.signing.document.bytes : new Uint8Array();
      expect(
        await acceptResultSignature(db, {
          token: link2.token,
          cms: signCms(bytes, { signer: keyA }),
          now: later(second.now, 2),
          trust,
          revocation,
        }),
      ).toEqual({ status: "refused", reason: "not_pending" });
      expect(await snapshot(second.app.id)).toEqual(before2);
      // a staff member switched off hears nothing more of the school's applications
      expect(await toldStaff(second.app.id)).toHaveLength(0);
    });
  });

  describe("in eGov mobile", () => {
    /** A pending certificate and the QR code of its eGov mobile session, as the bot's button makes it. */
    async function qr(staff: Staff = staffA) {
      clock = new Date();
      const p = await pending(clock);
      const link = await startStaffMobileSigning(db, config, { resultSessionId: p.link.sessionId, staffId: staff.id, now: clock });
      return { ...p, qr: link };
    }
    const step = (minutes = 1) => {
      clock = later(clock, minutes);
    };

    it("the staff member's own key: the app is shown the very document, and its signature issues it as the page's does", async () => {
      const { app, link, pdf, qr: mobile } = await qr();
      expect(mobile!.qrText).toMatch(new RegExp(`^mobileSign:${PUBLIC_URL}/sign/mobile/[A-Za-z0-9_-]{43}$`));
      const { status, info } = await phone.serviceInfo(mobile!.qrText);
      expect(status).toBe(200);
      // in the staff member's language
      expect(info.description).toBe(`Подписание документа «Справка» № ${link.documentNumber} (заявление № ${app.number})`);
      const docs = await phone.documents(info);
      expect(docs.status).toBe(200);
      const [doc] = docs.body.documentsToSign;
      expect(Buffer.from(doc!.documentCms, "base64").equals(Buffer.from(pdf))).toBe(true);
      expect(doc!.nameRu).toBe(`Справка № ${link.documentNumber.replace(/\//g, "-")}.pdf`);
      expect(doc!.nameKz).toBe(`Анықтама № ${link.documentNumber.replace(/\//g, "-")}.pdf`);
      expect(doc!.meta).toEqual([
        { name: "Номер документа", value: link.documentNumber },
        { name: "Номер заявления", value: app.number },
      ]);

      step();
      const put = await phone.put(info, phone.sign(docs.body, { signer: keyA }));
      expect(put).toEqual({ status: 200, body: { status: "signed", number: link.documentNumber } });
      const issuedApp = (await getApplication(db, app.id))!;
      expect(issuedApp.status).toBe("completed");
      const [issued] = await listIssued(db, app.id);
      expect(issued).toMatchObject({ number: link.documentNumber, issuedByStaffId: staffA.id });
      const [sig] = await db.select().from(documentSignatures).where(eq(documentSignatures.issuedDocumentId, issued!.id));
      expect(sig).toMatchObject({ staffId: staffA.id, signerIin: iinA, signerBin: null, signerName: "Сауле Ахметова" });
      // the parent gets the signed document, the staff member a copy
      const rows = (await db.select().from(outbox)).filter((r) => r.payload.applicationId === app.id);
      expect(rows.find((r) => r.channel === "parent" && r.payload.status === "completed")?.payload).toMatchObject({
        signed: { name: "Сауле Ахметова" },
      });
      expect(rows.find((r) => r.payload.template === "issued-copy")?.recipient).toBe(String(staffA.telegramId));
      // the page's link of the same document is used up with it
      expect(await openResultSigning(db, { token: link.token, now: clock })).toEqual({ ok: false, reason: "used" });

      // A replayed PUT issues nothing more.
      const before = await snapshot(app.id);
      const replay = await phone.put(info, phone.sign(docs.body, { signer: keyA }));
      expect(replay.status).toBe(410);
      expect(replay.body).toMatchObject({ reason: "used" });
      expect(await snapshot(app.id)).toEqual(before);
    });

    it("the school's organisation key (its BIN) issues it too", async () => {
      const { app, qr: mobile } = await qr();
      step();
      const { put } = await phone.scanAndSign(mobile!.qrText, { signer: sealA });
      expect(put.body).toMatchObject({ status: "signed" });
      const [issued] = await listIssued(db, app.id);
      const [sig] = await db.select().from(documentSignatures).where(eq(documentSignatures.issuedDocumentId, issued!.id));
      expect(sig).toMatchObject({ signerBin: BIN_A, signerIin: null });
    });

    it(
      "another person's key, or another school's: nothing issued, " + "the staff member told why, the QR code and the link used up",
      async () => {
        for (const [signer, problem] of [
          [testPki().individual, "other_person"],
          [keyB, "other_person"],
          [sealB, "other_organisation"],
        ] as const) {
          const { app, link, pdf, qr: mobile } = await qr();
          const before = await snapshot(app.id);
          step();
          const { info, docs, put } = await phone.scanAndSign(mobile!.qrText, { signer });
          expect(put.status).toBe(422);
          expect(put.body).toMatchObject({ status: "invalid", problems: [problem] });
          expect(await snapshot(app.id)).toEqual(before);
          const told = await toldStaff(app.id);
          expect(told).toHaveLength(1);
          expect(told[0]).toMatchObject({ channel: "provider", recipient: String(staffA.telegramId) });
          expect(told[0]!.payload).toMatchObject({ failed: [problem], documentNumber: link.documentNumber });

          // the right key cannot follow on the same QR code, nor on the page's link
          const again = await phone.put(info, phone.sign(docs, { signer: keyA }));
          expect(again.status).toBe(410);
          expect(
            await acceptResultSignature(db, { token: link.token, cms: signCms(pdf, { signer: keyA }), now: clock, trust, revocation }),
          ).toEqual({ status: "refused", reason: "used" });
          expect(await snapshot(app.id)).toEqual(before);
        }
      },
    );

    it("an expired session: the app is refused and nothing is issued", async () => {
      const { app, qr: mobile } = await qr();
      const { info } = await phone.serviceInfo(mobile!.qrText);
      const docs = await phone.documents(info);
      const before = await snapshot(app.id);
      step(config.mgov.ttlMinutes + 1);
      const put = await phone.put(info, phone.sign(docs.body, { signer: keyA }));
      expect(put.status).toBe(410);
      expect(put.body).toMatchObject({ reason: "expired" });
      expect((await phone.serviceInfo(mobile!.qrText)).status).toBe(410);
      expect(await snapshot(app.id)).toEqual(before);
      expect(await toldStaff(app.id)).toHaveLength(0);
    });

    it("a QR code lives no longer than its signing link, and ends when the link is used on the page or replaced", async () => {
      const { app, link, pdf, qr: mobile } = await qr();
      expect(mobile!.expiresAt.getTime()).toBeLessThanOrEqual(link.expiresAt.getTime());
      step();
      expect(
        (await acceptResultSignature(db, { token: link.token, cms: signCms(pdf, { signer: keyA }), now: clock, trust, revocation })).status,
      ).toBe("signed");
      const after = await phone.serviceInfo(mobile!.qrText);
      expect(after.status).toBe(410);
      expect(await listIssued(db, app.id)).toHaveLength(1);

      const second = await qr();
      step();
      // a new "Sign and issue" replaces the link, and the QR code made for it
      await startResultSigning(db, {
        staff: staffA,
        application: (await getApplication(db, second.app.id))!,
        action: "issue",
        kind: "certificate",
        now: clock,
        publicUrl: PUBLIC_URL,
      });
      expect((await phone.serviceInfo(second.qr!.qrText)).status).toBe(410);
    });

    it("another staff member cannot make a QR code of someone else's link", async () => {
      clock = new Date();
      const { link } = await pending(clock);
      expect(
        await startStaffMobileSigning(db, config, { resultSessionId: link.sessionId, staffId: staffB.id, now: clock }),
      ).toBeUndefined();
    });
  });
});

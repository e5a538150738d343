/**
 * After a refusal the parent fixes and resubmits: from "My applications", one tap makes a new
 * draft with every answer and document of the refused application, opened at what the
 * school's reason points to — the documents for an unreadable copy, the school for the wrong
 * school — and the refused application stays as it was. Tapped again, it opens that draft. A
 * refusal the school revoked has nothing to fix: the card offers to apply again, and the new
 * draft keeps every answer and page as they were, at the review, the parent told why; a fix begun
 * before the revocation is continued, what it dropped filled back unless the parent gave it again.
 * So does a certificate the school revoked: applying again copies everything to the same school, and
 * the copy may be sent there (the revoked one stands for nothing) — once: then it stands.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listDocuments, listParentApplications } from "#root/db/queries/applications.ts";
import { findUserByTelegramId } from "#root/db/queries/users.ts";
import { listIssued } from "#root/db/queries/issued.ts";
import { changeStatus } from "#root/flows/applications.ts";
import { decide, revoke } from "#root/flows/decisions.ts";
import { prepareStatement } from "#root/flows/statement.ts";
import { storeFile } from "#root/db/queries/files.ts";
import { recordSignature } from "#root/db/queries/signatures.ts";
import { makeIin } from "#root/flows/iin.ts";
import { decidedApplication, seedSchool, seedStaff, submittedApplication } from "#root/test/helpers/fixtures.ts";
import { registerInRussian } from "#root/test/helpers/parent-flow.ts";
import { JPEG, startTestSystem, type TestSystem } from "#root/test/helpers/system.ts";

let system: TestSystem;
let schoolId: number;
let staffPrincipal: { kind: "staff"; staffId: number; role: "specialist"; schoolId: number };
let staffMember: Awaited<ReturnType<typeof seedStaff>>;
let nextId = 830_000;

beforeAll(async () => {
  system = await startTestSystem();
  const db = system.database.db;
  schoolId = (await seedSchool(db, "123456789012", "Школа-гимназия №12")).id;
  const member = await seedStaff(db, { schoolId, telegramId: 830_999, role: "specialist", fullName: "Сауле Ахметова" });
  staffPrincipal = { kind: "staff", staffId: member.id, role: "specialist", schoolId };
  staffMember = member;
});
afterAll(async () => {
  await system?.close();
});

/** A parent registered through the bot whose meals application the school refused for `reason`. */
async function refused(reason: string) {
  const db = system.database.db;
  const id = ++nextId;
  const parent = system.parent({ id, lang: "ru" });
  await registerInRussian(parent, "Сапарова Айгерим", makeIin("1985-04-12", "female", id % 900));
  const app = await submittedApplication(db, { serviceId: "meals", schoolId, parentTelegramId: id });
  const result = await changeStatus(db, { applicationId: app.id, action: "refuse", principal: staffPrincipal, reason, now: new Date() });
  expect(result.ok).toBe(true);
  await parent.send("/my");
  await parent.nextMessage(/Мои заявления/);
  await parent.tap(`№ ${app.number}`);
  // The card, not the refusal's notice (delivered meanwhile, with the same status).
  const card = await parent.nextMessage(/Статус: Отказано в приёме/);
  return { parent, app, card, user: (await findUserByTelegramId(db, id))! };
}

describe("fix and resubmit after a refusal", () => {
  it("an unreadable copy: a new draft with every answer and page, at the documents, its copy replaced, not added to", async () => {
    const { parent, app, card, user } = await refused("unreadable-copy");
    expect(card.text).toContain("Отказано в приёме: копию документа невозможно прочитать");
    await parent.tap("✏️ Исправить и подать снова");
    await parent.nextMessage(new RegExp(`со всеми ответами и документами заявления № ${app.number}`));
    const ask = await parent.nextMessage(/Документ 1 из/);
    expect(ask.text).toMatch(/Уже получено страниц: 1/);

    const apps = await listParentApplications(system.database.db, user.id);
    const draft = apps.find((a) => a.status === "draft")!;
    expect(draft.number).not.toBe(app.number);
    expect(draft.form).toMatchObject({
      parent: app.form.parent!,
      child: app.form.child!,
      school: app.form.school!,
      fields: app.form.fields!,
    });
    expect(draft.schoolId).toBe(schoolId);
    const copied = await listDocuments(system.database.db, draft.id);
    expect(copied.map((d) => [d.requirementId, d.fileId])).toEqual(
      (await listDocuments(system.database.db, app.id)).map((d) => [d.requirementId, d.fileId]),
    );
    expect(apps.find((a) => a.id === app.id)?.status).toBe("refused");

    // The unreadable copy is replaced, not added to: its pages go and the new photo is the document.
    await parent.tap("🔄 Заменить страницы");
    await parent.nextMessage(/Прежние страницы документа «Свидетельство о рождении ребёнка» удалены/);
    const again = await parent.nextMessage(/Документ 1 из/);
    expect(again.text).not.toMatch(/Уже получено/);
    await parent.sendPhoto(JPEG);
    await parent.nextMessage(/Получено страниц: 1 ✅/);
    const pages = (await listDocuments(system.database.db, draft.id)).filter((d) => d.requirementId === "birth-certificate");
    expect(pages).toHaveLength(1);
    expect(pages[0]!.fileId).not.toBe(copied.find((d) => d.requirementId === "birth-certificate")!.fileId);
  });

  it("the wrong school: nothing to correct — 'apply to another school' opens the new draft at the choice of school", async () => {
    const { parent } = await refused("wrong-school");
    await parent.tap("🏫 Подать в другую школу");
    await parent.nextMessage(/Создан новый черновик .* Выберите другую школу/);
    await parent.nextMessage(/Выберите область или город/);
  });

  it("'Fix and resubmit' tapped again later opens the draft already begun, not a second copy", async () => {
    const { parent, app, user } = await refused("unreadable-copy");
    await parent.tap("✏️ Исправить и подать снова");
    const made = await parent.nextMessage(/Создан новый черновик № (\S+)/);
    const number = made.text!.match(/черновик № (\S+)/)![1]!;
    await parent.nextMessage(/Документ 1 из/);

    await parent.send("/my");
    await parent.nextMessage(/Мои заявления/);
    await parent.tap(`№ ${app.number}`);
    await parent.nextMessage(/Статус: Отказано в приёме/);
    await parent.tap("✏️ Исправить и подать снова");
    await parent.nextMessage(new RegExp(`Заявление № ${app.number} уже исправляется в черновике № ${number}`));
    await parent.nextMessage(/Документ 1 из/);
    const drafts = (await listParentApplications(system.database.db, user.id)).filter((a) => a.status === "draft");
    expect(drafts.map((d) => d.number)).toEqual([number]);
  });
});

/**
 * A parent registered through the bot whose meals application the school decided: refused for `reason` with its
 * reasoned refusal (the document), or (no reason) issued its certificate. `openCard` opens its card in /my;
 * `revokeResult` revokes the document the application was decided with.
 */
async function decided(reason?: string) {
  const db = system.database.db;
  const id = ++nextId;
  const parent = system.parent({ id, lang: "ru" });
  await registerInRussian(parent, "Сапарова Айгерим", makeIin("1985-04-12", "female", id % 900));
  const app = await submittedApplication(db, { serviceId: "meals", schoolId, parentTelegramId: id, documentsDone: true });
  if (reason) {
    const decision = { applicationId: app.id, action: "refuse" as const, version: app.version, reason };
    expect(await decide(db, { staff: staffMember, decision, now: new Date(), publicUrl: "https://desk.example.kz" })).toMatchObject({
      ok: true,
    });
    await parent.nextMessage(/Отказано в приёме/, { timeoutMs: 10_000 });
  } else {
    await decidedApplication(db, app, staffMember);
    await parent.nextMessage(/Готовый документ приложен/, { timeoutMs: 10_000 });
  }
  const openCard = async () => {
    await parent.send("/my");
    await parent.nextMessage(/Мои заявления/);
    await parent.tap(`№ ${app.number}`);
    return parent.nextMessage(new RegExp(`№ ${app.number}\n`));
  };
  const revokeResult = async () => {
    const document = (await listIssued(db, app.id)).find((d) => d.kind === (reason ? "refusal" : "certificate"))!;
    const why = reason ? "Отказ оформлен ошибочно: копия читается" : "Справка выдана ошибочно: не тот учебный год";
    expect(
      await revoke(db, { staff: staffMember, applicationId: app.id, documentId: document.id, reason: why, now: new Date() }),
    ).toMatchObject({
      ok: true,
    });
    await parent.nextMessage(new RegExp(`Школа отозвала документ № ${document.number}`), { timeoutMs: 10_000 });
    return document;
  };
  return { parent, app, openCard, revokeResult, user: (await findUserByTelegramId(db, id))! };
}

/**
 * A parent registered through the bot whose meals application the school refused for `reason` with its reasoned
 * refusal (the document), and that refusal revoked; `before`: the card is opened before the revocation.
 */
async function refusalRevoked(reason: string, before = false) {
  const { parent, app, openCard, revokeResult, user } = await decided(reason);
  const earlier = before ? await openCard() : undefined;
  const refusal = await revokeResult();
  const card = earlier ?? (await openCard());
  return { parent, app, card, refusal, user };
}

describe("a refusal the school revoked", () => {
  it("is no longer to be fixed: 'apply again' copies every answer and page as they were, to the same school, and says why", async () => {
    const db = system.database.db;
    const { parent, app, card, refusal, user } = await refusalRevoked("unreadable-copy");
    expect(card.text).toContain(`Статус: документ № ${refusal.number} отозван школой`);
    expect(parent.lastKeyboard()).not.toContain("✏️ Исправить и подать снова");
    expect(parent.lastKeyboard()).toContain("📝 Подать заявление заново");

    await parent.tap("📝 Подать заявление заново");
    const started = await parent.nextMessage(/черновик №/);
    expect(started.text).toContain(`Школа отозвала отказ по заявлению № ${app.number}`);
    expect(started.text).not.toContain("Исправьте то, на что указала школа");
    const draft = (await listParentApplications(db, user.id)).find((a) => a.status === "draft")!;
    expect(started.text).toContain(`№ ${draft.number}`);
    // Nothing the refusal put in doubt is asked again: every answer and page stays, and the school.
    expect(draft.form).toMatchObject({
      parent: app.form.parent!,
      child: app.form.child!,
      school: app.form.school!,
      fields: app.form.fields!,
    });
    expect(draft.form.documents).toEqual({ "birth-certificate": "done", "large-family-certificate": "done" });
    expect(draft.schoolId).toBe(schoolId);
    expect((await listDocuments(db, draft.id)).map((d) => d.fileId)).toEqual((await listDocuments(db, app.id)).map((d) => d.fileId));
    // Opened at the review, to check, sign and send: not at the documents.
    const next = await parent.nextMessage(/Проверьте заявление|Документ 1 из/);
    expect(next.text).toContain("Проверьте заявление");
  });

  it("a card drawn before the revocation: its 'fix and resubmit' tapped after it does the same, says the refusal is revoked", async () => {
    const db = system.database.db;
    const { parent, app, user } = await refusalRevoked("unreadable-copy", true);
    await parent.tap("✏️ Исправить и подать снова");
    const started = await parent.nextMessage(/черновик №/);
    expect(started.text).toContain(`Школа отозвала отказ по заявлению № ${app.number}`);
    expect((await parent.nextMessage(/Проверьте заявление|Документ 1 из/)).text).toContain("Проверьте заявление");
    const draft = (await listParentApplications(db, user.id)).find((a) => a.status === "draft")!;
    expect(draft.form.documents).toEqual(app.form.documents);
    expect((await listDocuments(db, draft.id)).map((d) => d.fileId)).toEqual((await listDocuments(db, app.id)).map((d) => d.fileId));
  });

  it("a fix begun before the revocation: 'apply again' goes on with it, what the fix dropped filled back — at the review", async () => {
    const db = system.database.db;
    const { parent, app, openCard, revokeResult, user } = await decided("category-not-confirmed");
    await openCard();
    await parent.tap("✏️ Исправить и подать снова");
    const made = await parent.nextMessage(/Создан новый черновик № (\S+)/);
    const number = made.text!.match(/черновик № (\S+)/)![1]!;
    await parent.nextMessage(/К какой категории относится ребёнок/);
    // The fix asks the category again: the answers and the documents' confirmations are not in it.
    expect((await listParentApplications(db, user.id)).find((a) => a.number === number)?.form.fields).toBeUndefined();

    const refusal = await revokeResult();
    await openCard();
    await parent.tap("📝 Подать заявление заново");
    const told = await parent.nextMessage(/черновик №/);
    expect(told.text).toBe(
      `Школа отозвала отказ по заявлению № ${app.number} (документ № ${refusal.number}): отказ больше не действует. ` +
        `Продолжим черновик № ${number}, начатый для исправления: в него возвращены ответы и документы заявления, ` +
        "которые вы ещё не заполнили заново.",
    );
    expect((await parent.nextMessage(/Проверьте заявление|Выберите|Документ 1 из/)).text).toContain("Проверьте заявление");
    const drafts = (await listParentApplications(db, user.id)).filter((a) => a.status === "draft");
    expect(drafts.map((d) => d.number)).toEqual([number]);
    expect(drafts[0]!.form).toMatchObject({ fields: app.form.fields!, documents: app.form.documents! });
    expect((await listDocuments(db, drafts[0]!.id)).map((d) => d.fileId)).toEqual((await listDocuments(db, app.id)).map((d) => d.fileId));
  });

  it("a fix begun before the revocation keeps what the parent gave again: a page sent anew stays, the rest comes back", async () => {
    const db = system.database.db;
    const { parent, app, openCard, revokeResult, user } = await decided("unreadable-copy");
    await openCard();
    await parent.tap("✏️ Исправить и подать снова");
    await parent.nextMessage(/Создан новый черновик/);
    await parent.nextMessage(/Документ 1 из/);
    await parent.tap("🔄 Заменить страницы");
    await parent.nextMessage(/Документ 1 из/);
    await parent.sendPhoto(JPEG);
    await parent.nextMessage(/Получено страниц: 1 ✅/);
    await parent.nextMessage(/Документ 2 из/);
    const fix = (await listParentApplications(db, user.id)).find((a) => a.status === "draft")!;

    await revokeResult();
    await openCard();
    await parent.tap("📝 Подать заявление заново");
    await parent.nextMessage(new RegExp(`Продолжим черновик № ${fix.number}, начатый для исправления`));
    expect((await parent.nextMessage(/Проверьте заявление|Документ \d из/)).text).toContain("Проверьте заявление");
    const draft = (await listParentApplications(db, user.id)).find((a) => a.status === "draft")!;
    expect(draft.id).toBe(fix.id);
    expect(draft.form.documents).toEqual(app.form.documents);
    const pages = await listDocuments(db, draft.id);
    const source = await listDocuments(db, app.id);
    // The page the parent sent anew (stored, or still being checked), not the refused one.
    const birth = pages.filter((d) => d.requirementId === "birth-certificate");
    expect(birth).toHaveLength(1);
    expect(birth[0]!.fileId).not.toBe(source.find((d) => d.requirementId === "birth-certificate")!.fileId);
    expect(pages.find((d) => d.requirementId === "large-family-certificate")!.fileId).toBe(
      source.find((d) => d.requirementId === "large-family-certificate")!.fileId,
    );
  });
});

describe("a certificate the school revoked", () => {
  it("'apply again' copies every answer and page to the same school, at the review; sent once, it stands: not a second", async () => {
    const db = system.database.db;
    const { parent, app, openCard, revokeResult, user } = await decided();
    const certificate = await revokeResult();
    const card = await openCard();
    expect(card.text).toContain(`Статус: документ № ${certificate.number} отозван школой`);
    expect(parent.lastKeyboard()).toContain("📝 Подать заявление заново");

    await parent.tap("📝 Подать заявление заново");
    const started = await parent.nextMessage(/черновик №|Государственные услуги/);
    const draft = (await listParentApplications(db, user.id)).find((a) => a.status === "draft")!;
    expect(started.text).toBe(
      `Школа отозвала документ № ${certificate.number}, выданный по заявлению № ${app.number}: он больше не действует. ` +
        `Создан новый черновик № ${draft.number} со всеми ответами и документами этого заявления — проверьте его, ` +
        "подпишите и отправьте в школу.",
    );
    expect((await parent.nextMessage(/Проверьте заявление|Документ 1 из/)).text).toContain("Проверьте заявление");
    expect(draft.form).toMatchObject({
      parent: app.form.parent!,
      child: app.form.child!,
      school: app.form.school!,
      fields: app.form.fields!,
      documents: app.form.documents!,
    });
    expect(draft.schoolId).toBe(schoolId);
    expect((await listDocuments(db, draft.id)).map((d) => d.fileId)).toEqual((await listDocuments(db, app.id)).map((d) => d.fileId));

    // Signed and sent to the same school: the revoked application stands for nothing there.
    const statement = await prepareStatement(db, draft.id);
    const cms = await storeFile(db, { bytes: new TextEncoder().encode("%PDF-1.4 stand-in for a CMS file"), name: "statement.cms" });
    const signerIin = String(draft.form.parent!.iin);
    const signature = { method: "eds" as const, fileId: cms.id, statementSha256: statement.sha256, valid: true, signerIin };
    await recordSignature(db, { applicationId: draft.id, ...signature, result: { valid: true, checks: [] } });
    for (const action of ["sign", "send"] as const) {
      expect(await changeStatus(db, { applicationId: draft.id, action, principal: { kind: "system" }, now: new Date() })).toMatchObject({
        ok: true,
      });
    }

    // "Apply again" on the card once more: the new application stands at that school — no second copy.
    await openCard();
    await parent.tap("📝 Подать заявление заново");
    const told = await parent.nextMessage(/поэтому подать заявление заново нельзя|черновик №/);
    expect(told.text).toContain(`У ребёнка уже есть заявление № ${draft.number} на эту услугу в эту школу`);
    expect(parent.lastKeyboard()).toEqual(["📂 Открыть заявление"]);
    expect((await listParentApplications(db, user.id)).filter((a) => a.status === "draft")).toEqual([]);
  });
});

/**
 * After a refusal the parent fixes and resubmits: from "My applications", one tap makes a new
 * draft with every answer and document of the refused application, opened at what the
 * school's reason points to — the documents for an unreadable copy, the school for the wrong
 * school — and the refused application stays as it was. Tapped again, it opens that draft.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listDocuments, listParentApplications } from "#root/db/queries/applications.ts";
import { findUserByTelegramId } from "#root/db/queries/users.ts";
import { changeStatus } from "#root/flows/applications.ts";
import { makeIin } from "#root/flows/iin.ts";
import { seedSchool, seedStaff, submittedApplication } from "#root/test/helpers/fixtures.ts";
import { registerInRussian } from "#root/test/helpers/parent-flow.ts";
import { JPEG, startTestSystem, type TestSystem } from "#root/test/helpers/system.ts";

let system: TestSystem;
let schoolId: number;
let staffPrincipal: { kind: "staff"; staffId: number; role: "specialist"; schoolId: number };
let nextId = 830_000;

beforeAll(async () => {
  system = await startTestSystem();
  const db = system.database.db;
  schoolId = (await seedSchool(db, "123456789012", "Школа-гимназия №12")).id;
  const member = await seedStaff(db, { schoolId, telegramId: 830_999, role: "specialist", fullName: "Сауле Ахметова" });
  staffPrincipal = { kind: "staff", staffId: member.id, role: "specialist", schoolId };
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
    await parent.nextMessage(new RegExp(`со всеми ответами и документами заявления №${app.number}`));
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
    const made = await parent.nextMessage(/Создан новый черновик №(\S+)/);
    const number = made.text!.match(/черновик №(\S+)/)![1]!;
    await parent.nextMessage(/Документ 1 из/);

    await parent.send("/my");
    await parent.nextMessage(/Мои заявления/);
    await parent.tap(`№ ${app.number}`);
    await parent.nextMessage(/Статус: Отказано в приёме/);
    await parent.tap("✏️ Исправить и подать снова");
    await parent.nextMessage(new RegExp(`Заявление №${app.number} уже исправляется в черновике №${number}`));
    await parent.nextMessage(/Документ 1 из/);
    const drafts = (await listParentApplications(system.database.db, user.id)).filter((a) => a.status === "draft");
    expect(drafts.map((d) => d.number)).toEqual([number]);
  });
});

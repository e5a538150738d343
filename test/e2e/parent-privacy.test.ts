/**
 * /privacy through the parent bot: the parent sees what is kept about them (masked), confirms,
 * and their drafts, saved children and documents are gone and the profile anonymised, while the
 * application already sent stays with the school, with its events and files.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addDocument, createDraft, getApplication, listEvents, listParentApplications } from "#root/db/queries/applications.ts";
import { getStoredFile, storeFile } from "#root/db/queries/files.ts";
import { latestSignature } from "#root/db/queries/signatures.ts";
import { findUserByTelegramId, listChildren } from "#root/db/queries/users.ts";
import { makeIin } from "#root/flows/iin.ts";
import { changeStatus } from "#root/flows/applications.ts";
import { seedSchool, seedStaff, submittedApplication, tinyPng } from "#root/test/helpers/fixtures.ts";
import { registerInRussian } from "#root/test/helpers/parent-flow.ts";
import { startTestSystem, type TestSystem } from "#root/test/helpers/system.ts";

let system: TestSystem;
beforeAll(async () => {
  system = await startTestSystem();
});
afterAll(() => system?.close());

describe("/privacy", () => {
  it(
    "shows what is kept, withdraws the consent on confirmation, keeps the sent " +
      "application with the school, and /start begins afresh with the consent",
    async () => {
      const db = system.database.db;
      const parent = system.parent({ lang: "ru" });
      await registerInRussian(parent, "Петрова Анна Сергеевна", makeIin("1988-07-14", "female", 61));
      const school = await seedSchool(db, "990140000999");
      const sent = await submittedApplication(db, {
        serviceId: "meals",
        schoolId: school.id,
        parentTelegramId: parent.chat.user.id,
        parentName: "Петрова Анна Сергеевна",
        email: "anna.petrova@example.kz",
      });
      const user = (await findUserByTelegramId(db, parent.chat.user.id))!;
      const draft = await createDraft(db, { serviceId: "home-schooling", parentId: user.id, lang: "ru", now: new Date() });
      const upload = await storeFile(db, { bytes: tinyPng(), name: "conclusion.png" });
      await addDocument(db, { applicationId: draft.id, requirementId: "commission-conclusion", fileId: upload.id });
      const eventsBefore = await listEvents(db, sent.id);

      await parent.send("/privacy");
      const report = await parent.nextMessage(/Что бот хранит о вас/);
      expect(report.text).toContain("Петрова А. С.");
      expect(report.text).toContain(`${user.iin!.slice(0, 4)}******${user.iin!.slice(10)}`);
      expect(report.text).not.toContain(user.iin!);
      expect(report.text).toContain("a***@example.kz");
      expect(report.text).toMatch(/черновиков\): 1\n/);
      expect(report.text).toMatch(/Сохранённых детей: 1\n/);
      expect(report.text).toMatch(/отправленных в школу: 1\n/);
      expect(report.text).toMatch(/останутся у школы/);

      await parent.tap("🗑 Отозвать согласие");
      const done = await parent.nextMessage(/Согласие отозвано/);
      expect(done.text).toMatch(/черновиков: 1, сохранённых детей: 1, документов: 1/);
      expect(done.text).toMatch(/остаются у школы/);

      const after = (await findUserByTelegramId(db, parent.chat.user.id))!;
      expect(after).toMatchObject({ id: user.id, fullName: null, iin: null, phone: null, email: null, consentAt: null });
      expect(await getApplication(db, draft.id)).toBeUndefined();
      expect(await getStoredFile(db, upload.id)).toBeUndefined();
      expect(await listChildren(db, user.id)).toEqual([]);
      const kept = await getApplication(db, sent.id);
      expect(kept).toMatchObject({ status: "submitted", parentId: user.id, statementFileId: sent.statementFileId });
      expect(kept!.form.child).toMatchObject({ fullName: "Нурлан Сапаров" });
      expect(await listEvents(db, sent.id)).toEqual(eventsBefore);
      expect(await getStoredFile(db, sent.statementFileId!)).toBeDefined();
      expect(await getStoredFile(db, (await latestSignature(db, sent.id))!.fileId)).toBeDefined();
      expect((await listParentApplications(db, user.id)).map((a) => a.id)).toEqual([sent.id]);

      await parent.send("/start");
      await parent.nextMessage(/Согласие на сбор и обработку/);
      await parent.tap("✅ Согласен(на)");
      await parent.nextMessage(/Поделитесь номером/);
      await parent.shareContact();
      await parent.nextMessage(/ваши фамилию, имя и отчество/);
      await parent.send("Петрова Анна Сергеевна");
      await parent.nextMessage(/ваш ИИН/);
      await parent.send(makeIin("1988-07-14", "female", 61));
      await parent.nextMessage(/Государственные услуги школы/);
      expect((await findUserByTelegramId(db, parent.chat.user.id))?.consentAt).not.toBeNull();
    },
  );

  it("'Withdraw' under a report sent before the consent was given again withdraws nothing; a new /privacy's does", async () => {
    const db = system.database.db;
    const parent = system.parent({ lang: "ru" });
    const iin = makeIin("1988-07-14", "female", 64);
    await registerInRussian(parent, "Петрова Анна Сергеевна", iin);
    await parent.send("/privacy");
    const older = await parent.nextMessage(/Что бот хранит о вас/);
    await parent.send("/privacy");
    await parent.nextMessage(/Что бот хранит о вас/);
    await parent.tap("🗑 Отозвать согласие");
    await parent.nextMessage(/Согласие отозвано/);

    // Back the next second (Telegram dates messages in seconds): the consent again, and a new draft.
    await new Promise((r) => setTimeout(r, 1010 - (Date.now() % 1000)));
    await registerInRussian(parent, "Петрова Анна Сергеевна", iin);
    const user = (await findUserByTelegramId(db, parent.chat.user.id))!;
    const draft = await createDraft(db, { serviceId: "meals", parentId: user.id, lang: "ru", now: new Date() });

    const withdraw = older.reply_markup!.inline_keyboard.flat().find((b) => b.text === "🗑 Отозвать согласие") as { callback_data: string };
    const tap = await parent.chat.tapButton(older.message_id, withdraw.callback_data);
    expect((await parent.callbackAnswer(tap)).text).toMatch(/кнопка устарела.*\/privacy/s);
    expect((await findUserByTelegramId(db, parent.chat.user.id))?.consentAt).toBeTruthy();
    expect(await getApplication(db, draft.id)).toBeDefined();
    // The older report loses its buttons.
    expect((await parent.nextMessage(/Что бот хранит о вас/)).reply_markup?.inline_keyboard ?? []).toEqual([]);

    await parent.send("/privacy");
    await parent.nextMessage(/Что бот хранит о вас/);
    await parent.tap("🗑 Отозвать согласие");
    await parent.nextMessage(/Согласие отозвано/);
    expect((await findUserByTelegramId(db, parent.chat.user.id))?.consentAt).toBeNull();
    expect(await getApplication(db, draft.id)).toBeUndefined();
  });

  it("an old 'Fix and resubmit' button after the withdrawal copies nothing and says how to give the consent again", async () => {
    const db = system.database.db;
    const parent = system.parent({ lang: "ru" });
    await registerInRussian(parent, "Сапарова Айгерим", makeIin("1985-04-12", "female", 62));
    const school = await seedSchool(db, "990140000998");
    const member = await seedStaff(db, { schoolId: school.id, telegramId: 840_998, role: "specialist", fullName: "Сауле Ахметова" });
    const app = await submittedApplication(db, { serviceId: "meals", schoolId: school.id, parentTelegramId: parent.chat.user.id });
    const principal = { kind: "staff" as const, staffId: member.id, role: "specialist" as const, schoolId: school.id };
    expect(
      (await changeStatus(db, { applicationId: app.id, action: "refuse", principal, reason: "unreadable-copy", now: new Date() })).ok,
    ).toBe(true);
    await parent.send("/my");
    await parent.nextMessage(/Мои заявления/);
    await parent.tap(`№ ${app.number}`);
    await parent.nextMessage(/Отказано в приёме/);

    await parent.send("/privacy");
    await parent.nextMessage(/Что бот хранит о вас/);
    await parent.tap("🗑 Отозвать согласие");
    await parent.nextMessage(/Согласие отозвано/);

    await parent.tap("✏️ Исправить и подать снова");
    await parent.nextMessage(/Вы отозвали согласие на обработку персональных данных, поэтому исправить заявление.*отправьте \/start/);
    const user = (await findUserByTelegramId(db, parent.chat.user.id))!;
    expect((await listParentApplications(db, user.id)).map((a) => a.id)).toEqual([app.id]);
  });

  it("is in the parent bot's menu in Kazakh and Russian", async () => {
    const bot = [...system.playground!.state.bots.values()][0]!;
    expect(bot.commands.get('{"type":"default"}|ru')).toContainEqual({ command: "privacy", description: "Мои данные и отзыв согласия" });
    expect(bot.commands.get('{"type":"default"}|kk')).toContainEqual({
      command: "privacy",
      description: "Менің деректерім және келісімді қайтарып алу",
    });
  });

  it("says nothing is kept to someone who never registered", async () => {
    const stranger = system.parent({ lang: "ru" });
    await stranger.send("/privacy");
    await stranger.nextMessage(/не хранит о вас персональных данных/);
  });
});

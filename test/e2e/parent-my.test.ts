/**
 * "My applications" (/my) through the parent bot: a parent with many applications gets them a
 * page at a time, each page a message Telegram takes, and is told how many there are and how to
 * see the rest; a withdrawal confirmed after the school moved the application on is asked again while
 * the application can still be withdrawn, and one confirmed twice (a double tap) is said to be
 * withdrawn already. An application whose result the school revoked has nothing
 * left to withdraw (no decision follows it): its card offers to apply again instead, and a withdrawal
 * begun before the revocation says so and offers the same (its answers copied, while the service takes applications).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDraft, getApplication } from "#root/db/queries/applications.ts";
import { listIssued } from "#root/db/queries/issued.ts";
import { findUserByTelegramId, giveConsent } from "#root/db/queries/users.ts";
import { changeStatus } from "#root/flows/applications.ts";
import { revoke } from "#root/flows/decisions.ts";
import { formatDate } from "#root/flows/form.ts";
import { getService, periodState } from "#root/flows/services/index.ts";
import { makeIin } from "#root/flows/iin.ts";
import { almatyDate } from "#root/flows/sla.ts";
import { lastCampaignYear } from "#root/test/helpers/campaign.ts";
import { seedSchool, seedStaff, submittedApplication } from "#root/test/helpers/fixtures.ts";
import { registerInRussian } from "#root/test/helpers/parent-flow.ts";
import { startTestSystem, type TestSystem } from "#root/test/helpers/system.ts";

let system: TestSystem;
beforeAll(async () => {
  system = await startTestSystem();
});
afterAll(() => system?.close());

/** A parent whose last campaign's first-grade application got its receipt, from a school of `bin` with its director. */
async function receiptIssued(bin: string, directorTelegramId: number) {
  const db = system.database.db;
  const parent = system.parent({ lang: "ru" });
  const school = await seedSchool(db, bin);
  const director = await seedStaff(db, {
    schoolId: school.id,
    telegramId: directorTelegramId,
    role: "director",
    fullName: "Гульнара Ахметова",
  });
  const year = lastCampaignYear();
  const app = await submittedApplication(db, {
    serviceId: "first-grade",
    schoolId: school.id,
    parentTelegramId: parent.chat.user.id,
    now: new Date(Date.UTC(year, 4, 15, 5)),
    child: { birthDate: `${year - 6}-03-10`, grade: 1 },
  });
  const receipt = (await listIssued(db, app.id)).find((d) => d.kind === "receipt")!;
  return { db, parent, director, app, receipt };
}
describe("/my", () => {
  it("25 applications with long names: three pages, each within Telegram's limit, saying which ones and how to go on", async () => {
    const db = system.database.db;
    const parent = system.parent({ lang: "ru" });
    await registerInRussian(parent, "Сапарова Айгерим", makeIin("1985-04-12", "female", 71));
    const user = (await findUserByTelegramId(db, parent.chat.user.id))!;
    const longName = `Абдрахманова-Жумабаева ${"Айгерим-Гульнара ".repeat(6)}Нурсултановна`;
    for (let i = 0; i < 25; i++) {
      await createDraft(db, {
        serviceId: "home-schooling",
        parentId: user.id,
        lang: "ru",
        now: new Date(),
        form: { child: { fullName: `${longName} ${i}` } },
      });
    }

    await parent.send("/my");
    const first = await parent.nextMessage(/Мои заявления/);
    expect(first.text!.length).toBeLessThanOrEqual(4096);
    expect(first.text).toContain("Показаны заявления 1–10 из 25.");
    expect(first.text).not.toContain(longName); // cut short in the list; the card shows it whole
    await parent.tap("Следующие ▶");
    const second = await parent.nextMessage(/Мои заявления/);
    expect(second.text).toContain("Показаны заявления 11–20 из 25.");
    await parent.tap("Следующие ▶");
    const third = await parent.nextMessage(/Мои заявления/);
    expect(third.text).toContain("Показаны заявления 21–25 из 25.");
    expect(third.reply_markup!.inline_keyboard.flat().map((b) => b.text)).toContain("◀ Предыдущие");
    expect(third.reply_markup!.inline_keyboard.flat().filter((b) => b.text.startsWith("№"))).toHaveLength(5);
  });

  it("'Yes, withdraw' after the school registered it meanwhile asks again, and the second 'Yes' withdraws it", async () => {
    const db = system.database.db;
    const parent = system.parent({ lang: "ru" });
    await registerInRussian(parent, "Сапарова Айгерим", makeIin("1985-04-12", "female", 72));
    const school = await seedSchool(db, "990140000997");
    const member = await seedStaff(db, { schoolId: school.id, telegramId: 850_997, role: "specialist", fullName: "Сауле Ахметова" });
    const app = await submittedApplication(db, { serviceId: "meals", schoolId: school.id, parentTelegramId: parent.chat.user.id });

    await parent.send("/my");
    await parent.nextMessage(/Мои заявления/);
    await parent.tap(`№ ${app.number}`);
    await parent.nextMessage(new RegExp(`· № ${app.number}`));
    await parent.tap("Отозвать заявление");
    await parent.nextMessage(/Отозвать заявление № .*\?/);
    const principal = { kind: "staff" as const, staffId: member.id, role: "specialist" as const, schoolId: school.id };
    expect((await changeStatus(db, { applicationId: app.id, action: "register", principal, now: new Date() })).ok).toBe(true);

    await parent.tap("Да, отозвать");
    await parent.nextMessage(new RegExp(`статус заявления № ${app.number} изменился: «.+»\\. Его ещё можно отозвать`));
    expect((await getApplication(db, app.id))?.status).toBe("registered");
    await parent.tap("Да, отозвать");
    await parent.nextMessage(new RegExp(`Заявление № ${app.number} отозвано`));
    expect((await getApplication(db, app.id))?.status).toBe("cancelled");
  });

  it("'Yes, withdraw' tapped twice withdraws once and says it is withdrawn already; the old card's 'withdraw' asks nothing", async () => {
    const db = system.database.db;
    const parent = system.parent({ lang: "ru" });
    await registerInRussian(parent, "Сапарова Айгерим", makeIin("1985-04-12", "female", 73));
    const school = await seedSchool(db, "990140000994");
    const app = await submittedApplication(db, { serviceId: "meals", schoolId: school.id, parentTelegramId: parent.chat.user.id });

    await parent.send("/my");
    await parent.nextMessage(/Мои заявления/);
    await parent.tap(`№ ${app.number}`);
    const card = await parent.nextMessage(new RegExp(`· № ${app.number}`));
    await parent.tap("Отозвать заявление");
    const confirm = await parent.nextMessage(/Отозвать заявление № .*\?/);
    const yes = confirm.reply_markup!.inline_keyboard.flat().find((b) => b.text === "Да, отозвать") as { callback_data: string };
    // A double tap: Telegram delivers both before the buttons go.
    parent.chat.tapButton(confirm.message_id, yes.callback_data);
    parent.chat.tapButton(confirm.message_id, yes.callback_data);
    await parent.nextMessage(`Заявление № ${app.number} отозвано.`);
    // Before, the second tap said the school had decided ("уже нельзя отозвать: школа приняла решение…").
    await parent.nextMessage(`Заявление № ${app.number} уже отозвано.`);
    expect(parent.botMessages().some((m) => /уже нельзя отозвать/.test(m.text ?? ""))).toBe(false);
    expect((await getApplication(db, app.id))?.status).toBe("cancelled");

    // The card drawn before: its "withdraw" says so at once, with no confirmation to tap.
    const withdraw = card.reply_markup!.inline_keyboard.flat().find((b) => b.text === "Отозвать заявление") as { callback_data: string };
    const asked = parent.botMessages().length;
    const answer = await parent.callbackAnswer(parent.chat.tapButton(card.message_id, withdraw.callback_data));
    expect(answer).toEqual({ showAlert: true, text: `Заявление № ${app.number} уже отозвано.` });
    expect(parent.botMessages()).toHaveLength(asked);
  });

  it("withdrawing one signed but not sent is not said to stop the school considering it; it is withdrawn", async () => {
    const db = system.database.db;
    const parent = system.parent({ lang: "kk" });
    const school = await seedSchool(db, "990140000993");
    const app = await submittedApplication(db, {
      serviceId: "meals",
      schoolId: school.id,
      parentTelegramId: parent.chat.user.id,
      lang: "kk",
      signedOnly: true,
    });

    await parent.send("/my");
    await parent.nextMessage(/Менің өтініштерім/);
    await parent.tap(`№ ${app.number}`);
    await parent.nextMessage(new RegExp(`· № ${app.number}`));
    expect(parent.lastKeyboard()).toEqual(["📨 Мектепке жіберу", "Өтінішті кері қайтарып алу", "◀ Тізімге"]);
    await parent.tap("Өтінішті кері қайтарып алу");
    const confirm = await parent.nextMessage(/кері қайтарып аласыз ба\?/);
    // Before: "Мектеп оны қарауды тоқтатады" ("the school will stop considering it") of one the school never got.
    expect(confirm.text).toBe(
      `№ ${app.number} өтінішті кері қайтарып аласыз ба? ` +
        "Ол мектепке әлі жіберілген жоқ, ал кері қайтарып алғаннан кейін оны жіберу мүмкін болмайды.",
    );
    await parent.tap("Иә, қайтарып алу");
    await parent.nextMessage(`№ ${app.number} өтініш кері қайтарып алынды.`);
    expect((await getApplication(db, app.id))?.status).toBe("cancelled");
  });

  it("'Yes, withdraw' after the school revoked the receipt meanwhile says it was revoked, withdraws nothing: apply again", async () => {
    const { db, parent, director, app, receipt } = await receiptIssued("990140000995", 850_995);

    await parent.send("/my");
    await parent.nextMessage(/Мои заявления/);
    await parent.tap(`№ ${app.number}`);
    await parent.nextMessage(new RegExp(`· № ${app.number}`));
    await parent.tap("Отозвать заявление");
    await parent.nextMessage(/Отозвать заявление № .*\?/);
    const reason = "Расписка выдана ошибочно: документы не приложены";
    expect(await revoke(db, { staff: director, applicationId: app.id, documentId: receipt.id, reason, now: new Date() })).toMatchObject({
      ok: true,
    });

    await parent.tap("Да, отозвать");
    const told = await parent.nextMessage(/Пока вы подтверждали, школа отозвала/);
    expect(told.text).toBe(
      `Пока вы подтверждали, школа отозвала документ № ${receipt.number}, выданный по заявлению № ${app.number}: ` +
        "решений по нему больше не будет, отзывать его не нужно. Вы можете подать заявление заново.",
    );
    // Not asked to withdraw it again: the way on is a new application.
    expect(parent.lastKeyboard()).toEqual(["📝 Подать заявление заново"]);
    expect((await getApplication(db, app.id))?.status).toBe("completed");
    // Applying again copies the application while the service takes applications (April to August); outside, says when.
    await giveConsent(db, parent.chat.user.id, "ru", new Date());
    await parent.tap("📝 Подать заявление заново");
    const open = periodState(getService("first-grade"), new Date()).open;
    const again = `Школа отозвала документ № ${receipt.number}, выданный по заявлению № ${app.number}: он больше не действует`;
    await parent.nextMessage(open ? again : /«Приём в первый класс»: заявления принимаются с/);
  });

  it("a document the school revoked is shown as revoked, with its reason, not as the result; apply again, not withdraw", async () => {
    const { db, parent, director, app, receipt } = await receiptIssued("990140000996", 850_996);

    // Before: the receipt is the result, and it can be downloaded.
    await parent.send("/my");
    await parent.nextMessage(/Мои заявления/);
    await parent.tap(`№ ${app.number}`);
    await parent.nextMessage(new RegExp(`· № ${app.number}`));
    expect(parent.lastKeyboard()).toContain("📄 Скачать результат");
    expect(parent.lastKeyboard()).toContain("Отозвать заявление");

    const reason = "Расписка выдана ошибочно: документы не приложены";
    expect(await revoke(db, { staff: director, applicationId: app.id, documentId: receipt.id, reason, now: new Date() })).toMatchObject({
      ok: true,
    });
    const said = `документ № ${receipt.number} отозван школой ${formatDate(almatyDate(new Date()))}`;

    // The old card's download button: the revoked document is not handed out as the result.
    const query = await parent.tap("📄 Скачать результат");
    expect(await parent.callbackAnswer(String(query))).toMatchObject({
      text: expect.stringMatching(/отозван школой и больше не действителен/),
    });

    await parent.send("/my");
    const list = await parent.nextMessage(/Мои заявления/);
    expect(list.text).toContain(said);
    await parent.tap(`№ ${app.number}`);
    const card = await parent.nextMessage(new RegExp(`· № ${app.number}`));
    expect(card.text).toContain(`Статус: ${said}`);
    expect(card.text).toContain(`Причина отзыва: ${reason}`);
    expect(card.text).toContain("Вы можете подать заявление заново");
    expect(card.text).toMatch(/— Выданный документ отозван школой$/m); // its line in the history
    expect(parent.lastKeyboard()).not.toContain("📄 Скачать результат");
    // Nothing to withdraw: the card offers to apply again, and the old card's "withdraw" says why it withdraws nothing.
    expect(parent.lastKeyboard()).not.toContain("Отозвать заявление");
    expect(parent.lastKeyboard()).toContain("📝 Подать заявление заново");
    const withdraw = parent.botMessages().find((m) => m.message_id !== card.message_id && /Скачать результат/.test(JSON.stringify(m)))!;
    const cancelData = withdraw.reply_markup!.inline_keyboard.flat().find((b) => b.text === "Отозвать заявление")!;
    const answer = await parent.callbackAnswer(
      parent.chat.tapButton(withdraw.message_id, (cancelData as { callback_data: string }).callback_data),
    );
    expect(answer).toEqual({
      showAlert: true,
      text:
        "Школа отозвала документ, выданный по этому заявлению: решений по нему больше не будет, отзывать его не нужно. " +
        "Вы можете подать заявление заново.",
    });
    expect(parent.lastKeyboard()).toContain("📝 Подать заявление заново");
    // Nor is it withdrawn any other way.
    const principal = { kind: "parent" as const, userId: app.parentId };
    expect(await changeStatus(db, { applicationId: app.id, action: "cancel", principal, now: new Date() })).toMatchObject({
      ok: false,
      reason: "result_revoked",
    });
    expect((await getApplication(db, app.id))?.status).toBe("completed");
  });
});

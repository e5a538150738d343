/**
 * A staff member's confirmation belongs to the dialog that asked it: with two summaries in the chat
 * (one left unanswered, another application's dialog started since), "✅ Confirm" under the older
 * one decides nothing — least of all the other application — and says the button is out of date.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { getApplication } from "#root/db/queries/applications.ts";
import { joinAsStaff, seedSchool, startProviderHarness, submittedApplication, type ProviderHarness } from "#root/test/helpers/fixtures.ts";
import { tgUser, type TgChat } from "#root/test/helpers/tg-client.ts";

let h: ProviderHarness;
let schoolId: number;

beforeEach(async () => {
  h = await startProviderHarness();
  schoolId = (await seedSchool(h.db, "123456789012", "Школа-гимназия №12")).id;
});
afterEach(async () => {
  await h.close();
});

async function specialistChat(): Promise<TgChat> {
  const chat = tgUser(h.emulator, { id: 7101, firstName: "Сауле", lang: "ru" }).chatWith("provider_bot");
  await joinAsStaff(chat, await h.invite(schoolId, "specialist"), "Сауле Ахметова", "Заместитель директора по учебной работе");
  return chat;
}

/** Open the card from the inbox, refuse with a reason and a comment, and stop at the summary. */
async function refusalSummary(chat: TgChat, number: string, child: string, reason: string, comment: string) {
  await chat.send("/inbox");
  await chat.nextMessage(/Заявления/);
  await chat.tap(`№ ${number} · ${child}`);
  await chat.nextMessage(new RegExp(`📄 Заявление № ${number}`));
  await chat.tap("Отказать в приёме");
  await chat.nextMessage(/выберите причину отказа/);
  await chat.tap(reason);
  await chat.nextMessage(/комментарий/);
  await chat.send(comment);
  return chat.nextMessage(/Подтверждаете/);
}

describe("a confirmation under an older summary", () => {
  it("decides neither application: the other one's dialog goes on and is confirmed under its own summary", async () => {
    const staff = await specialistChat();
    const a = await submittedApplication(h.db, { serviceId: "meals", schoolId, parentTelegramId: 7201, childName: "Нурлан Сапаров" });
    const b = await submittedApplication(h.db, { serviceId: "meals", schoolId, parentTelegramId: 7202, childName: "Дана Омарова" });

    const first = await refusalSummary(staff, a.number, "Нурлан Сапаров", "Копия нечитаема", "Свидетельство размыто");
    expect(first.text).toContain(a.number);
    const second = await refusalSummary(staff, b.number, "Дана Омарова", "Срок документа истёк", "Справка 2019 года");
    expect(second.text).toContain(b.number);

    const confirmOf = (m: typeof first) =>
      m.reply_markup!.inline_keyboard.flat().find((x) => x.text === "✅ Подтвердить") as { callback_data: string };
    const stale = await staff.chat.tapButton(first.message_id, confirmOf(first).callback_data);
    expect((await staff.callbackAnswer(stale)).text).toMatch(/кнопка устарела/);
    expect((await getApplication(h.db, b.id))!.status).toBe("submitted");
    expect((await getApplication(h.db, a.id))!.status).toBe("submitted");

    // The dialog of the second application is still waiting for its own confirmation.
    await staff.chat.tapButton(second.message_id, confirmOf(second).callback_data);
    await staff.nextMessage(/Отказано в приёме/);
    expect(await getApplication(h.db, b.id)).toMatchObject({ status: "refused", reason: "expired-document" });
    expect((await getApplication(h.db, a.id))!.status).toBe("submitted");
  });

  it("a number typed under a summary opens that application, and the summary's confirmation is then out of date", async () => {
    const staff = await specialistChat();
    const a = await submittedApplication(h.db, { serviceId: "meals", schoolId, parentTelegramId: 7203, childName: "Нурлан Сапаров" });
    const b = await submittedApplication(h.db, { serviceId: "meals", schoolId, parentTelegramId: 7204, childName: "Дана Омарова" });

    const summary = await refusalSummary(staff, a.number, "Нурлан Сапаров", "Копия нечитаема", "Свидетельство размыто");
    await staff.send(b.number);
    await staff.nextMessage(new RegExp(`📄 Заявление № ${b.number}`));

    const confirm = summary.reply_markup!.inline_keyboard.flat().find((x) => x.text === "✅ Подтвердить") as { callback_data: string };
    const stale = await staff.chat.tapButton(summary.message_id, confirm.callback_data);
    expect((await staff.callbackAnswer(stale)).text).toMatch(/кнопка устарела/);
    expect((await getApplication(h.db, a.id))!.status).toBe("submitted");
    expect((await getApplication(h.db, b.id))!.status).toBe("submitted");
  });
});

/**
 * Telegram lets a parent edit a message after sending it. The bot does not read an edit as an
 * answer (which question it answered is not known any more), so the parent is told, under the
 * edited message, to send the correction as a new message — and, in the form, how to change an
 * answer already taken. Nothing is lost or changed by an edit.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findDraft } from "#root/db/queries/applications.ts";
import { findUserByTelegramId } from "#root/db/queries/users.ts";
import { makeIin } from "#root/flows/iin.ts";
import { formOf } from "#root/flows/statement.ts";
import { bornForGrade } from "#root/test/helpers/parent-flow.ts";
import { startTestSystem, type TestSystem } from "#root/test/helpers/system.ts";

let system: TestSystem;
beforeAll(async () => {
  system = await startTestSystem();
});
afterAll(() => system?.close());

describe("a message the parent edits after sending it", () => {
  it("is answered under it, in registration and in the form, and the answer taken stays as sent", async () => {
    const db = system.database.db;
    const parent = system.parent({ lang: "ru" });
    await parent.send("/start");
    await parent.nextMessage(/Согласие/);
    await parent.tap("✅ Согласен(на)");
    await parent.nextMessage(/Поделитесь номером/);
    await parent.shareContact();
    await parent.nextMessage(/ваши фамилию, имя и отчество/);
    const name = await parent.send("Петрова Анна");
    await parent.nextMessage(/ваш ИИН/);

    // Registration: a correction of the name is not taken; the parent is told how to send it.
    parent.chat.edit(name.message_id, "Петрова Анна Сергеевна");
    const note = await parent.nextMessage(/Бот не видит исправлений/);
    expect(note.reply_to_message?.message_id).toBe(name.message_id);
    expect(note.text).not.toContain("шаге проверки");
    await parent.send(makeIin("1988-07-14", "female", 81));
    await parent.nextMessage(/Государственные услуги школы/);
    expect((await findUserByTelegramId(db, parent.chat.user.id))?.fullName).toBe("Петрова Анна");

    // The form: the same, with how to change an answer already taken; the question is not moved.
    await parent.tap("Бесплатное и льготное питание в школе");
    await parent.nextMessage(/по кнопке «Подробнее»/);
    await parent.tap("📝 Подать заявление");
    await parent.nextMessage(/Введите фамилию, имя и отчество ребёнка/);
    const child = await parent.send("Петров Алихан");
    await parent.nextMessage(/ИИН ребёнка/);
    parent.chat.edit(child.message_id, "Петров Алихан Маратович");
    const inForm = await parent.nextMessage(/Бот не видит исправлений/);
    expect(inForm.reply_to_message?.message_id).toBe(child.message_id);
    expect(inForm.text).toContain("на шаге проверки заявления нажмите ✏️");
    await parent.send(makeIin(bornForGrade(5), "male", 82));
    await parent.nextMessage(/В каком классе/);
    const user = (await findUserByTelegramId(db, parent.chat.user.id))!;
    expect(formOf((await findDraft(db, user.id))!).child).toMatchObject({ fullName: "Петров Алихан" });
  });
});

describe("what Telegram sends as an edit though nobody edited anything", () => {
  it("a reaction, or a live location moving, gets no answer: the parent is not told about edits they never made", async () => {
    const parent = system.parent({ lang: "ru" });
    const start = await parent.send("/start");
    await parent.nextMessage(/Согласие/);
    parent.chat.react(start.message_id);
    const live = parent.chat.shareLiveLocation(43.238, 76.945);
    const answered = parent.botMessages().length + 1;
    await parent.nextMessage();
    parent.chat.moveLiveLocation(live.message_id, 43.239, 76.946);
    parent.chat.moveLiveLocation(live.message_id, 43.24, 76.947);
    await parent.send("/help");
    await parent.nextMessage();
    const said = parent.botMessages().map((m) => m.text ?? "");
    // The consent, the answer to the location, and the help: nothing in between.
    expect(said).toHaveLength(answered + 1);
    expect(said.join("\n")).not.toMatch(/исправлени/);
  });
});

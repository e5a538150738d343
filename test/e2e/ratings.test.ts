/**
 * Ratings: once an application is decided for good, the parent is asked once to rate it with one
 * tap and may add a comment; a second tap changes nothing; the school sees its average and the
 * latest comments with /stats — another school sees none of them. A request sent before the school
 * revoked the decision's document rates nothing: a tap on it is told so, and its buttons go. A score
 * given before the revocation stays, but takes no comment after it — refused in the same words — and
 * counts in the school's /stats no more: it is said apart, as not counted. A comment written after its time ran
 * out is said not to have gone, with the button to write it again.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listIssued } from "#root/db/queries/issued.ts";
import { addRatingComment, getRating, recordRating } from "#root/db/queries/ratings.ts";
import { changeStatus } from "#root/flows/applications.ts";
import { revoke } from "#root/flows/decisions.ts";
import { rateApplication } from "#root/flows/ratings.ts";
import { decidedApplication, seedSchool, seedStaff, submittedApplication } from "#root/test/helpers/fixtures.ts";
import { startTestSystem, type TestSystem } from "#root/test/helpers/system.ts";
import { tgUser } from "#root/test/helpers/tg-client.ts";

let system: TestSystem;
beforeAll(async () => {
  system = await startTestSystem();
});
afterAll(() => system.close());

describe("rating a decided application", () => {
  it("asks once after the result, keeps the first score and one comment, and shows the school's average to its staff only", async () => {
    const db = system.database.db;
    const school = await seedSchool(db, "990140000502", "Школа №502");
    const other = await seedSchool(db, "990140000601", "Школа №601");
    const specialist = await seedStaff(db, {
      schoolId: school.id,
      telegramId: 9501,
      role: "specialist",
      fullName: "Сауле Нурланова",
      lang: "ru",
    });
    await seedStaff(db, { schoolId: other.id, telegramId: 9502, role: "specialist", fullName: "Марат Бекұлы", lang: "ru" });
    const parent = system.parent({ lang: "ru" });
    await parent.send("/start"); // a bot may write only to those who wrote to it
    await parent.nextMessage();
    const app = await submittedApplication(db, { serviceId: "meals", schoolId: school.id, parentTelegramId: parent.chat.user.id });
    const principal = { kind: "staff" as const, staffId: specialist.id, role: "specialist" as const, schoolId: school.id };

    expect((await changeStatus(db, { applicationId: app.id, action: "register", principal, now: new Date() })).ok).toBe(true);
    await parent.nextMessage(/Зарегистрировано/, { timeoutMs: 10_000 });
    expect((await changeStatus(db, { applicationId: app.id, action: "issue", principal, now: new Date() })).ok).toBe(true);
    const ask = await parent.nextMessage(new RegExp(`Как школа рассмотрела ваше заявление № ${app.number}`), { timeoutMs: 10_000 });
    expect(ask.reply_markup!.inline_keyboard.flat().map((b) => b.text)).toEqual(["1 ⭐", "2 ⭐", "3 ⭐", "4 ⭐", "5 ⭐"]);
    // Only the final decision asks: registration did not.
    expect(parent.messages().filter((m) => /Оцените от 1/.test(m.text ?? "")).length).toBe(1);

    await parent.tap("4 ⭐");
    await parent.nextMessage(/Спасибо! Ваша оценка: ⭐⭐⭐⭐/);
    await parent.tap("✍️ Добавить комментарий");
    await parent.nextMessage(/Напишите комментарий одним сообщением/);
    await parent.send("Всё быстро, но <b>долго</b> ждали звонка");
    await parent.nextMessage(/комментарий передан школе/);
    // The old buttons: a second score changes nothing.
    await parent.chat.tapButton(ask.message_id, `rate:${app.id}:1`);
    expect(await getRating(db, app.id)).toMatchObject({ score: 4, comment: "Всё быстро, но <b>долго</b> ждали звонка" });
    // Someone else cannot rate it: the application is looked up among their own.
    expect(await rateApplication(db, { parentTelegramId: 9999, applicationId: app.id, score: 1, now: new Date() })).toEqual({
      ok: false,
      reason: "not_found",
    });
    expect((await getRating(db, app.id))?.score).toBe(4);

    const staff = tgUser(system.playground!, { id: 9501, firstName: "Сауле", lang: "ru" }).chatWith("school_desk_staff_bot");
    await staff.send("/stats");
    const stats = await staff.nextMessage(/Оценки родителей — Школа №502/);
    expect(stats.text).toContain("Средняя оценка: 4,0 из 5 (1 оценка)");
    expect(stats.text).toContain(`заявление № ${app.number}: «Всё быстро, но <b>долго</b> ждали звонка»`);
    const otherStaff = tgUser(system.playground!, { id: 9502, firstName: "Марат", lang: "ru" }).chatWith("school_desk_staff_bot");
    await otherStaff.send("/stats");
    expect((await otherStaff.nextMessage(/Оценки родителей — Школа №601/)).text).toContain("Оценок пока нет");
  });

  it("a comment written after its time ran out is said not to have gone, with the button to add it again, which takes it", async () => {
    const db = system.database.db;
    const school = await seedSchool(db, "990140000507", "Школа №507");
    const staff = await seedStaff(db, { schoolId: school.id, telegramId: 9507, role: "specialist", fullName: "Дана Ержанова", lang: "ru" });
    const parent = system.parent({ lang: "ru" });
    await parent.send("/start");
    await parent.nextMessage();
    const app = await submittedApplication(db, { serviceId: "meals", schoolId: school.id, parentTelegramId: parent.chat.user.id });
    await decidedApplication(db, app, staff);
    await parent.nextMessage(new RegExp(`Как школа рассмотрела ваше заявление № ${app.number}`), { timeoutMs: 10_000 });
    await parent.tap("5 ⭐");
    await parent.nextMessage(/Спасибо! Ваша оценка/);
    await parent.tap("✍️ Добавить комментарий");
    await parent.nextMessage(/Напишите комментарий одним сообщением/);
    // The parent writes it a long while later: the session's window for the comment has run out.
    const sessions = system.sessions.adapter<{ ratingComment?: { until: number } }>("parent:session:");
    const key = String(parent.chat.user.id);
    // The session is written after the reply: wait for it.
    let session = await sessions.read(key);
    for (let i = 0; i < 200 && !session?.ratingComment; i++) {
      await new Promise((r) => setTimeout(r, 25));
      session = await sessions.read(key);
    }
    await sessions.write(key, { ...session, ratingComment: { ...session!.ratingComment!, until: Date.now() - 1 } });

    const comment = "Спасибо, всё сделали быстро и вежливо";
    await parent.send(comment);
    // Before: "Я не понял сообщение…", and the comment was lost without a word.
    const late = await parent.nextMessage();
    expect(late.text).toBe(
      "Время для комментария истекло, поэтому сообщение не передано школе. " +
        "Чтобы оставить комментарий, нажмите «✍️ Добавить комментарий» и отправьте его снова.",
    );
    expect((await getRating(db, app.id))?.comment).toBeNull();
    await parent.tap("✍️ Добавить комментарий");
    await parent.nextMessage(/Напишите комментарий одним сообщением/);
    await parent.send(comment);
    await parent.nextMessage(/комментарий передан школе/);
    expect(await getRating(db, app.id)).toMatchObject({ score: 5, comment });
    // What is written next is the bot's again.
    await parent.send("Здравствуйте");
    await parent.nextMessage(/Я не понял сообщение/);
  });

  it("shows staff the latest comments even when parents wrote 1000 characters each: the start of each, cut with an ellipsis", async () => {
    const db = system.database.db;
    const school = await seedSchool(db, "990140000702", "Школа №702");
    await seedStaff(db, { schoolId: school.id, telegramId: 9503, role: "specialist", fullName: "Айжан Серікқызы", lang: "ru" });
    const sentence = "Долго ждали ответа, и звонок <не> дошёл & письмо тоже. ";
    const numbers: string[] = [];
    for (let i = 0; i < 5; i++) {
      const app = await submittedApplication(db, { serviceId: "meals", schoolId: school.id, parentTelegramId: 9600 + i });
      numbers.push(app.number);
      const now = new Date(Date.UTC(2026, 4, 10 + i));
      await recordRating(db, { applicationId: app.id, schoolId: school.id, serviceId: "meals", score: 2, now });
      const comment = `${sentence.repeat(20).slice(0, 990)} Конец №${i}.`;
      expect(comment).toHaveLength(1000);
      expect(await addRatingComment(db, { applicationId: app.id, comment, now })).toBe(true);
    }

    const staff = tgUser(system.playground!, { id: 9503, firstName: "Айжан", lang: "ru" }).chatWith("school_desk_staff_bot");
    await staff.send("/stats");
    const stats = (await staff.nextMessage(/Оценки родителей — Школа №702/)).text ?? "";
    expect(stats).toContain("Средняя оценка: 2,0 из 5 (5 оценок)");
    for (const number of numbers) expect(stats).toContain(`заявление № ${number}: «${sentence.repeat(4)}`);
    expect(stats).not.toContain("Конец №");
    expect(stats.match(/…»/g)).toHaveLength(5);
  });

  it("keeps no score tapped on a request sent before the school revoked the decision's document: says why, takes the buttons", async () => {
    const db = system.database.db;
    const school = await seedSchool(db, "990140000503", "Школа №503");
    const staff = await seedStaff(db, { schoolId: school.id, telegramId: 9504, role: "specialist", fullName: "Дана Ержанова", lang: "ru" });
    const parent = system.parent({ lang: "ru" });
    await parent.send("/start");
    await parent.nextMessage();
    const app = await submittedApplication(db, { serviceId: "meals", schoolId: school.id, parentTelegramId: parent.chat.user.id });
    await decidedApplication(db, app, staff);
    const ask = await parent.nextMessage(new RegExp(`Как школа рассмотрела ваше заявление № ${app.number}`), { timeoutMs: 10_000 });
    const certificate = (await listIssued(db, app.id)).find((d) => d.kind === "certificate")!;
    const reason = "Справка выдана ошибочно: категория не подтверждена";
    expect(await revoke(db, { staff, applicationId: app.id, documentId: certificate.id, reason, now: new Date() })).toMatchObject({
      ok: true,
    });
    await parent.nextMessage(new RegExp(`Школа отозвала документ № ${certificate.number}`), { timeoutMs: 10_000 });

    // The old request's score: nothing to rate, said in a short answer; nothing kept, and the buttons go.
    const tap = await parent.chat.tapButton(ask.message_id, `rate:${app.id}:5`);
    expect((await parent.callbackAnswer(tap)).text).toBe("Школа отозвала документ, выданный по этому заявлению: оценивать нечего.");
    await parent.nextMessage(/Как школа рассмотрела/);
    expect(parent.messages().find((m) => m.message_id === ask.message_id)?.reply_markup).toBeUndefined();
    expect(await getRating(db, app.id)).toBeUndefined();
    expect(await rateApplication(db, { parentTelegramId: parent.chat.user.id, applicationId: app.id, score: 5, now: new Date() })).toEqual({
      ok: false,
      reason: "revoked",
    });
    expect(await getRating(db, app.id)).toBeUndefined();
  });

  it("takes no comment once the school revoked the decided document, as no score: says why, keeps the earlier score", async () => {
    const db = system.database.db;
    const school = await seedSchool(db, "990140000504", "Школа №504");
    const staff = await seedStaff(db, { schoolId: school.id, telegramId: 9505, role: "specialist", fullName: "Ерлан Жанов", lang: "ru" });
    const parent = system.parent({ lang: "ru" });
    await parent.send("/start");
    await parent.nextMessage();
    const revokeResult = async (app: { id: string }) => {
      const certificate = (await listIssued(db, app.id)).find((d) => d.kind === "certificate")!;
      const reason = "Справка выдана ошибочно: категория не подтверждена";
      expect(await revoke(db, { staff, applicationId: app.id, documentId: certificate.id, reason, now: new Date() })).toMatchObject({
        ok: true,
      });
      await parent.nextMessage(new RegExp(`Школа отозвала документ № ${certificate.number}`), { timeoutMs: 10_000 });
    };
    const revoked = "Школа отозвала документ, выданный по этому заявлению: оценивать нечего.";

    // Rated, "add a comment" tapped, and the school revoked the certificate before the comment came.
    const first = await submittedApplication(db, { serviceId: "meals", schoolId: school.id, parentTelegramId: parent.chat.user.id });
    await decidedApplication(db, first, staff);
    await parent.nextMessage(new RegExp(`Как школа рассмотрела ваше заявление № ${first.number}`), { timeoutMs: 10_000 });
    await parent.tap("3 ⭐");
    await parent.nextMessage(/Спасибо! Ваша оценка: ⭐⭐⭐/);
    await parent.tap("✍️ Добавить комментарий");
    await parent.nextMessage(/Напишите комментарий одним сообщением/);
    await revokeResult(first);
    await parent.send("Справку дали, а потом отозвали");
    expect((await parent.nextMessage(/оценивать нечего|комментарий передан/)).text).toBe(revoked);
    expect(await getRating(db, first.id)).toMatchObject({ score: 3, comment: null });

    // Rated, then the school revoked the certificate, then "add a comment" tapped: told at once, the button goes.
    const second = await submittedApplication(db, { serviceId: "meals", schoolId: school.id, parentTelegramId: parent.chat.user.id });
    await decidedApplication(db, second, staff);
    await parent.nextMessage(new RegExp(`Как школа рассмотрела ваше заявление № ${second.number}`), { timeoutMs: 10_000 });
    await parent.tap("5 ⭐");
    const thanks = await parent.nextMessage(/Спасибо! Ваша оценка: ⭐⭐⭐⭐⭐/);
    await revokeResult(second);
    const tap = await parent.chat.tapButton(thanks.message_id, `ratec:${second.id}`);
    expect((await parent.callbackAnswer(tap)).text).toBe(revoked);
    await parent.nextMessage(/Спасибо! Ваша оценка/);
    expect(parent.messages().find((m) => m.message_id === thanks.message_id)?.reply_markup).toBeUndefined();
    expect(parent.messages().some((m) => /Напишите комментарий/.test(m.text ?? "") && m.message_id > thanks.message_id)).toBe(false);
    expect(await getRating(db, second.id)).toMatchObject({ score: 5, comment: null });
  });

  it("/stats counts no score of a decision whose document the school revoked since: the average is of those that stand", async () => {
    const db = system.database.db;
    const school = await seedSchool(db, "990140000505", "Школа №505");
    const staff = await seedStaff(db, {
      schoolId: school.id,
      telegramId: 9506,
      role: "specialist",
      fullName: "Асель Маратова",
      lang: "ru",
    });
    const rated = async (parentTelegramId: number, score: number, comment: string) => {
      const app = await decidedApplication(
        db,
        await submittedApplication(db, { serviceId: "meals", schoolId: school.id, parentTelegramId }),
        staff,
      );
      await recordRating(db, { applicationId: app.id, schoolId: school.id, serviceId: "meals", score, now: new Date() });
      expect(await addRatingComment(db, { applicationId: app.id, comment, now: new Date() })).toBe(true);
      return app;
    };
    const standing = await rated(9611, 5, "Справку выдали за день");
    const withdrawn = await rated(9612, 1, "Справку выдали не на ту категорию");
    const certificate = (await listIssued(db, withdrawn.id)).find((d) => d.kind === "certificate")!;
    const reason = "Справка выдана ошибочно: категория не подтверждена";
    expect(await revoke(db, { staff, applicationId: withdrawn.id, documentId: certificate.id, reason, now: new Date() })).toMatchObject({
      ok: true,
    });

    const chat = tgUser(system.playground!, { id: 9506, firstName: "Асель", lang: "ru" }).chatWith("school_desk_staff_bot");
    await chat.send("/stats");
    const stats = (await chat.nextMessage(/Оценки родителей — Школа №505/)).text ?? "";
    expect(stats).toContain("Средняя оценка: 5,0 из 5 (1 оценка)");
    expect(stats).toMatch(/^1 ⭐ — 0$/m);
    expect(stats).toContain("Не учтены оценки по заявлениям, документ по которым школа отозвала: 1.");
    expect(stats).toContain(`заявление № ${standing.number}: «Справку выдали за день»`);
    expect(stats).not.toContain(withdrawn.number);
    // The score itself stays as the parent gave it.
    expect(await getRating(db, withdrawn.id)).toMatchObject({ score: 1 });
  });
});

/**
 * A parent who has the documents at hand applies for free school meals in Russian, from /start
 * to "sent to school", through the real parent bot and the playground — in at most 16 messages
 * and taps besides the document photos; and applies again next school year in at most 8, the
 * saved child offered (and put on the statement) in the grade they are in that year.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { listDocuments, listParentApplications } from "#root/db/queries/applications.ts";
import { applications, children } from "#root/db/schema.ts";
import { findUserByTelegramId, listChildren } from "#root/db/queries/users.ts";
import { schoolYearOf } from "#root/flows/form/number.ts";
import { makeIin } from "#root/flows/iin.ts";
import { bornForGrade } from "#root/test/helpers/parent-flow.ts";
import { JPEG, PDF, startTestSystem, type TestSystem } from "#root/test/helpers/system.ts";

let system: TestSystem;
beforeAll(async () => {
  system = await startTestSystem();
});
afterAll(() => system?.close());

describe("a meals application in Russian", () => {
  const parent = () => chat!;
  let chat: ReturnType<TestSystem["parent"]> | undefined;
  const parentIin = makeIin("1988-07-14", "female", 21);
  // A fifth-grader this school year (a fixed birth date would grow out of the grade).
  const childBorn = bornForGrade(5);
  const childIin = makeIin(childBorn, "male", 33);

  it("goes from /start to sent to school, keeps every answer, and counts at most 16 actions", async () => {
    chat = system.parent({ lang: "ru", firstName: "Анна" });
    const p = parent();
    let actions = 0;
    const act = async <T>(x: Promise<T>) => {
      actions++;
      return x;
    };

    // Telegram says the parent uses Russian: no language question (Kazakh is one tap away).
    await act(p.send("/start"));
    const consent = await p.nextMessage(/Согласие на сбор и обработку/);
    expect(JSON.stringify(consent.reply_markup)).toContain("Қазақша");
    await act(p.tap("✅ Согласен(на)"));
    await p.nextMessage(/Поделитесь номером/);
    await act(p.shareContact());
    await p.nextMessage(/ваши фамилию, имя и отчество/);
    await act(p.send("Петрова Анна Сергеевна"));
    await p.nextMessage(/ваш ИИН/);
    await act(p.send(parentIin));
    await p.nextMessage(/Государственные услуги школы/);

    await act(p.tap("Бесплатное и льготное питание в школе"));
    await p.nextMessage(/по кнопке «Подробнее»/);
    await act(p.tap("📝 Подать заявление"));
    // The parent's details are the profile's (shown on the review), and meals sends no email.
    const typed = await p.nextMessage(/Шаг 1 из 4.*\n\nВведите фамилию, имя и отчество ребёнка/s);
    // A typed question carries no keyboard (not even an empty one, which a Bot API may refuse).
    expect(typed.reply_markup).toBeUndefined();
    await act(p.send("Петров Алихан Маратович"));
    await p.nextMessage(/ИИН ребёнка/);
    await act(p.send(childIin));
    await p.nextMessage(/В каком классе/);
    await act(p.send("5"));

    await p.nextMessage(/Шаг 2 из 4.*Выберите область или город/s);
    await act(p.tap("город Алматы"));
    await p.nextMessage(/Выберите район/);
    await act(p.tap("Алмалинский район"));
    await p.nextMessage(/Выберите школу/);
    await act(p.tap("Общеобразовательная школа №1 (ДЕМО)"));

    await p.nextMessage(/Шаг 3 из 4.*категории/s);
    await act(p.tap("Семья получает АСП"));

    // Both sides of the birth certificate as one album: one answer, one confirmation, and the
    // next document at once (photos are not counted).
    await p.nextMessage(/Шаг 4 из 4.*Документ 1 из 2/s);
    p.chat.sendAlbum([JPEG, JPEG]);
    await p.nextMessage(/Документ 2 из 2/);
    await p.sendDocument(PDF, "asp.pdf", "application/pdf");
    await p.nextMessage(/Получено страниц: 1/);

    // The review's buttons are the ways to sign: one tap forms the statement and signs it.
    const review = await p.nextMessage(/Проверьте заявление/);
    // Every answer, named as on the statement; the birth date (from the IIN, never asked) and the pages of each document too.
    expect(review.text).toContain("Фамилия, имя, отчество ребёнка: Петров Алихан Маратович");
    expect(review.text).toContain("Фамилия, имя, отчество заявителя: Петрова Анна Сергеевна");
    expect(review.text).toMatch(/\nДата рождения ребёнка: \d\d\.\d\d\.\d{4}\nКласс обучения ребёнка: 5\n/);
    expect(review.text).toContain("Организация образования: Общеобразовательная школа №1 (ДЕМО)");
    expect(review.text).toContain("Категория обучающегося: Семья получает АСП");
    expect(review.text).toMatch(/Свидетельство о рождении ребёнка: 2 файла\n.+: 1 файл\n/);
    await act(p.tap("📄 Загрузить подписанное бумажное заявление"));
    await p.nextMessage(/Заявление № \S+ сформировано\./);
    const statement = await p.downloadLast();
    expect(Buffer.from(statement.bytes.subarray(0, 5)).toString()).toBe("%PDF-");
    await p.nextMessage(/Распечатайте заявление/);
    await p.sendPhoto(JPEG);
    await p.nextMessage(/подписано\. Отправить его в школу/);
    await act(p.tap("📨 Отправить в школу"));
    await p.nextMessage(/отправлено в организацию образования «Общеобразовательная школа №1 \(ДЕМО\)»/);

    expect(actions).toBeLessThanOrEqual(16);
    console.log(`meals, first application: ${actions} actions`);

    const db = system.database.db;
    const user = await findUserByTelegramId(db, p.chat.user.id);
    expect(user).toMatchObject({ fullName: "Петрова Анна Сергеевна", iin: parentIin, lang: "ru" });
    const [app] = await listParentApplications(db, user!.id);
    expect(app).toMatchObject({ serviceId: "meals", status: "submitted" });
    expect(app!.form).toMatchObject({
      parent: { fullName: "Петрова Анна Сергеевна", iin: parentIin },
      child: { fullName: "Петров Алихан Маратович", iin: childIin, birthDate: childBorn, grade: 5 },
      fields: { category: "asp" },
    });
    const docs = await listDocuments(db, app!.id);
    expect(docs.filter((d) => d.requirementId === "birth-certificate")).toHaveLength(2);
    expect(docs.filter((d) => d.requirementId === "asp-certificate")).toHaveLength(1);
    // The child is saved with the school year the grade is for.
    expect(await listChildren(db, user!.id)).toMatchObject([{ iin: childIin, grade: 5, gradeYear: schoolYearOf(new Date()) }]);
  });

  it("next school year, the parent applies again for the saved child, now in 6th grade, at the last school in ≤ 8 actions", async () => {
    const p = parent();
    const db = system.database.db;
    const user = (await findUserByTelegramId(db, p.chat.user.id))!;
    // Last year's application was granted: its result is no longer valid, a renewal is due.
    const [first] = await listParentApplications(db, user.id);
    await db
      .update(applications)
      .set({ status: "completed", decidedAt: new Date(Date.now() - 400 * 24 * 3600_000) })
      .where(eq(applications.id, first!.id));
    // The child was saved in 5th grade last school year: a year on, they are in the 6th.
    await db
      .update(children)
      .set({ gradeYear: schoolYearOf(new Date()) - 1 })
      .where(eq(children.parentId, user.id));
    let actions = 0;
    const act = async <T>(x: Promise<T>) => {
      actions++;
      return x;
    };

    await act(p.send("/start"));
    await p.nextMessage(/Государственные услуги школы/);
    await act(p.tap("Бесплатное и льготное питание в школе"));
    await p.nextMessage(/по кнопке «Подробнее»/);
    await act(p.tap("📝 Подать заявление"));
    await p.nextMessage(/Для какого ребёнка/);
    await act(p.tap("Петров Алихан Маратович, 6 класс"));
    await p.nextMessage(/Шаг 2 из 4.*Выберите область или город/s);
    await act(p.tap("⭐ Общеобразовательная школа №1 (ДЕМО)"));
    await p.nextMessage(/Шаг 3 из 4.*категории/s);
    await act(p.tap("Семья получает АСП"));
    await p.nextMessage(/Документ 1 из 2/);
    await p.sendPhoto(JPEG);
    await p.nextMessage(/Документ 2 из 2/);
    await p.sendDocument(PDF, "asp.pdf", "application/pdf");
    const review = await p.nextMessage(/Проверьте заявление/);
    expect(review.text).toContain("Класс обучения ребёнка: 6\n");
    await act(p.tap("📄 Загрузить подписанное бумажное заявление"));
    await p.nextMessage(/Распечатайте заявление/);
    await p.sendPhoto(JPEG);
    await p.nextMessage(/подписано\. Отправить его в школу/);
    await act(p.tap("📨 Отправить в школу"));
    await p.nextMessage(/отправлено в организацию образования/);

    expect(actions).toBeLessThanOrEqual(8);
    console.log(`meals, repeat application: ${actions} actions`);
    const apps = await listParentApplications(db, user.id);
    const sent = apps.filter((a) => a.status === "submitted");
    expect(sent).toHaveLength(1);
    expect(sent[0]!.form).toMatchObject({ child: { iin: childIin, grade: 6 }, fields: { category: "asp" } });
  });
});

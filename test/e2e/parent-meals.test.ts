/**
 * A parent who has the documents at hand applies for free school meals in Russian, from /start
 * to "sent to school", through the real parent bot and the playground — in at most 24 messages
 * and taps besides the document photos.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listDocuments, listParentApplications } from "../../db/queries/applications.ts";
import { findUserByTelegramId } from "../../db/queries/users.ts";
import { makeIin } from "../../flows/iin.ts";
import { JPEG, PDF, startTestSystem, type TestSystem } from "../helpers/system.ts";

let system: TestSystem;
beforeAll(async () => {
  system = await startTestSystem();
});
afterAll(() => system?.close());

describe("a meals application in Russian", () => {
  it("goes from /start to sent to school, keeps every answer, and counts at most 24 actions", async () => {
    const parent = system.parent({ lang: "ru", firstName: "Анна" });
    let actions = 0;
    const act = async <T>(p: Promise<T>) => {
      actions++;
      return p;
    };
    const parentIin = makeIin("1988-07-14", "female", 21);
    const childIin = makeIin("2015-03-09", "male", 33);

    await act(parent.send("/start"));
    await parent.nextMessage(/Выберите язык/);
    await act(parent.tap("Русский"));
    await parent.nextMessage(/Согласие на сбор и обработку/);
    await act(parent.tap("✅ Согласен(на)"));
    await parent.nextMessage(/Поделитесь номером/);
    await act(parent.shareContact());
    await parent.nextMessage(/ваши фамилию, имя и отчество/);
    await act(parent.send("Петрова Анна Сергеевна"));
    await parent.nextMessage(/ваш ИИН/);
    await act(parent.send(parentIin));
    await parent.nextMessage(/Государственные услуги школы/);

    await act(parent.tap("Бесплатное и льготное питание в школе"));
    await parent.nextMessage(/по кнопке «Подробнее»/);
    await act(parent.tap("📝 Подать заявление"));
    // The parent's details are the profile's (shown on the review), and meals sends no email.
    await parent.nextMessage(/Шаг 2 из 5.*\n\nВведите фамилию, имя и отчество ребёнка/s);
    await act(parent.send("Петров Алихан Маратович"));
    await parent.nextMessage(/ИИН ребёнка/);
    await act(parent.send(childIin));
    await parent.nextMessage(/В каком классе/);
    await act(parent.send("5"));

    await parent.nextMessage(/Шаг 3 из 5.*Выберите область или город/s);
    await act(parent.tap("город Алматы"));
    await parent.nextMessage(/Выберите район/);
    await act(parent.tap("Алмалинский район"));
    await parent.nextMessage(/Выберите школу/);
    await act(parent.tap("Общеобразовательная школа №1 (ДЕМО)"));

    await parent.nextMessage(/Шаг 4 из 5.*категории/s);
    await act(parent.tap("Семья получает АСП"));

    await parent.nextMessage(/Шаг 5 из 5.*Документ 1 из 2/s);
    await parent.sendPhoto(JPEG); // document photos are not counted
    await parent.nextMessage(/Страница 1 получена/);
    await act(parent.tap("✅ Готово"));
    await parent.nextMessage(/Документ 2 из 2/);
    await parent.sendDocument(PDF, "asp.pdf", "application/pdf");
    await parent.nextMessage(/Страница 1 получена/);
    await act(parent.tap("✅ Готово"));

    const review = await parent.nextMessage(/Проверьте заявление/);
    expect(review.text).toContain("Петров Алихан Маратович");
    expect(review.text).toContain("Петрова Анна Сергеевна");
    expect(review.text).toContain("Общеобразовательная школа №1 (ДЕМО)");
    expect(review.text).toContain("Семья получает АСП");
    await act(parent.tap("✅ Всё верно — сформировать заявление"));
    await parent.nextMessage(/сформировано/);
    const statement = await parent.downloadLast();
    expect(Buffer.from(statement.bytes.subarray(0, 5)).toString()).toBe("%PDF-");

    await act(parent.tap("📄 Загрузить подписанное бумажное заявление"));
    await parent.nextMessage(/Распечатайте заявление/);
    await parent.sendPhoto(JPEG);
    await parent.nextMessage(/подписано\. Отправить его в школу/);
    await act(parent.tap("📨 Отправить в школу"));
    await parent.nextMessage(/отправлено в организацию образования «Общеобразовательная школа №1 \(ДЕМО\)»/);

    expect(actions).toBeLessThanOrEqual(24);

    const db = system.database.db;
    const user = await findUserByTelegramId(db, parent.chat.user.id);
    expect(user).toMatchObject({ fullName: "Петрова Анна Сергеевна", iin: parentIin, lang: "ru" });
    const [app] = await listParentApplications(db, user!.id);
    expect(app).toMatchObject({ serviceId: "meals", status: "submitted" });
    expect(app!.form).toMatchObject({
      parent: { fullName: "Петрова Анна Сергеевна", iin: parentIin },
      child: { fullName: "Петров Алихан Маратович", iin: childIin, birthDate: "2015-03-09", grade: 5 },
      fields: { category: "asp" },
    });
    expect((await listDocuments(db, app!.id)).map((d) => d.requirementId).sort()).toEqual(["asp-certificate", "birth-certificate"]);
  });
});

/**
 * Changing the service's answers from the review: the parent is asked those questions again,
 * in order, and comes back to the review with the new answers (the draft keeps them, and
 * nothing of the old ones). A message that is not an answer changes nothing meanwhile.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listDocuments, listParentApplications } from "#root/db/queries/applications.ts";
import { findUserByTelegramId } from "#root/db/queries/users.ts";
import { makeIin } from "#root/flows/iin.ts";
import { bornForGrade, registerInRussian } from "#root/test/helpers/parent-flow.ts";
import type { TgChat } from "#root/test/helpers/tg-client.ts";
import { PDF, startTestSystem, type TestSystem } from "#root/test/helpers/system.ts";

let system: TestSystem;
beforeAll(async () => {
  system = await startTestSystem();
});
afterAll(() => system?.close());

const dateDaysAgo = (days: number): { typed: string; kept: string } => {
  const d = new Date(Date.now() - days * 24 * 3600_000);
  const [y, m, day] = [d.getUTCFullYear(), String(d.getUTCMonth() + 1).padStart(2, "0"), String(d.getUTCDate()).padStart(2, "0")];
  return { typed: `${day}.${m}.${y}`, kept: `${y}-${m}-${day}` };
};

/** A home schooling application in Russian up to the number of the commission's conclusion. */
async function toConclusionNumber(): Promise<TgChat> {
  const parent = system.parent({ lang: "ru" });
  await registerInRussian(parent, "Омарова Сауле Нурлановна", makeIin("1989-02-11", "female", 17));
  await parent.tap("Индивидуальное бесплатное обучение на дому");
  await parent.nextMessage(/по кнопке «Подробнее»/);
  await parent.tap("📝 Подать заявление");
  await parent.nextMessage(/Шаг 1 из 5/);
  await parent.tap("✅ Данные верны, без эл. почты");
  await parent.nextMessage(/фамилию, имя и отчество ребёнка/);
  await parent.send("Омарова Айша Ержановна");
  await parent.nextMessage(/ИИН ребёнка/);
  await parent.send(makeIin(bornForGrade(6), "female", 9));
  await parent.nextMessage(/В каком классе/);
  await parent.send("6");
  await parent.nextMessage(/Выберите область/);
  await parent.send("990140000304");
  await parent.nextMessage(/Найдено по запросу/);
  await parent.tap("Общеобразовательная школа №3 (ДЕМО) · Алмалинский район");
  await parent.nextMessage(/Шаг 4 из 5[\s\S]*номер заключения ВКК/);
  return parent;
}

async function draftOf(parent: TgChat) {
  const user = await findUserByTelegramId(system.database.db, parent.chat.user.id);
  const [app] = await listParentApplications(system.database.db, user!.id);
  return app!;
}

describe("editing the service's answers from the review", () => {
  it("asks them again and returns to the review with the new answers", async () => {
    const parent = await toConclusionNumber();
    await parent.send("№ 125/К");
    await parent.nextMessage(/дату заключения ВКК/);
    await parent.send(dateDaysAgo(40).typed);
    await parent.nextMessage(/Документ 1 из 1/);
    await parent.sendDocument(PDF, "conclusion.pdf", "application/pdf");
    await parent.nextMessage(/Получено страниц: 1/);
    const review = await parent.nextMessage(/Проверьте заявление/);
    expect(review.text).toContain("№ 125/К");

    await parent.tap("✏️ Сведения для услуги");
    await parent.nextMessage(/Шаг 4 из 5[\s\S]*номер заключения ВКК/);
    await parent.send("🙂");
    await parent.nextMessage(/.+/);
    await parent.send("№ 300/А");
    await parent.nextMessage(/дату заключения ВКК/);
    const date = dateDaysAgo(10);
    await parent.send(date.typed);
    const again = await parent.nextMessage(/Проверьте заявление/);
    expect(again.text).toContain("№ 300/А");
    expect(again.text).not.toContain("№ 125/К");

    expect((await draftOf(parent)).form.fields).toEqual({ "conclusion-number": "№ 300/А", "conclusion-date": date.kept });

    // The documents again: the pages sent before go, the new ones are kept.
    await parent.tap("✏️ Документы");
    await parent.nextMessage(/Шаг 5 из 5[\s\S]*Документ 1 из 1/);
    await parent.sendDocument(PDF, "conclusion-2.pdf", "application/pdf");
    // One page is what the document needs: it goes on to the review by itself; "add a page"
    // under its confirmation asks the document again with its page kept.
    await parent.nextMessage(/Получено страниц: 1/);
    await parent.nextMessage(/Проверьте заявление/);
    await parent.tap("➕ Добавить страницу");
    await parent.nextMessage(/Документ 1 из 1[\s\S]*Уже получено страниц: 1/);
    await parent.sendDocument(PDF, "conclusion-3.pdf", "application/pdf");
    await parent.nextMessage(/Получено страниц: 2/);
    await parent.nextMessage(/Проверьте заявление/);
    const app = await draftOf(parent);
    expect(app.form.documents).toEqual({ "commission-conclusion": "done" });
    expect(await listDocuments(system.database.db, app.id)).toHaveLength(2);
  });
});

describe("editing the parent's details from the review", () => {
  it("asks the name, the IIN and the email again; the phone stays the verified contact", async () => {
    const parent = await toConclusionNumber();
    await parent.send("№ 125/К");
    await parent.nextMessage(/дату заключения ВКК/);
    await parent.send(dateDaysAgo(40).typed);
    await parent.nextMessage(/Документ 1 из 1/);
    await parent.sendDocument(PDF, "conclusion.pdf", "application/pdf");
    await parent.nextMessage(/Получено страниц: 1/);
    await parent.nextMessage(/Проверьте заявление/);
    const phone = (await draftOf(parent)).form.parent?.phone;

    await parent.tap("✏️ Заявитель");
    await parent.nextMessage(/Шаг 1 из 5[\s\S]*ваши фамилию, имя и отчество/);
    await parent.send("Омарова Сауле Нуркеновна");
    await parent.nextMessage(/ваш ИИН/);
    const iin = makeIin("1989-02-12", "female", 19);
    await parent.send(iin);
    await parent.nextMessage(/Омарова Сауле Нуркеновна[\s\S]*электронной почты/);
    await parent.send("saule@example.kz");
    const review = await parent.nextMessage(/Проверьте заявление/);
    expect(review.text).toContain("Омарова Сауле Нуркеновна");
    expect(review.text).toContain("saule@example.kz");
    expect((await draftOf(parent)).form.parent).toEqual({ fullName: "Омарова Сауле Нуркеновна", iin, phone, email: "saule@example.kz" });
    // The typed email is the profile's now: offered in one tap next time.
    expect((await findUserByTelegramId(system.database.db, parent.chat.user.id))?.email).toBe("saule@example.kz");
  });
});

/**
 * The complete meals application in Russian, exactly as test/e2e/parent-meals.test.ts plays it:
 * 24 updates from /start to "sent to school", each checked against the bot's answer.
 */
import { makeIin } from "../../flows/iin.ts";
import type { SimParent } from "./sim-parent.ts";

const PARENT_IIN = makeIin("1988-07-14", "female", 21);
/** A child of their own per simulated parent: one child is sent to one school for a service once. */
const childIinOf = (id: number) => makeIin(`2015-03-${String(1 + (Math.floor(id / 1000) % 28)).padStart(2, "0")}`, "male", (id % 1000) * 10);

/** How long a simulated parent looks at the review before "all correct" (not counted in any latency). */
export const REVIEW_READING_MS = 200;

export const phoneOf = (id: number) => `+7701${String(id).padStart(7, "0").slice(-7)}`;

/** /start → language → consent → contact → name → IIN: registered, at the services menu (6 updates). */
export async function register(p: SimParent): Promise<void> {
  await p.send("/start", "/start");
  p.expect(/Выберите язык/);
  await p.tap("Русский", "language");
  p.expect(/Согласие на сбор и обработку/);
  await p.tap("✅ Согласен(на)", "consent");
  p.expect(/Поделитесь номером/);
  await p.shareContact(phoneOf(p.id));
  p.expect(/ваши фамилию, имя и отчество/);
  await p.send("Петрова Анна Сергеевна", "reg: name");
  p.expect(/ваш ИИН/);
  await p.send(PARENT_IIN, "reg: iin");
  p.expect(/Государственные услуги школы/);
}

/** From the services menu into step 2 of the form, answering the child's name (4 updates). */
export async function toChildStage(p: SimParent): Promise<void> {
  await p.tap("Бесплатное и льготное питание в школе", "service page");
  p.expect(/по кнопке «Подробнее»/);
  await p.tap("📝 Подать заявление", "apply (step 1)");
  p.expect(/Шаг 1 из 5/);
  await p.send("anna.petrova@example.kz", "s1: email");
  p.expect(/Шаг 2 из 5/);
  await p.send("Петров Алихан Маратович", "s2: child name");
  p.expect(/ИИН ребёнка/);
}

/** The rest: child, school, category, documents, review, statement, paper signature, send (14 updates). */
export async function finish(p: SimParent): Promise<void> {
  await p.send(childIinOf(p.id), "s2: child iin");
  p.expect(/В каком классе/);
  await p.send("5", "s2: grade");
  p.expect(/Шаг 3 из 5[\s\S]*Выберите область или город/);
  await p.tap("город Алматы", "s3: region");
  p.expect(/Выберите район/);
  await p.tap("Алмалинский район", "s3: district");
  p.expect(/Выберите школу/);
  await p.tap("Общеобразовательная школа №1 (ДЕМО)", "s3: school");
  p.expect(/Шаг 4 из 5[\s\S]*категори/);
  await p.tap("Семья получает АСП", "s4: category");
  p.expect(/Документ 1 из 2/);
  await p.sendPhoto("s5: photo");
  p.expect(/Страница 1 получена/);
  await p.tap("✅ Готово", "s5: done 1");
  p.expect(/Документ 2 из 2/);
  await p.sendPdf("asp.pdf", "s5: pdf");
  p.expect(/Страница 1 получена/);
  await p.tap("✅ Готово", "s5: done 2");
  p.expect(/Проверьте заявление/);
  // A parent reads the review before confirming it (seconds; here a fifth of one, not timed):
  // the statement is rendered meanwhile, as it is for a real parent.
  await new Promise((r) => setTimeout(r, REVIEW_READING_MS));
  await p.tap("✅ Всё верно — сформировать заявление", "review: statement PDF");
  p.expect(/сформировано/);
  await p.tap("📄 Загрузить подписанное бумажное заявление", "sign: paper");
  p.expect(/Распечатайте заявление/);
  await p.sendPhoto("sign: signed photo");
  p.expect(/подписано\. Отправить его в школу/);
  await p.tap("📨 Отправить в школу", "send to school");
  p.expect(/отправлено в организацию образования/);
}

export async function completeMealsApplication(p: SimParent): Promise<void> {
  await register(p);
  await toChildStage(p);
  await finish(p);
}

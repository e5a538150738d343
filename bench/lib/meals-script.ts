/**
 * The complete first meals application in Russian, exactly as test/e2e/parent-meals.test.ts
 * plays it: 16 actions (taps and typed messages) and 4 uploads — 20 updates — from /start to
 * "sent to school", each checked against the bot's answer.
 */
import { makeIin } from "#root/flows/iin.ts";
import type { SimParent } from "./sim-parent.ts";

const PARENT_IIN = makeIin("1988-07-14", "female", 21);
/** A child of their own per simulated parent: one child is sent to one school for a service once. */
const childIinOf = (id: number) =>
  makeIin(`2015-03-${String(1 + (Math.floor(id / 1000) % 28)).padStart(2, "0")}`, "male", (id % 1000) * 10);

/** Updates one complete application feeds (16 actions, 4 uploads). */
export const MEALS_UPDATES = 20;

/** How long a simulated parent looks at the review before "all correct" (not counted in any latency). */
export const REVIEW_READING_MS = 200;

export const phoneOf = (id: number) => `+7701${String(id).padStart(7, "0").slice(-7)}`;

/**
 * /start → consent → contact → name → IIN: registered, at the services menu (5 updates). Telegram
 * says the parent uses Russian (`language_code`), so no language is asked.
 */
export async function register(p: SimParent): Promise<void> {
  await p.send("/start", "/start");
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

/**
 * From the services menu into the form, answering the child's name (3 updates). The parent's
 * details come from the profile and meals asks no email: the form opens at step 2.
 */
export async function toChildStage(p: SimParent): Promise<void> {
  await p.tap("Бесплатное и льготное питание в школе", "service page");
  p.expect(/по кнопке «Подробнее»/);
  await p.tap("📝 Подать заявление", "apply");
  p.expect(/Шаг 1 из 4[\s\S]*фамилию, имя и отчество ребёнка/);
  await p.send("Петров Алихан Маратович", "s2: child name");
  p.expect(/ИИН ребёнка/);
}

/**
 * The rest: child, school, category, documents (an album of two pages, then a PDF: each document
 * goes on by itself), the review, whose paper-signing button forms the statement, the signed
 * photo, send (12 updates).
 */
export async function finish(p: SimParent): Promise<void> {
  await p.send(childIinOf(p.id), "s2: child iin");
  p.expect(/В каком классе/);
  await p.send("5", "s2: grade");
  p.expect(/Шаг 2 из 4[\s\S]*Выберите область или город/);
  await p.tap("город Алматы", "s3: region");
  p.expect(/Выберите район/);
  await p.tap("Алмалинский район", "s3: district");
  p.expect(/Выберите школу/);
  await p.tap("Общеобразовательная школа №1 (ДЕМО)", "s3: school");
  p.expect(/Шаг 3 из 4[\s\S]*категори/);
  await p.tap("Семья получает АСП", "s4: category");
  p.expect(/Шаг 4 из 4[\s\S]*Документ 1 из 2/);
  await p.sendAlbum(2, "s5: album page");
  p.expect(/Документ 2 из 2/);
  await p.sendPdf("asp.pdf", "s5: pdf");
  p.expect(/Получено страниц: 1/);
  p.expect(/Проверьте заявление/);
  // A parent reads the review before choosing how to sign (seconds; here a fifth of one, not
  // timed): the statement is rendered meanwhile, as it is for a real parent.
  await new Promise((r) => setTimeout(r, REVIEW_READING_MS));
  await p.tap("📄 Загрузить подписанное бумажное заявление", "review: sign on paper");
  p.expect(/Заявление № \S+ сформировано\./);
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

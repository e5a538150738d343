/** Steps of the parent bot that many e2e tests pass through on their way to what they test. */
import { schoolYearOf } from "#root/flows/form/number.ts";
import type { TgChat } from "./tg-client.ts";

/**
 * A birth date that puts a child in `grade` in this school year, as the form's grade-for-age check
 * counts it (six on 1 September of the first grade): a fixed date and grade would be refused a
 * year or two from now, when the child has grown out of the grade. Born on `monthDay` (MM-DD) of
 * the year that makes them the grade's usual age (for a birthday after 1 September, the year before).
 */
export function bornForGrade(grade: number, now = new Date(), monthDay = "03-09"): string {
  return `${schoolYearOf(now) - 5 - grade - (monthDay > "09-01" ? 1 : 0)}-${monthDay}`;
}

/**
 * /start → (Russian, when Telegram's language is not Russian already) → consent → own contact →
 * name → IIN: registered, at the services menu.
 */
export async function registerInRussian(parent: TgChat, fullName: string, iin: string): Promise<void> {
  await parent.send("/start");
  const first = await parent.nextMessage(/Выберите язык|Согласие/);
  if (/Выберите язык/.test(first.text ?? "")) {
    await parent.tap("Русский");
    await parent.nextMessage(/Согласие/);
  }
  await parent.tap("✅ Согласен(на)");
  await parent.nextMessage(/Поделитесь номером/);
  await parent.shareContact();
  await parent.nextMessage(/ваши фамилию, имя и отчество/);
  await parent.send(fullName);
  await parent.nextMessage(/ваш ИИН/);
  await parent.send(iin);
  await parent.nextMessage(/Государственные услуги школы/);
}

/** /start in Kazakh (Telegram says the parent uses it: no language question) → consent → own contact → name → IIN. */
export async function registerInKazakh(parent: TgChat, fullName: string, iin: string): Promise<void> {
  await parent.send("/start");
  await parent.nextMessage(/Дербес деректерді жинауға/);
  await parent.tap("✅ Келісемін");
  await parent.nextMessage(/Телефон нөміріңізбен бөлісіңіз/);
  await parent.shareContact();
  await parent.nextMessage(/Тегіңізді, атыңызды/);
  await parent.send(fullName);
  await parent.nextMessage(/ЖСН-іңізді/);
  await parent.send(iin);
  await parent.nextMessage(/Мектептің мемлекеттік көрсетілетін қызметтері/);
}

/**
 * From the services menu, a meals application to its first document: the child (`childName`,
 * `childIin`, `grade`), the demo school in Almaty, the "АСП" category. The first document is asked.
 */
export async function mealsToDocuments(parent: TgChat, child: { name: string; iin: string; grade: number }): Promise<void> {
  await parent.tap("Бесплатное и льготное питание в школе");
  await parent.nextMessage(/по кнопке «Подробнее»/);
  await parent.tap("📝 Подать заявление");
  // The parent's details come from the profile and meals asks no email: the form opens at the child.
  await parent.nextMessage(/Введите фамилию, имя и отчество ребёнка/);
  await parent.send(child.name);
  await parent.nextMessage(/ИИН ребёнка/);
  await parent.send(child.iin);
  await parent.nextMessage(/В каком классе/);
  await parent.send(String(child.grade));
  await parent.nextMessage(/Выберите область или город/);
  await mealsSchoolAndCategory(parent);
}

/** At the school question of a meals application: the demo school in Almaty, then the "АСП" category; the first document is asked. */
export async function mealsSchoolAndCategory(parent: TgChat): Promise<void> {
  await parent.tap("город Алматы");
  await parent.nextMessage(/Выберите район/);
  await parent.tap("Алмалинский район");
  await parent.nextMessage(/Выберите школу/);
  await parent.tap("Общеобразовательная школа №1 (ДЕМО)");
  await parent.nextMessage(/категори/);
  await parent.tap("Семья получает АСП");
  await parent.nextMessage(/Документ 1 из 2/);
}

/** The draft open is discarded (/cancel, "Удалить черновик"), and the services menu shown again (/apply). */
export async function discardDraft(parent: TgChat): Promise<void> {
  await parent.send("/cancel");
  await parent.nextMessage(/.+/);
  await parent.tap("Удалить черновик");
  await parent.nextMessage(/.+/);
  await parent.send("/apply");
  await parent.nextMessage(/Государственные услуги школы/);
}

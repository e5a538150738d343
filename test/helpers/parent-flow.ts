/** Steps of the parent bot that many e2e tests pass through on their way to what they test. */
import type { TgChat } from "./tg-client.ts";

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

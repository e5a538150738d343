/**
 * "🗑 Withdraw the consent" under a /privacy report Telegram no longer shows the bot (days old, or deleted: the tap comes
 * with an InaccessibleMessage, dated 0): nothing is withdrawn, and the report is sent anew, as it stands now, with buttons
 * that work. Before, the tap was answered "you have given your consent again since" — untrue for a parent who never
 * withdrew it — and no report came.
 */
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { data } from "#root/bot/parent/callbacks.ts";
import { findUserByTelegramId } from "#root/db/queries/users.ts";
import { makeIin } from "#root/flows/iin.ts";
import { registerInRussian } from "#root/test/helpers/parent-flow.ts";
import { startTestSystem, type TestSystem } from "#root/test/helpers/system.ts";
import { capturedLog, tapInaccessible } from "#root/test/helpers/update-shapes.ts";

const logged = capturedLog();
let system: TestSystem;
beforeAll(async () => {
  system = await startTestSystem({ log: logged.log });
});
afterAll(() => system?.close());

it("'Withdraw' under a days-old report withdraws nothing and sends the report anew", async () => {
  const parent = system.parent({ lang: "ru" });
  await registerInRussian(parent, "Сәрсенова Айгүл Маратқызы", makeIin("1985-04-12", "female", 341));
  await parent.send("/privacy");
  const report = await parent.nextMessage(/Что бот хранит о вас/);

  const query = tapInaccessible(system.playground!, parent, report.message_id, data.privacyWithdraw);
  const answer = await parent.callbackAnswer(query);
  expect(answer.text).toBe("Эта кнопка устарела — воспользуйтесь последним сообщением.");
  const reports = () => parent.botMessages().filter((m) => /Что бот хранит о вас/.test(m.text ?? ""));
  await vi.waitFor(() => expect(reports()).toHaveLength(2));
  const again = reports().at(-1)!;
  expect(again.reply_markup?.inline_keyboard.flat().map((b) => b.text)).toContain("🗑 Отозвать согласие");
  expect((await findUserByTelegramId(system.database.db, parent.chat.user.id))?.consentAt).toBeInstanceOf(Date);
  expect(logged.errors()).toEqual([]);
});

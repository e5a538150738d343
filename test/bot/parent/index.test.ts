/**
 * A tap that comes with no chat — a button of an inline message (`inline_message_id`, no `message`): this bot sends
 * none, so an old or a forged one — is answered, so the parent's spinner stops; before, no handler took it.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { data } from "#root/bot/parent/callbacks.ts";
import { startTestSystem, type TestSystem } from "#root/test/helpers/system.ts";
import { capturedLog, tapInline } from "#root/test/helpers/update-shapes.ts";

const logged = capturedLog();
let system: TestSystem;
beforeAll(async () => {
  system = await startTestSystem({ log: logged.log });
});
afterAll(() => system?.close());

it("a tap on an inline message is answered as an outdated button, in the parent's Telegram language", async () => {
  const parent = system.parent({ lang: "ru" });
  const query = tapInline(system.playground!, parent, data.catalog);
  expect(await parent.callbackAnswer(query)).toMatchObject({ text: "Эта кнопка устарела — воспользуйтесь последним сообщением." });
  expect(parent.messages()).toEqual([]);
  expect(logged.errors()).toEqual([]);
});

/**
 * A tap that comes with no chat — a button of an inline message (`inline_message_id`, no `message`): this bot sends
 * none, so an old or a forged one — is answered, so the staff member's spinner stops; before, no handler took it.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { PLAYGROUND_BOT_USERNAMES } from "#root/bot/playground.ts";
import { data } from "#root/bot/provider/callbacks.ts";
import { startTestSystem, type TestSystem } from "#root/test/helpers/system.ts";
import { tgUser } from "#root/test/helpers/tg-client.ts";
import { capturedLog, tapInline } from "#root/test/helpers/update-shapes.ts";

const logged = capturedLog();
let system: TestSystem;
beforeAll(async () => {
  system = await startTestSystem({ log: logged.log });
});
afterAll(() => system?.close());

it("a tap on an inline message is answered as an outdated button, in the user's Telegram language", async () => {
  const user = tgUser(system.playground!, { id: 936001, firstName: "Сауле", lang: "kk" }).chatWith(PLAYGROUND_BOT_USERNAMES.provider);
  const query = tapInline(system.playground!, user, data.page(0));
  expect(await user.callbackAnswer(query)).toMatchObject({ text: "Бұл батырма ескірген. Тізімді қайта ашыңыз: /inbox" });
  expect(user.messages()).toEqual([]);
  expect(logged.errors()).toEqual([]);
});

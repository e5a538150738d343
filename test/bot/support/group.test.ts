/**
 * The support group upgraded to a supergroup (a basic group turned into a forum): Telegram gives it a new id and tells
 * the bot with a service message in the old group (`migrate_to_chat_id`) and in the new one (`migrate_from_chat_id`).
 * Nothing reaches support under the old id any more, so the log says, as an error, the SUPPORT_CHAT_ID to set. Before,
 * both messages passed unseen (the old group is no supergroup), and the operator learned nothing.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { PLAYGROUND_SUPPORT_CHAT_ID } from "#root/bot/playground.ts";
import { startTestSystem, type TestSystem } from "#root/test/helpers/system.ts";
import { capturedLog, deliverRaw } from "#root/test/helpers/update-shapes.ts";

/** A basic group's id (no -100 in front), as an operator may have set before turning the group into a forum. */
const OLD_GROUP = -4512345;
const logged = capturedLog();
let system: TestSystem;
beforeAll(async () => {
  system = await startTestSystem({ log: logged.log, env: { SUPPORT_CHAT_ID: String(OLD_GROUP) } });
});
afterAll(() => system?.close());

const expected =
  `support: the support group ${OLD_GROUP} became the supergroup ${PLAYGROUND_SUPPORT_CHAT_ID}: ` +
  `set SUPPORT_CHAT_ID=${PLAYGROUND_SUPPORT_CHAT_ID} and restart (until then no parent reaches support)`;

describe("the support group became a supergroup", () => {
  const parentBot = () => system.playground!.state.bot(system.playgroundSecrets!.parentToken).id;
  const operator = () => system.playground!.state.userObject(system.playground!.user({ id: 938001, firstName: "Гульнара" }).user);

  it("the old group's 'migrate_to_chat_id' names the SUPPORT_CHAT_ID to set", async () => {
    deliverRaw(system.playground!, parentBot(), {
      message: {
        message_id: 41,
        date: Math.floor(Date.now() / 1000),
        chat: { id: OLD_GROUP, type: "group", title: "Поддержка" },
        from: operator(),
        migrate_to_chat_id: PLAYGROUND_SUPPORT_CHAT_ID,
      },
    });
    await vi.waitFor(() => expect(logged.errors()).toEqual([expected]));
  });

  it("and so does the new supergroup's 'migrate_from_chat_id'", async () => {
    deliverRaw(system.playground!, parentBot(), {
      message: {
        message_id: 1,
        date: Math.floor(Date.now() / 1000),
        chat: { id: PLAYGROUND_SUPPORT_CHAT_ID, type: "supergroup", title: "Поддержка", is_forum: true },
        from: operator(),
        migrate_from_chat_id: OLD_GROUP,
      },
    });
    await vi.waitFor(() => expect(logged.errors()).toEqual([expected, expected]));
  });
});

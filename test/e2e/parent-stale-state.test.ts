/**
 * A form's conversation state can be older than the draft: Redis lost the last write (a restart
 * without persistence, a failover), or a write failed after the answer was kept. The parent
 * must then continue at the question the draft is on — never be asked again, in a loop, a
 * question already answered, and never have an old stage's answer overwrite the draft.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listParentApplications } from "../../db/queries/applications.ts";
import { findUserByTelegramId } from "../../db/queries/users.ts";
import { makeIin } from "../../flows/iin.ts";
import type { TgChat } from "../helpers/tg-client.ts";
import { registerInRussian } from "../helpers/parent-flow.ts";
import { startTestSystem, type TestSystem } from "../helpers/system.ts";

let system: TestSystem;
beforeAll(async () => {
  system = await startTestSystem();
});
afterAll(() => system?.close());

/** Registered, at step 1 of a meals application (the parent stage, a conversation). */
async function toParentStep(parent: TgChat): Promise<void> {
  await registerInRussian(parent, "Омарова Сауле Нурлановна", makeIin("1989-02-11", "female", 17));
  await parent.tap("Бесплатное и льготное питание в школе");
  await parent.nextMessage(/по кнопке «Подробнее»/);
  await parent.tap("📝 Подать заявление");
  await parent.nextMessage(/Шаг 1 из 5/);
}

/**
 * The bot writes the state after its reply: wait until the stored state is written (or, after
 * `than`, written or removed: the child's questions are not a conversation), differs from `than`,
 * and has stayed the same for a while (the last update's write has landed).
 */
async function settledState(read: () => unknown, than?: unknown): Promise<unknown> {
  let last = "";
  let same = 0;
  for (let i = 0; i < 200; i++) {
    const state = await read();
    const json = JSON.stringify(state) ?? "none";
    if ((state !== undefined || than !== undefined) && json !== (JSON.stringify(than) ?? "none")) {
      same = json === last ? same + 1 : 0;
      if (same >= 4) return state;
    }
    last = json;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error("the conversation state was not written");
}

async function draftOf(parent: TgChat) {
  const user = await findUserByTelegramId(system.database.db, parent.chat.user.id);
  const [app] = await listParentApplications(system.database.db, user!.id);
  return app!;
}

describe("a conversation older than the draft (a lost write)", () => {
  for (const [what, answer] of [
    ["a valid answer to the old question", "omarova@example.kz"],
    ["something that is not an answer to it", "🙂"],
  ] as const) {
    it(`${what} leads to the question the draft is on, and the draft keeps its answers`, async () => {
      const parent = system.parent({ lang: "ru" });
      await toParentStep(parent);
      const conversations = system.sessions.adapter<unknown>("parent:conv:");
      const key = String(parent.chat.user.id);
      const older = await settledState(() => conversations.read(key));

      await parent.tap("✅ Данные верны, без email");
      await parent.nextMessage(/фамилию, имя и отчество ребёнка/);
      await settledState(() => conversations.read(key), older);
      // The write after the parent stage is lost: the state is back at step 1.
      await conversations.write(key, older);

      await parent.send(answer);
      const reply = await parent.nextMessage();
      expect(reply.text).toMatch(/Шаг 2 из 5[\s\S]*фамилию, имя и отчество ребёнка/);
      const draft = await draftOf(parent);
      expect(draft.stage).toBe("parent");
      expect(draft.form.parent).toMatchObject({ fullName: "Омарова Сауле Нурлановна", email: "" });

      // And the form goes on from there.
      await parent.send("Омарова Айша Ержановна");
      await parent.nextMessage(/ИИН ребёнка/);
    });
  }
});

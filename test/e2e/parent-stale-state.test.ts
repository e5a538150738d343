/**
 * The session can be older than the draft: Redis lost the last write (a restart without
 * persistence, a failover), or a write failed after the answer was kept. The draft is the form's
 * only state, so the parent's next message is taken as an answer to the question the draft is
 * at — never a question already answered asked again, never an old answer overwriting the draft.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listParentApplications } from "#root/db/queries/applications.ts";
import { findUserByTelegramId } from "#root/db/queries/users.ts";
import { makeIin } from "#root/flows/iin.ts";
import type { TgChat } from "#root/test/helpers/tg-client.ts";
import { registerInRussian } from "#root/test/helpers/parent-flow.ts";
import { startTestSystem, type TestSystem } from "#root/test/helpers/system.ts";

let system: TestSystem;
beforeAll(async () => {
  system = await startTestSystem();
});
afterAll(() => system?.close());

/** Registered, at the first question of a meals application (the child's name). */
async function toChildStep(parent: TgChat): Promise<void> {
  await registerInRussian(parent, "Омарова Сауле Нурлановна", makeIin("1989-02-11", "female", 17));
  await parent.tap("Бесплатное и льготное питание в школе");
  await parent.nextMessage(/по кнопке «Подробнее»/);
  await parent.tap("📝 Подать заявление");
  await parent.nextMessage(/Шаг 1 из 4[\s\S]*фамилию, имя и отчество ребёнка/);
}

async function draftOf(parent: TgChat) {
  const user = await findUserByTelegramId(system.database.db, parent.chat.user.id);
  const [app] = await listParentApplications(system.database.db, user!.id);
  return app!;
}

const CHILD_IIN = makeIin("2014-05-20", "female", 18);

describe("a session older than the draft (a lost write)", () => {
  for (const [what, answer, expected] of [
    ["the answer to the question the draft is at", CHILD_IIN, /В каком классе/],
    ["something that is not an answer", "🙂", /Ответьте, пожалуйста, текстом|ИИН/],
  ] as const) {
    it(`${what}: taken against the draft's question, and the draft keeps its answers`, async () => {
      const parent = system.parent({ lang: "ru" });
      await toChildStep(parent);
      const sessions = system.sessions.adapter<unknown>("parent:session:");
      const key = String(parent.chat.user.id);
      // The session is written after the reply: wait for it.
      let older: unknown;
      for (let i = 0; i < 200 && !(older as { current?: unknown })?.current; i++) {
        older = await sessions.read(key);
        await new Promise((r) => setTimeout(r, 25));
      }
      expect(older).toMatchObject({ current: { stage: "child" } });

      await parent.send("Омарова Айша Ержановна");
      await parent.nextMessage(/ИИН ребёнка/);
      // Whatever the session kept after the child's name is lost: it is back as it was before.
      await sessions.write(key, older);

      await parent.send(answer);
      const reply = await parent.nextMessage();
      expect(reply.text).toMatch(expected);
      const draft = await draftOf(parent);
      expect(draft.form.child).toMatchObject({ fullName: "Омарова Айша Ержановна" });
      expect(draft.form.parent).toMatchObject({ fullName: "Омарова Сауле Нурлановна" });
    });
  }
});

/**
 * The session can be older than the draft: Redis lost the last write (a restart without
 * persistence, a failover), or a write failed after the answer was kept. The draft is the form's
 * only state, so the parent's next message is taken as an answer to the question the draft is
 * at — never a question already answered asked again, never an old answer overwriting the draft.
 * A parent who stepped out of the form (/cancel, /start) is not answering it: what they write is
 * the bot's until they continue the draft.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { listDocuments, listParentApplications } from "#root/db/queries/applications.ts";
import { findUserByTelegramId } from "#root/db/queries/users.ts";
import { makeIin } from "#root/flows/iin.ts";
import type { Message } from "grammy/types";
import type { TgChat } from "#root/test/helpers/tg-client.ts";
import { bornForGrade, discardDraft, mealsSchoolAndCategory, mealsToDocuments, registerInRussian } from "#root/test/helpers/parent-flow.ts";
import { JPEG, PDF, startTestSystem, type TestSystem } from "#root/test/helpers/system.ts";

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

const CHILD_IIN = makeIin(bornForGrade(6), "female", 18);

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

describe("a parent who stepped out of the form", () => {
  it("after /cancel ('keep the draft') or /start (which offers it), a message is not its answer until it is continued", async () => {
    const parent = system.parent({ lang: "ru" });
    await toChildStep(parent);
    await parent.send("/cancel");
    await parent.nextMessage(/Сохранить черновик/);
    await parent.tap("Сохранить черновик");
    await parent.nextMessage(/Черновик сохранён/);
    // Said to the bot, not to the form: before, it was kept as the child's full name and the child's IIN was asked.
    await parent.send("Спасибо большое");
    await parent.nextMessage(/Я не понял сообщение/);
    expect((await draftOf(parent)).form).not.toHaveProperty("child");

    await parent.send("/apply");
    await parent.nextMessage(/незаконченное заявление/);
    await parent.tap("▶ Продолжить");
    await parent.nextMessage(/фамилию, имя и отчество ребёнка/);
    await parent.send("Омарова Айша Ержановна");
    await parent.nextMessage(/ИИН ребёнка/);
    await parent.send("/start");
    await parent.nextMessage(/Государственные услуги школы/);
    // The draft is offered under the menu, as /apply offers it (before, only the menu came).
    const draft = await draftOf(parent);
    const offered = await parent.nextMessage();
    expect(offered.text).toBe(
      `У вас есть незаконченное заявление № ${draft.number} («Бесплатное и льготное питание в школе»). Продолжить его?`,
    );
    expect(parent.lastKeyboard()).toEqual(["▶ Продолжить"]);
    await parent.send("Здравствуйте, подскажите");
    await parent.nextMessage(/Я не понял сообщение/);
    expect((await draftOf(parent)).form.child).toEqual({ fullName: "Омарова Айша Ержановна" });
    await parent.tap("▶ Продолжить");
    await parent.nextMessage(/ИИН ребёнка/);
  });
});

describe("a button of a draft discarded since", () => {
  it("changes nothing in the new draft: a page is not moved, the tap is said to be outdated", async () => {
    const parent = system.parent({ lang: "ru" });
    await registerInRussian(parent, "Сапарова Гульнар Ериковна", makeIin("1987-03-03", "female", 19));
    await mealsToDocuments(parent, { name: "Сапаров Ернар Маратович", iin: makeIin(bornForGrade(5), "male", 20), grade: 5 });
    await parent.sendPhoto(JPEG);
    await parent.nextMessage(/Документ 2 из 2/);
    await parent.sendDocument(PDF, "asp.pdf", "application/pdf");
    await parent.nextMessage(/Проверьте заявление/);
    // The first draft's buttons under a page: "➕ add a page" or "↩️ this is a page of the one before".
    const pageButton = (m: Message) =>
      m.reply_markup?.inline_keyboard.flat().find((b) => "callback_data" in b && /^d:.+:back$/.test(b.callback_data));
    const old = parent.botMessages().findLast((m) => pageButton(m) !== undefined)!;
    const stale = pageButton(old) as { callback_data: string };
    expect(stale).toBeDefined();

    // Discarded; a new application for the same child, to its review, begun a second later at least
    // (Telegram dates messages to the second).
    await vi.waitFor(() => expect(Math.floor(Date.now() / 1000)).toBeGreaterThan(old.date), { timeout: 2000 });
    await discardDraft(parent);
    await parent.tap("Бесплатное и льготное питание в школе");
    await parent.nextMessage(/по кнопке «Подробнее»/);
    await parent.tap("📝 Подать заявление");
    await parent.nextMessage(/Для какого ребёнка/);
    await parent.tap("Сапаров Ернар Маратович, 5 класс");
    await parent.nextMessage(/Выберите область или город/);
    await mealsSchoolAndCategory(parent);
    await parent.sendPhoto(JPEG);
    await parent.nextMessage(/Документ 2 из 2/);
    await parent.sendDocument(PDF, "asp.pdf", "application/pdf");
    await parent.nextMessage(/Проверьте заявление/);
    const before = await documentsOf(parent);

    const query = parent.chat.tapButton(old.message_id, stale.callback_data);
    expect(await parent.callbackAnswer(String(query))).toMatchObject({ text: expect.stringMatching(/устарел/) });
    expect(await documentsOf(parent)).toEqual(before);
  });
});

async function documentsOf(parent: TgChat) {
  const app = await draftOf(parent);
  return (await listDocuments(system.database.db, app.id)).map((d) => d.requirementId).sort();
}

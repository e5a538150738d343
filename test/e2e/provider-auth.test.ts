/**
 * Authorization in the provider bot: staff of school A cannot list, open or act on anything of
 * school B by any button, callback data or command they can craft; deactivated staff and
 * strangers get nothing. And two staff acting at once: one wins, the other is told who.
 */
import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { resultSigningSessions } from "#root/db/schema.ts";
import { getApplication, listEvents, type Application } from "#root/db/queries/applications.ts";
import { deactivateStaff, type Staff } from "#root/db/queries/staff.ts";
import { performAction } from "#root/bot/provider/perform.ts";
import { seedSchool, seedStaff, startProviderHarness, submittedApplication, type ProviderHarness } from "#root/test/helpers/fixtures.ts";
import { tgUser, type TgChat } from "#root/test/helpers/tg-client.ts";

let h: ProviderHarness;
let schoolA: number;
let schoolB: number;
let nextUserId = 9000;

beforeEach(async () => {
  h = await startProviderHarness();
  schoolA = (await seedSchool(h.db, "111111111111", "Школа А")).id;
  schoolB = (await seedSchool(h.db, "222222222222", "Школа Б")).id;
});
afterEach(async () => {
  await h.close();
});

async function staffOf(schoolId: number, role: "specialist" | "director", name: string): Promise<{ chat: TgChat; staff: Staff }> {
  const id = ++nextUserId;
  const staff = await seedStaff(h.db, { schoolId, telegramId: id, role, fullName: name, lang: "ru" });
  return { chat: tgUser(h.emulator, { id, firstName: name, lang: "ru" }).chatWith("provider_bot"), staff };
}

describe("staff of school A and an application of school B", () => {
  let a: TgChat;
  let own: Application;
  let foreign: Application;

  beforeEach(async () => {
    ({ chat: a } = await staffOf(schoolA, "director", "Директор А"));
    own = await submittedApplication(h.db, {
      serviceId: "meals",
      schoolId: schoolA,
      parentTelegramId: ++nextUserId,
      childName: "Ребёнок Школы А",
    });
    foreign = await submittedApplication(h.db, {
      serviceId: "home-schooling",
      schoolId: schoolB,
      parentTelegramId: ++nextUserId,
      childName: "Ребёнок Школы Б",
    });
  });

  it("the inbox lists only school A's applications and counts", async () => {
    await a.send("/inbox");
    const inbox = await a.nextMessage(/Заявления — Школа А/);
    expect(inbox.text).toContain(own.number);
    expect(inbox.text).not.toContain(foreign.number);
    expect(inbox.text).not.toContain("Ребёнок Школы Б");
    expect(inbox.text).toMatch(/Отправлено в школу: 1/);
  });

  it("every crafted callback on B's application is refused and changes nothing", async () => {
    await a.send("/inbox");
    const inbox = await a.nextMessage(/Заявления/);
    const v = foreign.version;
    const crafted = [
      `inbox:open:${foreign.id}`,
      `card:${foreign.id}`,
      `a:register:${foreign.id}:${v}`,
      `a:refuse:${foreign.id}:${v}`,
      `a:reject:${foreign.id}:${v}`,
      `a:order:${foreign.id}:${v}`,
      `rr:${foreign.id}:${v}:0`,
      `do:register:${foreign.id}:${v}`,
      `do:refuse:${foreign.id}:${v}`,
      `do:issue:${foreign.id}:${v}`,
      `do:order:${foreign.id}:${v}`,
      // "Sign and issue" and its IIN change
      `sg:issue:${foreign.id}:${v}`,
      `sg:order:${foreign.id}:${v}`,
      `si:${foreign.id}`,
    ];
    for (const data of crafted) {
      const answer = await a.callbackAnswer(a.chat.tapButton(inbox.message_id, data));
      if (answer.text) expect(answer.text).toMatch(/не найдено/);
    }
    // Whatever the bot said, it never showed B's application nor any of its files.
    const said = a.botMessages();
    expect(said.some((m) => m.document)).toBe(false);
    expect(said.map((m) => m.text ?? "").join("\n")).not.toMatch(
      new RegExp(`Ребёнок Школы Б|Заявление № ${foreign.number}|${foreign.number}:`),
    );
    expect(said.filter((m) => /не найдено/.test(m.text ?? "")).length).toBeGreaterThan(0);
    expect((await getApplication(h.db, foreign.id))!).toMatchObject({ status: "submitted", version: foreign.version });
    expect((await listEvents(h.db, foreign.id)).some((e) => e.actorKind === "staff")).toBe(false);
    // no document was rendered for signing either
    expect(await h.db.select().from(resultSigningSessions).where(eq(resultSigningSessions.applicationId, foreign.id))).toEqual([]);
  });

  it("the same checks hold inside the action itself (no bot in between)", async () => {
    const director = (await staffOf(schoolA, "director", "Директор А2")).staff;
    const reply = await performAction(h.deps, director.telegramId, {
      applicationId: foreign.id,
      action: "register",
      version: foreign.version,
    });
    expect(reply.ok).toBe(false);
    expect((await getApplication(h.db, foreign.id))!.status).toBe("submitted");
  });

  it("says 'not found' in the staff member's language and 'not staff' in the language the bot speaks to a stranger", async () => {
    const russian = (await staffOf(schoolA, "director", "Директор А3")).staff;
    const notFound = await performAction(h.deps, russian.telegramId, {
      applicationId: foreign.id,
      action: "register",
      version: foreign.version,
    });
    expect(notFound.html).toBe("Заявление не найдено или не относится к вашей школе.");
    const stranger = { applicationId: own.id, action: "register" as const, version: own.version };
    expect((await performAction(h.deps, ++nextUserId, stranger, "ru")).html).toBe(
      "Вы не зарегистрированы как действующий сотрудник школы.",
    );
    expect((await performAction(h.deps, ++nextUserId, stranger, "kk")).html).toBe("Сіз белсенді мектеп қызметкері ретінде тіркелмегенсіз.");
  });

  it("a deactivated staff member is treated as a stranger at once", async () => {
    const { chat, staff } = await staffOf(schoolA, "specialist", "Бывший");
    await chat.send("/inbox");
    const inbox = await chat.nextMessage(/Заявления/);
    await deactivateStaff(h.db, staff.id, new Date());
    const answer = await chat.callbackAnswer(chat.chat.tapButton(inbox.message_id, `do:register:${own.id}:${own.version}`));
    expect(answer).toMatchObject({ showAlert: true, text: expect.stringMatching(/только для сотрудников/) });
    await chat.send("/inbox");
    expect((await chat.nextMessage()).text).toMatch(/только для сотрудников/);
    expect((await getApplication(h.db, own.id))!.status).toBe("submitted");
  });
});

describe("two staff tapping Register at once", () => {
  it("one wins; the other is told who already handled it", async () => {
    const first = await staffOf(schoolA, "specialist", "Сауле Бекова");
    const second = await staffOf(schoolA, "specialist", "Ерлан Омаров");
    const app = await submittedApplication(h.db, { serviceId: "meals", schoolId: schoolA, parentTelegramId: ++nextUserId });
    for (const s of [first, second]) {
      await s.chat.send("/inbox");
      await s.chat.nextMessage(/Заявления/);
      await s.chat.tap(`№ ${app.number} · Нурлан Сапаров`);
      await s.chat.nextMessage(/Статус: Отправлено в школу/);
      await s.chat.tap("Зарегистрировать");
      await s.chat.nextMessage(/Подтверждаете/);
    }
    await Promise.all([first.chat.tap("✅ Подтвердить"), second.chat.tap("✅ Подтвердить")]);
    const outcomes = await Promise.all([
      first.chat.nextMessage(/Зарегистрировано|уже обработал/),
      second.chat.nextMessage(/Зарегистрировано|уже обработал/),
    ]);
    const texts = outcomes.map((m) => m.text ?? "");
    const winner = texts.findIndex((t) => t.startsWith("✅"));
    expect(winner).toBeGreaterThanOrEqual(0);
    const loserText = texts[1 - winner]!;
    expect(loserText).toContain(`уже обработал(а) ${[first, second][winner]!.staff.fullName}`);
    const events = (await listEvents(h.db, app.id)).filter((e) => e.action === "register");
    expect(events).toHaveLength(1);
  });

  it("at the database, concurrent registrations with the same version: exactly one succeeds", async () => {
    const a = (await staffOf(schoolA, "specialist", "Сауле Бекова")).staff;
    const b = (await staffOf(schoolA, "director", "Гульнара Ахметова")).staff;
    const app = await submittedApplication(h.db, { serviceId: "meals", schoolId: schoolA, parentTelegramId: ++nextUserId });
    const replies = await Promise.all(
      [a, b].map((s) => performAction(h.deps, s.telegramId, { applicationId: app.id, action: "register", version: app.version })),
    );
    expect(replies.filter((r) => r.ok)).toHaveLength(1);
    const loser = replies.find((r) => !r.ok)!;
    const winnerName = replies[0]!.ok ? a.fullName : b.fullName;
    expect(loser.html).toContain(winnerName);
  });
});

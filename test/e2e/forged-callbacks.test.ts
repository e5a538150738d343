/**
 * An attacker's taps: Telegram does not sign callback data, so a modified client can send any data on any message of
 * the bot. Every pattern that names something (an application, a draft, a document, a staff member, a signing, a page,
 * a version) is forged here against another parent's data and another school's: a parent of the parent bot, a
 * director and a specialist of school A, a member switched off, a parent in the provider bot. Each tap gets the usual
 * "outdated" or "not found" answer, says nothing of the other's data (the child's and parent's names, the application
 * numbers, the school, its staff), changes no row, and logs no error.
 */
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Message } from "grammy/types";
import { PLAYGROUND_BOT_USERNAMES } from "#root/bot/playground.ts";
import { createDraft, getApplication, listDocuments, type Application } from "#root/db/queries/applications.ts";
import { listIssued } from "#root/db/queries/issued.ts";
import { getRating, recordRating } from "#root/db/queries/ratings.ts";
import { deactivateStaff, getStaffMember, type Staff } from "#root/db/queries/staff.ts";
import { findUserByTelegramId } from "#root/db/queries/users.ts";
import { changeStatus } from "#root/flows/applications.ts";
import { makeIin } from "#root/flows/iin.ts";
import { startResultSigning } from "#root/flows/result-signing.ts";
import { createLogger } from "#root/log.ts";
import { fillStage } from "#root/test/helpers/answers.ts";
import { decidedApplication, seedSchool, seedStaff, submittedApplication } from "#root/test/helpers/fixtures.ts";
import { registerInRussian } from "#root/test/helpers/parent-flow.ts";
import { startTestSystem, type TestSystem } from "#root/test/helpers/system.ts";
import { tgUser, type TgChat } from "#root/test/helpers/tg-client.ts";

/** Error-level log lines (pino: level 50 and up). */
const errors: string[] = [];
const sink = new Writable({
  write(chunk, _enc, cb) {
    errors.push(String(chunk));
    cb();
  },
});

let system: TestSystem;
const db = () => system.database.db;
let nextId = 610_000_000 + Math.floor(Math.random() * 1_000_000);

// What the attacker must never see.
const VICTIM_CHILD = "Секретов Тимур Аскарович";
const VICTIM_PARENT = "Секретова Алия Бахытовна";
const SCHOOL_B = "Гимназия Тайная №77";
const DIRECTOR_B = "Скрытова Гаухар Нурлановна";
const SPECIALIST_B = "Невидимов Ерлан Маратович";

/** The victim's applications: a draft, a signed one, one at the school, one decided (rated), all at school B. */
let draft: Application;
let signed: Application;
let submitted: Application;
let decided: Application;
/** School A's own applications: submitted, and a home-schooling one decided (its order is the director's). */
let ownSubmitted: Application;
let ownDecided: Application;
let directorB: Staff;
let specialistB: Staff;
let specialistA2: Staff;
let issuedB: number;
/** Another parent's application at school B, registered, its certificate waiting for director B's signature; and that signing. */
let pending: Application;
let signingB: number;

interface Actor {
  chat: TgChat;
  /** The message forged taps land on (the actor's own, from the bot). */
  message: Message;
  bot: "parent" | "provider";
}
const actors: Record<string, Actor> = {};

async function providerActor(telegramId: number, start = "/inbox", reply: RegExp = /Заявления/): Promise<Actor> {
  const chat = tgUser(system.playground!, { id: telegramId, firstName: "Staff", lang: "ru" }).chatWith(PLAYGROUND_BOT_USERNAMES.provider);
  await chat.send(start);
  return { chat, message: await chat.nextMessage(reply), bot: "provider" };
}

beforeAll(async () => {
  system = await startTestSystem({ log: createLogger("error", sink) });
  const schoolA = await seedSchool(db(), "990140000771", "Школа Атакующая №1");
  const schoolB = await seedSchool(db(), "990140000772", SCHOOL_B);
  directorB = await seedStaff(db(), { schoolId: schoolB.id, telegramId: nextId++, role: "director", fullName: DIRECTOR_B });
  specialistB = await seedStaff(db(), { schoolId: schoolB.id, telegramId: nextId++, role: "specialist", fullName: SPECIALIST_B });

  const victimTg = nextId++;
  const victimApp = (childName: string, extra: { serviceId?: string; signedOnly?: boolean } = {}) =>
    submittedApplication(db(), {
      serviceId: extra.serviceId ?? "meals",
      schoolId: schoolB.id,
      parentTelegramId: victimTg,
      parentName: VICTIM_PARENT,
      childName,
      ...(extra.signedOnly ? { signedOnly: true } : {}),
    });
  submitted = await victimApp(VICTIM_CHILD);
  signed = await victimApp(VICTIM_CHILD, { serviceId: "home-schooling", signedOnly: true });
  decided = await decidedApplication(db(), await victimApp(VICTIM_CHILD, { serviceId: "home-schooling" }), directorB);
  await recordRating(db(), { applicationId: decided.id, schoolId: schoolB.id, serviceId: decided.serviceId, score: 2, now: new Date() });
  issuedB = (await listIssued(db(), decided.id))[0]!.id;
  const victim = (await findUserByTelegramId(db(), victimTg))!;
  const now = new Date();
  const created = await createDraft(db(), { serviceId: "meals", parentId: victim.id, lang: "ru", now });
  draft = (await fillStage(db(), { applicationId: created.id, stage: "child", answers: { fullName: VICTIM_CHILD }, now }))!;
  pending = await submittedApplication(db(), {
    serviceId: "meals",
    schoolId: schoolB.id,
    parentTelegramId: nextId++,
    parentName: VICTIM_PARENT,
    childName: VICTIM_CHILD,
  });
  const principalB = { kind: "staff" as const, staffId: directorB.id, role: directorB.role, schoolId: schoolB.id };
  const registered = await changeStatus(db(), { applicationId: pending.id, action: "register", principal: principalB, now });
  if (!registered.ok) throw new Error(`not registered: ${registered.reason}`);
  pending = registered.application;
  const link = await startResultSigning(db(), {
    staff: directorB,
    application: pending,
    action: "issue",
    kind: "certificate",
    now,
    publicUrl: system.config.publicUrl,
  });
  signingB = link.sessionId;

  // The attacker in the parent bot: registered, with nothing of their own.
  const parent = system.parent({ lang: "ru" });
  await registerInRussian(parent, "Хакеров Пётр Иванович", makeIin("1980-01-01", "male", 913));
  actors.parent = { chat: parent, message: parent.botMessages().at(-1)!, bot: "parent" };
  // The same person in the provider bot: a stranger there.
  actors.stranger = await providerActor(parent.chat.user.id, "/start", /только для сотрудников/);

  // School A: a director, a specialist (two), and a member switched off.
  const directorA = await seedStaff(db(), { schoolId: schoolA.id, telegramId: nextId++, role: "director", fullName: "Директор Атакующей" });
  const specialistA = await seedStaff(db(), { schoolId: schoolA.id, telegramId: nextId++, role: "specialist", fullName: "Специалист А" });
  specialistA2 = await seedStaff(db(), { schoolId: schoolA.id, telegramId: nextId++, role: "specialist", fullName: "Специалист А2" });
  const offA = await seedStaff(db(), { schoolId: schoolA.id, telegramId: nextId++, role: "specialist", fullName: "Отключённый А" });
  ownSubmitted = await submittedApplication(db(), { serviceId: "meals", schoolId: schoolA.id, parentTelegramId: nextId++ });
  ownDecided = await decidedApplication(
    db(),
    await submittedApplication(db(), { serviceId: "home-schooling", schoolId: schoolA.id, parentTelegramId: nextId++ }),
    directorA,
  );
  actors.directorA = await providerActor(directorA.telegramId!);
  actors.specialistA = await providerActor(specialistA.telegramId!);
  actors.offA = await providerActor(offA.telegramId!);
  await deactivateStaff(db(), offA.id, new Date());
}, 60_000);
afterAll(() => system?.close());

/** Everything a forged tap could change: the victim's and school A's applications, files, rating, staff. */
async function snapshot() {
  const apps = [draft, signed, submitted, decided, pending, ownSubmitted, ownDecided];
  return {
    apps: await Promise.all(
      apps.map(async (a) => {
        const row = (await getApplication(db(), a.id))!;
        const files = (await listDocuments(db(), a.id)).map((d) => d.fileId);
        const { status, version, resultFileId, statementFileId, updatedAt } = row;
        return { status, version, resultFileId, statementFileId, updatedAt, files };
      }),
    ),
    issued: (await listIssued(db(), decided.id)).map((d) => ({ id: d.id, revokedAt: d.revokedAt })),
    rating: await getRating(db(), decided.id),
    staff: await Promise.all([directorB, specialistB, specialistA2].map(async (s) => (await getStaffMember(db(), s.id))?.active)),
  };
}

const OUTDATED = /^Эта кнопка устарела — воспользуйтесь последним сообщением\.$/;
const PROVIDER_OUTDATED = /^Эта кнопка устарела\. Откройте список заново: \/inbox$/;
const NOT_FOUND = /^Заявление не найдено или не относится к вашей школе\.$/;
const STAFF_ONLY = /^Этот бот только для сотрудников школ\.$/;

/** The handlers' updates counted by /metrics, per bot. */
async function handled(bot: "parent" | "provider"): Promise<number> {
  const body = await (await fetch(`http://127.0.0.1:${system.port}/metrics`)).text();
  let total = 0;
  for (const m of body.matchAll(/^desk_updates_total\{([^}]*)\} (\d+)$/gm)) if (m[1]!.includes(`bot="${bot}"`)) total += Number(m[2]);
  return total;
}

/** Taps `data` on the actor's message; everything the bot said to the actor until the update was handled. */
async function forge(actor: Actor, data: string): Promise<{ toast: string; said: string[] }> {
  const log = system.playground!.state.events;
  const cursor = log.seq;
  const before = await handled(actor.bot);
  const query = actor.chat.chat.tapButton(actor.message.message_id, data);
  const answer = await actor.chat.callbackAnswer(query, { timeoutMs: 10_000 });
  for (const deadline = Date.now() + 10_000; (await handled(actor.bot)) <= before; ) {
    if (Date.now() > deadline) throw new Error(`the tap on ${data} was not handled within 10 s`);
    await new Promise((r) => setTimeout(r, 5));
  }
  // A failed update is counted before the error handler speaks: what it says comes a moment later.
  await new Promise((r) => setTimeout(r, 150));
  const said = log
    .since(cursor)
    .flatMap((e) =>
      (e.type === "message" || e.type === "edit") && e.sender === "bot" && e.chatKey === actor.chat.chat.chat.key
        ? [e.message.text ?? e.message.caption ?? (e.message.document ? "[document]" : e.message.photo ? "[photo]" : "")]
        : [],
    );
  return { toast: answer.text ?? "", said };
}

interface Row {
  who: keyof typeof actors | string;
  what: string;
  data: () => string;
  /** The toast, or (when the answer is a message) the message. */
  toast?: RegExp;
  said?: RegExp;
}

const id = () => "00000000-0000-4000-8000-000000000000";
const rows: Row[] = [
  // The parent bot, another parent's applications and drafts.
  { who: "parent", what: "open another's application", data: () => `my:open:${submitted.id}`, toast: OUTDATED },
  { who: "parent", what: "another's result file", data: () => `my:file:${decided.id}`, toast: OUTDATED },
  { who: "parent", what: "fix another's application", data: () => `my:fix:${decided.id}`, toast: OUTDATED },
  { who: "parent", what: "withdraw another's application", data: () => `my:cancel:${submitted.id}`, toast: OUTDATED },
  { who: "parent", what: "confirm withdrawing it", data: () => `my:cancel-yes:${signed.id}:${signed.version}`, toast: OUTDATED },
  { who: "parent", what: "…with a version from the future", data: () => `my:cancel-yes:${signed.id}:999999999`, toast: OUTDATED },
  { who: "parent", what: "send another's signed application", data: () => `apply:send:${signed.id}`, toast: OUTDATED },
  { who: "parent", what: "continue another's draft", data: () => `apply:resume:${draft.id}`, said: /уже не черновик/ },
  { who: "parent", what: "restart another's draft", data: () => `apply:restart:${draft.id}`, toast: OUTDATED },
  { who: "parent", what: "edit a stage of another's draft", data: () => `rv:edit:${draft.id}:child`, toast: OUTDATED },
  { who: "parent", what: "sign another's draft (eGov mobile)", data: () => `sg:mobile:${draft.id}`, toast: OUTDATED },
  { who: "parent", what: "sign another's draft (EDS)", data: () => `sg:eds:${draft.id}`, toast: OUTDATED },
  { who: "parent", what: "sign another's draft (paper)", data: () => `sg:paper:${draft.id}`, toast: OUTDATED },
  { who: "parent", what: "keep another's draft", data: () => `dr:keep:${draft.id}`, said: /черновик уже удалён/ },
  { who: "parent", what: "discard another's draft", data: () => `dr:discard:${draft.id}`, toast: OUTDATED },
  { who: "parent", what: "rate another's application", data: () => `rate:${decided.id}:5`, toast: OUTDATED },
  { who: "parent", what: "comment another's rating", data: () => `ratec:${decided.id}`, toast: OUTDATED },
  // The parent bot, ids that do not exist or are malformed.
  { who: "parent", what: "an application that does not exist", data: () => `my:open:${id()}`, toast: OUTDATED },
  { who: "parent", what: "not a uuid", data: () => "my:open:1 OR 1=1", toast: OUTDATED },
  { who: "parent", what: "an uppercase uuid", data: () => `my:file:${decided.id.toUpperCase()}`, toast: OUTDATED },
  { who: "parent", what: "a negative page", data: () => "my:list:-1", toast: OUTDATED },
  { who: "parent", what: "a huge page", data: () => "my:list:999999999", said: /заявлени/i },
  { who: "parent", what: "a huge version", data: () => `my:cancel-yes:${signed.id}:99999999999999`, toast: OUTDATED },
  { who: "parent", what: "a score out of range", data: () => `rate:${decided.id}:9`, toast: OUTDATED },
  { who: "parent", what: "a service that does not exist", data: () => "apply:new:no-such-service", toast: OUTDATED },
  { who: "parent", what: "support's Take in a private chat", data: () => "sup:take:1", toast: OUTDATED },
  { who: "parent", what: "support's Close, a huge ticket", data: () => "sup:close:999999999", toast: OUTDATED },
  // The provider's buttons in the parent bot.
  { who: "parent", what: "a provider's Open", data: () => `inbox:open:${submitted.id}`, toast: OUTDATED },
  { who: "parent", what: "a provider's Confirm", data: () => `do:register:${submitted.id}:${submitted.version}`, toast: OUTDATED },
  { who: "parent", what: "a provider's Revoke", data: () => `rv:${decided.id}:${issuedB}`, toast: OUTDATED },
  { who: "parent", what: "a provider's switch-off", data: () => `team:offok:${specialistB.id}:1`, toast: OUTDATED },
  // The parent's buttons (and the provider's) in the provider bot: a stranger there.
  { who: "stranger", what: "a parent's Open in the provider bot", data: () => `my:open:${submitted.id}`, toast: STAFF_ONLY },
  { who: "stranger", what: "Open", data: () => `inbox:open:${submitted.id}`, toast: STAFF_ONLY },
  { who: "stranger", what: "Confirm", data: () => `do:register:${submitted.id}:${submitted.version}`, toast: STAFF_ONLY },
  { who: "stranger", what: "the team", data: () => "team:list", toast: STAFF_ONLY },
  // A director of school A and school B's applications, documents, staff.
  { who: "directorA", what: "open B's application", data: () => `inbox:open:${submitted.id}`, said: NOT_FOUND },
  { who: "directorA", what: "B's card", data: () => `card:${submitted.id}`, said: NOT_FOUND },
  { who: "directorA", what: "ask to register B's", data: () => `a:register:${submitted.id}:${submitted.version}`, toast: NOT_FOUND },
  { who: "directorA", what: "a refusal reason for B's", data: () => `rr:${submitted.id}:${submitted.version}:0`, toast: NOT_FOUND },
  { who: "directorA", what: "an order out of turn for B's", data: () => `ot:${decided.id}:${decided.version}:1`, toast: NOT_FOUND },
  { who: "directorA", what: "confirm B's registration", data: () => `do:register:${submitted.id}:${submitted.version}`, said: NOT_FOUND },
  { who: "directorA", what: "confirm B's order", data: () => `do:order:${decided.id}:${decided.version}`, said: NOT_FOUND },
  { who: "directorA", what: "sign B's order", data: () => `sg:order:${decided.id}:${decided.version}`, toast: NOT_FOUND },
  { who: "directorA", what: "the signing IIN on B's", data: () => `si:${decided.id}`, toast: NOT_FOUND },
  { who: "directorA", what: "revoke B's document", data: () => `rv:${decided.id}:${issuedB}`, toast: NOT_FOUND },
  { who: "directorA", what: "revoke B's document on an own application", data: () => `rv:${ownDecided.id}:${issuedB}`, toast: NOT_FOUND },
  {
    who: "directorA",
    what: "switch off B's specialist",
    data: () => `team:off:${specialistB.id}`,
    said: /Такого сотрудника в вашей школе нет/,
  },
  {
    who: "directorA",
    what: "confirm switching off B's director",
    data: () => `team:offok:${directorB.id}:1`,
    said: /Такого сотрудника в вашей школе нет/,
  },
  {
    who: "directorA",
    what: "B's director's signing in eGov mobile",
    data: () => `sm:${signingB}`,
    toast: /ссылка на подписание уже не действует/,
  },
  { who: "specialistA", what: "B's director's signing", data: () => `sm:${signingB}`, toast: /ссылка на подписание уже не действует/ },
  { who: "offA", what: "B's director's signing", data: () => `sm:${signingB}`, toast: STAFF_ONLY },
  { who: "parent", what: "B's director's signing in the parent bot", data: () => `sm:${signingB}`, toast: OUTDATED },
  { who: "directorA", what: "a signing that does not exist", data: () => "sm:1", toast: /ссылка на подписание уже не действует/ },
  { who: "directorA", what: "a signing id past integer", data: () => "sm:999999999999", toast: PROVIDER_OUTDATED },
  { who: "directorA", what: "an application that does not exist", data: () => `card:${id()}`, said: NOT_FOUND },
  { who: "directorA", what: "an action that does not exist", data: () => `do:delete:${ownSubmitted.id}:1`, toast: NOT_FOUND },
  {
    who: "directorA",
    what: "a reason that does not exist",
    data: () => `rr:${ownSubmitted.id}:${ownSubmitted.version}:999`,
    toast: /причину/,
  },
  { who: "directorA", what: "a version from the future", data: () => `do:register:${ownSubmitted.id}:999999999`, said: /./ },
  { who: "directorA", what: "a huge inbox page", data: () => "inbox:p:9999", said: /Заявления/ },
  { who: "directorA", what: "a view that does not exist", data: () => "inbox:v:all:0", toast: PROVIDER_OUTDATED },
  { who: "directorA", what: "a huge team page", data: () => "team:list:999", said: /./ },
  { who: "directorA", what: "a service that does not exist", data: () => "bk:q:no-such-service", toast: PROVIDER_OUTDATED },
  { who: "directorA", what: "a dialog that is not open", data: () => "in:yes:AAAAAAAAAAAAAAAA", toast: PROVIDER_OUTDATED },
  { who: "directorA", what: "a bulk dialog that is not open", data: () => "bk:yes:AAAAAAAAAAAAAAAA", toast: PROVIDER_OUTDATED },
  { who: "directorA", what: "a parent's button", data: () => `my:open:${submitted.id}`, toast: PROVIDER_OUTDATED },
  // A specialist of school A doing a director's actions.
  { who: "specialistA", what: "invite a specialist", data: () => "team:invite", toast: /только директор/ },
  { who: "specialistA", what: "switch off a colleague", data: () => `team:off:${specialistA2.id}`, said: /только директор/ },
  { who: "specialistA", what: "confirm switching off a colleague", data: () => `team:offok:${specialistA2.id}:1`, said: /только директор/ },
  { who: "specialistA", what: "confirm an order", data: () => `do:order:${ownDecided.id}:${ownDecided.version}`, said: /нет права/ },
  { who: "specialistA", what: "ask for an order", data: () => `a:order:${ownDecided.id}:${ownDecided.version}`, toast: /нет права/ },
  { who: "specialistA", what: "the bulk order", data: () => "bk:n:home-schooling", toast: /зачислить может только он/ },
  { who: "specialistA", what: "B's application", data: () => `inbox:open:${submitted.id}`, said: NOT_FOUND },
  // A member switched off since.
  { who: "offA", what: "open an own school's application", data: () => `inbox:open:${ownSubmitted.id}`, toast: STAFF_ONLY },
  { who: "offA", what: "register it", data: () => `do:register:${ownSubmitted.id}:${ownSubmitted.version}`, toast: STAFF_ONLY },
  { who: "offA", what: "the team", data: () => `team:offok:${specialistA2.id}:1`, toast: STAFF_ONLY },
];

describe("a forged tap on someone else's data", () => {
  it.each(rows)("$who: $what ($data)", async (row) => {
    const before = await snapshot();
    const errorsBefore = errors.length;
    const actor = actors[row.who]!;
    const { toast, said } = await forge(actor, row.data());

    if (row.toast) expect(toast).toMatch(row.toast);
    if (row.said) expect(said.join("\n")).toMatch(row.said);
    const everything = [toast, ...said].join("\n");
    for (const secret of [
      VICTIM_CHILD,
      VICTIM_PARENT,
      SCHOOL_B,
      DIRECTOR_B,
      SPECIALIST_B,
      submitted.number,
      signed.number,
      decided.number,
      draft.number,
    ])
      expect(everything).not.toContain(secret);
    expect(said).not.toContain("[document]");
    expect(said).not.toContain("[photo]");
    expect(await snapshot()).toEqual(before);
    expect(errors.slice(errorsBefore)).toEqual([]);
  });
});

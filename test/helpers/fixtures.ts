/**
 * Test fixtures built with the real query functions and flows: schools, staff bound through a
 * redeemed invite, and applications taken all the way to `submitted` (statement PDF, attached
 * documents, a signature record) — what a parent would have produced through the parent bot.
 */
import { fillStage } from "#root/test/helpers/answers.ts";
import { deflateSync } from "node:zlib";
import { Api } from "grammy";
import { createEmulator, type Emulator } from "#root/api/playground/index.ts";
import { createParentBot } from "#root/bot/parent/index.ts";
import { createProviderBot } from "#root/bot/provider/index.ts";
import type { BotDeps } from "#root/bot/shared/deps.ts";
import { createDeliverers } from "#root/bot/shared/delivery.ts";
import { openDatabaseStorage } from "#root/bot/shared/storage.ts";
import { loadConfig } from "#root/config.ts";
import { startOutboxSender } from "#root/db/outbox-sender.ts";
import { createMailer, type Mailer } from "#root/flows/mailer.ts";
import { createLogger } from "#root/log.ts";
import { backends, type TestBackend } from "./databases.ts";
import { bornForGrade } from "./parent-flow.ts";
import { assertTapsAnswered, serveEmulator, type TgChat } from "./tg-client.ts";
import type { Db } from "#root/db/client.ts";
import { addDocument, createDraft, getApplication, type Application } from "#root/db/queries/applications.ts";
import { storeFile } from "#root/db/queries/files.ts";
import { getSchoolByBin, upsertSchool, type School } from "#root/db/queries/schools.ts";
import { recordSignature } from "#root/db/queries/signatures.ts";
import { createStaffInvite, redeemStaffInvite, setStaffProfile, type Staff } from "#root/db/queries/staff.ts";
import { addChild, registerParent } from "#root/db/queries/users.ts";
import type { StaffRole } from "#root/db/schema.ts";
import { changeStatus } from "#root/flows/applications.ts";
import type { Lang } from "#root/flows/i18n.ts";
import { makeIin } from "#root/flows/iin.ts";
import { schoolYearOf } from "#root/flows/form/number.ts";
import { getService, requiredDocuments } from "#root/flows/services/index.ts";
import { prepareStatement } from "#root/flows/statement.ts";
import { issueDocument } from "#root/flows/results.ts";
import { revoke } from "#root/flows/decisions.ts";
import { listIssued, type IssuedDocumentRow } from "#root/db/queries/issued.ts";

/** A valid 1×1 PNG (a "photo of a document"). */
export function tinyPng(): Uint8Array {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf: Buffer) => {
    let c = 0xffffffff;
    for (const b of buf) c = crcTable[(c ^ b) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, body: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(body.length);
    const typed = Buffer.concat([Buffer.from(type, "latin1"), body]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(typed));
    return Buffer.concat([len, typed, sum]);
  };
  const ihdr = Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0]);
  const idat = deflateSync(Buffer.from([0, 200, 200, 200]));
  return new Uint8Array(
    Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      chunk("IHDR", ihdr),
      chunk("IDAT", idat),
      chunk("IEND", Buffer.alloc(0)),
    ]),
  );
}

/** A school (created once per BIN). */
export async function seedSchool(db: Db, bin: string, name = `Школа ${bin.slice(-3)}`): Promise<School> {
  await upsertSchool(db, {
    region: { kk: "Алматы қаласы", ru: "город Алматы" },
    district: { kk: "Бостандық ауданы", ru: "Бостандыкский район" },
    nameKk: `№${bin.slice(-3)} мектеп-гимназия`,
    nameRu: name,
    bin,
  });
  return (await getSchoolByBin(db, bin))!;
}

/** A staff member bound to a school through a redeemed invite, as the bot would do it. */
export async function seedStaff(
  db: Db,
  input: { schoolId: number; telegramId: number; role: StaffRole; fullName: string; position?: string; lang?: Lang; now?: Date },
): Promise<Staff> {
  const now = input.now ?? new Date();
  const { token } = await createStaffInvite(db, { schoolId: input.schoolId, role: input.role, now });
  const result = await redeemStaffInvite(db, {
    token,
    telegramId: input.telegramId,
    fullName: input.fullName,
    lang: input.lang ?? "ru",
    now,
  });
  if (!result.ok) throw new Error(`seedStaff: invite not redeemed (${result.reason})`);
  // Onboarding done: the name and position documents are signed with.
  const position = input.position ?? (input.role === "director" ? "Директор" : "Заместитель директора по учебной работе");
  return setStaffProfile(db, { staffId: result.staff.id, fullName: input.fullName, position, now });
}

let serial = 1;

/**
 * The IINs the fixtures made, so that each new parent or child is another person: `makeIin` moves
 * on to the next serial when one has no valid check digit, so two serials can give one IIN.
 */
const madeIins = new Set<string>();
function newIin(birthDate: string, sex: "male" | "female", n: number): string {
  for (let s = n; ; s++) {
    const iin = makeIin(birthDate, sex, s);
    if (!madeIins.has(iin)) {
      madeIins.add(iin);
      return iin;
    }
  }
}

/** Answers that satisfy each service's fields (the fixtures know the forms; the bots do not). */
const FIELD_ANSWERS: Record<string, (now: Date) => Record<string, string>> = {
  meals: () => ({ category: "large-family" }),
  "home-schooling": (now) => ({
    "conclusion-number": "ВКК-117",
    "conclusion-date": new Date(now.getTime() - 30 * 86400_000).toISOString().slice(0, 10),
  }),
  "first-grade": () => ({ priority: "area", "born-abroad": "no" }),
};

/**
 * A parent's application taken to `submitted` at `now`: parent, child, school, the service's
 * answers, one PNG per required document, the statement PDF and a valid EDS signature record.
 */
export async function submittedApplication(
  db: Db,
  input: {
    serviceId: string;
    schoolId: number;
    parentTelegramId: number;
    lang?: Lang;
    /** The email given in the form; also on the profile beforehand unless `profileEmail` is false. */
    email?: string;
    profileEmail?: boolean;
    now?: Date;
    parentName?: string;
    childName?: string;
    /**
     * The child's birth date and grade (without them, a fourth-grader in `now`'s school year born
     * on 1 March), and the IIN of a child another application was sent for (a new child's otherwise).
     */
    child?: { birthDate: string; grade: number; iin?: string };
    /** The service's answers instead of the usual ones. */
    fields?: Record<string, string>;
    /** Stop once signed (not sent yet). */
    signedOnly?: boolean;
    /** Stop at the review: a draft with every answer and page, no statement formed (with `documentsDone`). */
    draftOnly?: boolean;
    /** Each document's pages confirmed ("done"), as the bot's form keeps them: a copy of the answers (a resubmission) asks none again. */
    documentsDone?: boolean;
  },
): Promise<Application> {
  const now = input.now ?? new Date();
  const lang = input.lang ?? "ru";
  const n = serial++;
  const parentIin = newIin("1985-04-12", "female", n);
  const phone = `+7701${String(1000000 + n).slice(-7)}`;
  const parent = await registerParent(db, {
    telegramId: input.parentTelegramId,
    phone,
    fullName: input.parentName ?? "Айгерим Сапарова",
    iin: parentIin,
    lang,
    ...(input.email && input.profileEmail !== false ? { email: input.email } : {}),
  });
  const born = input.child ?? { birthDate: bornForGrade(4, now, "03-01"), grade: 4 };
  const childIin = born.iin ?? newIin(born.birthDate, "male", n);
  const child = await addChild(db, {
    parentId: parent.id,
    fullName: input.childName ?? "Нурлан Сапаров",
    iin: childIin,
    birthDate: born.birthDate,
    grade: born.grade,
    gradeYear: schoolYearOf(now),
  });
  const draft = await createDraft(db, { serviceId: input.serviceId, parentId: parent.id, lang, now });
  const fields = input.fields ?? FIELD_ANSWERS[input.serviceId]!(now);
  await fillStage(db, {
    applicationId: draft.id,
    stage: "parent",
    answers: { fullName: parent.fullName, iin: parentIin, phone, ...(input.email ? { email: input.email } : {}) },
    now,
  });
  await fillStage(db, {
    applicationId: draft.id,
    stage: "child",
    answers: { childId: child.id, fullName: child.fullName, iin: childIin, birthDate: child.birthDate, grade: child.grade },
    patch: { childId: child.id },
    now,
  });
  await fillStage(db, {
    applicationId: draft.id,
    stage: "school",
    answers: { schoolId: input.schoolId },
    patch: { schoolId: input.schoolId },
    now,
  });
  await fillStage(db, { applicationId: draft.id, stage: "fields", answers: fields, now });
  const done: Record<string, string> = {};
  for (const req of requiredDocuments(getService(input.serviceId), fields)) {
    const file = await storeFile(db, { bytes: tinyPng(), name: `${req.id}.png` });
    await addDocument(db, { applicationId: draft.id, requirementId: req.id, fileId: file.id });
    done[req.id] = "done";
  }
  if (input.documentsDone) await fillStage(db, { applicationId: draft.id, stage: "documents", answers: done, now });
  if (input.draftOnly) return (await getApplication(db, draft.id))!;
  const statement = await prepareStatement(db, draft.id);
  const cms = await storeFile(db, { bytes: new TextEncoder().encode("%PDF-1.4 stand-in for a CMS file"), name: "statement.cms" });
  await recordSignature(db, {
    applicationId: draft.id,
    method: "eds",
    fileId: cms.id,
    statementSha256: statement.sha256,
    valid: true,
    result: { valid: true, checks: [] },
    signerIin: parentIin,
  });
  for (const action of input.signedOnly ? (["sign"] as const) : (["sign", "send"] as const)) {
    const r = await changeStatus(db, { applicationId: draft.id, action, principal: { kind: "system" }, now });
    if (!r.ok) throw new Error(`submittedApplication: ${action} failed (${r.reason})`);
  }
  return (await getApplication(db, draft.id))!;
}

/** Why the tests' schools revoke a receipt. */
export const RECEIPT_REVOKED_REASON = "Расписка выдана ошибочно: документы не приложены";

/**
 * A first-grade application sent at `sent` (its receipt issued then), whose receipt `staff`
 * revoked at `revoked` (with {@link RECEIPT_REVOKED_REASON}).
 */
export async function revokedReceipt(
  db: Db,
  input: {
    schoolId: number;
    parentTelegramId: number;
    staff: Staff;
    sent: Date;
    revoked: Date;
    birthDate?: string;
    lang?: Lang;
    email?: string;
    /** The service's answers (and so the documents sent), each document confirmed as the bot's form keeps it. */
    fields?: Record<string, string>;
  },
): Promise<{ app: Application; receipt: IssuedDocumentRow }> {
  const app = await submittedApplication(db, {
    serviceId: "first-grade",
    schoolId: input.schoolId,
    parentTelegramId: input.parentTelegramId,
    now: input.sent,
    child: { birthDate: input.birthDate ?? "2020-02-02", grade: 1 },
    ...(input.lang ? { lang: input.lang } : {}),
    ...(input.email ? { email: input.email } : {}),
    ...(input.fields ? { fields: input.fields, documentsDone: true } : {}),
  });
  const receipt = (await listIssued(db, app.id)).find((d) => d.kind === "receipt")!;
  const revoked = await revoke(db, {
    staff: input.staff,
    applicationId: app.id,
    documentId: receipt.id,
    reason: RECEIPT_REVOKED_REASON,
    now: input.revoked,
  });
  if (!revoked.ok) throw new Error(`the receipt of ${app.number} was not revoked: ${JSON.stringify(revoked)}`);
  return { app, receipt };
}

/**
 * A submitted application taken by `staff` through registration to its result (a receipt for
 * a service whose order follows), as the provider bot would: the document rendered and stored.
 */
export async function decidedApplication(db: Db, app: Application, staff: Staff, now = new Date()): Promise<Application> {
  // A result given at once was issued by the send itself.
  if (app.status === "completed") return app;
  const principal = { kind: "staff" as const, staffId: staff.id, role: staff.role, schoolId: staff.schoolId };
  const registered = await changeStatus(db, { applicationId: app.id, action: "register", principal, now });
  if (!registered.ok) throw new Error(`decidedApplication: register failed (${registered.reason})`);
  const kind = getService(app.serviceId).result.kind;
  const { fileId, issued } = await issueDocument(db, {
    application: registered.application,
    kind,
    issuer: staff,
    now,
    publicUrl: "https://desk.example.kz",
  });
  const done = await changeStatus(db, {
    applicationId: app.id,
    application: registered.application,
    action: "issue",
    principal,
    fileId,
    issued,
    now,
  });
  if (!done.ok) throw new Error(`decidedApplication: issue failed (${done.reason})`);
  return done.application;
}

// ── the provider bot against the emulator ────────────────────────────────────

/**
 * Everything a provider e2e test needs: the emulator with both bots served on loopback, a PGlite
 * database (or the backend given), the provider bot polling (and the parent bot, when asked), and
 * an outbox sender that runs when the test calls `deliver()` (so the test decides when
 * notifications go out).
 */
export interface ProviderHarness {
  emulator: Emulator;
  db: Db;
  deps: BotDeps;
  /** Deliver every due outbox row now. */
  deliver(): Promise<void>;
  /** A new staff invite token for a school. */
  invite(schoolId: number, role: StaffRole): Promise<string>;
  close(): Promise<void>;
}

export const PARENT_TOKEN = "111111:parent-secret";
export const PROVIDER_TOKEN = "222222:provider-secret";

export async function startProviderHarness(
  /** `env`: the configuration's environment (SIGEX_URL, EDS_TRUST_DIR…), empty by default. */
  opts: {
    mailer?: Mailer;
    now?: () => Date;
    env?: Record<string, string>;
    /** The database (PGlite unless given). */
    backend?: TestBackend;
    /** The parent bot polls too (a test opening what a parent's notice points to). */
    parentBot?: boolean;
    /** A tap may go unanswered; else close() throws at one (assertTapsAnswered). */
    unansweredTaps?: boolean;
  } = {},
): Promise<ProviderHarness> {
  const emulator = createEmulator({
    bots: [
      { token: PARENT_TOKEN, username: "parent_bot", label: "Parent bot" },
      { token: PROVIDER_TOKEN, username: "provider_bot", label: "Provider bot" },
    ],
  });
  const server = await serveEmulator(emulator);
  const database = await (opts.backend ?? backends[0]!).open();
  // TEST_LOG=error shows handler failures while debugging a test.
  const log = createLogger(process.env.TEST_LOG ?? "silent");
  const now = opts.now ?? (() => new Date());
  // Every SIGEX wait ends when the harness closes.
  const stop = new AbortController();
  const deps = {
    config: loadConfig(opts.env ?? {}),
    db: database.db,
    log,
    sessions: openDatabaseStorage(database.db),
    now,
    cancelCalls: stop.signal,
  };
  const bot = createProviderBot(deps, { token: PROVIDER_TOKEN, apiRoot: server.url });
  await new Promise<void>((resolve) => void bot.start({ onStart: () => resolve() }));
  const parentBot = opts.parentBot ? createParentBot(deps, { token: PARENT_TOKEN, apiRoot: server.url }) : undefined;
  if (parentBot) await new Promise<void>((resolve) => void parentBot.start({ onStart: () => resolve() }));
  const mailer = opts.mailer ?? createMailer({ log });
  const sender = startOutboxSender({
    db: database.db,
    tryLock: database.tryLock,
    log,
    now,
    autoStart: false,
    deliver: createDeliverers({
      parentApi: new Api(PARENT_TOKEN, { apiRoot: server.url }),
      providerApi: new Api(PROVIDER_TOKEN, { apiRoot: server.url }),
      mailer,
      db: database.db,
      log,
    }),
  });
  return {
    emulator,
    db: database.db,
    deps,
    deliver: () => sender.drain(),
    invite: async (schoolId, role) => (await createStaffInvite(database.db, { schoolId, role, now: now() })).token,
    async close() {
      await sender.stop();
      await bot.stop();
      await parentBot?.stop();
      stop.abort();
      await server.close();
      await database.dispose();
      if (!opts.unansweredTaps) assertTapsAnswered(emulator);
    },
  };
}

/** Redeem a staff invite in the provider bot's chat and introduce oneself (the name and position documents are signed with). */
export async function joinAsStaff(chat: TgChat, token: string, fullName: string, position: string): Promise<void> {
  await chat.send(`/start ${token}`);
  await chat.nextMessage(/Добро пожаловать/);
  await chat.nextMessage(/фамилию, имя и отчество/);
  await chat.send(fullName);
  await chat.nextMessage(/должность/);
  await chat.send(position);
  await chat.nextMessage(/Готово/);
}

/** In the provider bot's chat, in Russian: register the application whose card is open, confirm, and open its card again. */
/** A new application announced to staff `chat` (after the outbox is delivered), opened from the announcement: its card shows. */
export async function openAnnounced(chat: TgChat, number: string): Promise<void> {
  await chat.nextMessage(new RegExp(`Новое заявление № ${number}`));
  await chat.tap("Открыть заявление");
  await chat.nextMessage(new RegExp(`📄 Заявление № ${number}`));
}

export async function registerInBot(chat: TgChat): Promise<void> {
  await chat.tap("Зарегистрировать");
  await chat.nextMessage(/Подтверждаете/);
  await chat.tap("✅ Подтвердить");
  await chat.nextMessage(/Зарегистрировано/);
  await chat.tap("Открыть заявление");
  await chat.nextMessage(/Статус: Зарегистрировано/);
}

/**
 * The system of record. One drizzle schema for PostgreSQL and PGlite; migrations in
 * db/migrations are generated from it by drizzle-kit (`npm run db:generate`) and committed.
 */
import { sql } from "drizzle-orm";
import {
  bigint,
  bigserial,
  boolean,
  check,
  customType,
  date,
  index,
  integer,
  jsonb,
  pgSequence,
  pgTable,
  primaryKey,
  serial,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";

/** bytea as Uint8Array on both drivers (postgres-js gives a Buffer, PGlite a Uint8Array). */
const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType: () => "bytea",
  fromDriver: (v) => (v instanceof Uint8Array ? v : new Uint8Array(v as ArrayBufferLike)),
  toDriver: (v) => (Buffer.isBuffer(v) ? v : Buffer.from(v.buffer, v.byteOffset, v.byteLength)),
});

const tgId = (name: string) => bigint(name, { mode: "number" });
const createdAt = () => timestamp("created_at", { withTimezone: true }).notNull().defaultNow();
const ts = (name: string) => timestamp(name, { withTimezone: true });

// ── people ───────────────────────────────────────────────────────────────────

/** Parents (applicants). A row may be imported from the school system before the parent writes. */
export const users = pgTable(
  "users",
  {
    id: serial("id").primaryKey(),
    telegramId: tgId("telegram_id"),
    phone: text("phone"),
    fullName: text("full_name"),
    iin: text("iin"),
    email: text("email"),
    lang: text("lang").$type<"kk" | "ru">(),
    consentAt: ts("consent_at"),
    /** Set when Telegram answers 403 (the parent blocked the bot); cleared when they unblock it or write again (flows/unblocked.ts). */
    blockedAt: ts("blocked_at"),
    createdAt: createdAt(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
  },
  // Not unique by phone: numbers are recycled to new owners, so two parents may have shared one.
  (t) => [uniqueIndex("users_telegram_id_uq").on(t.telegramId), index("users_phone_idx").on(t.phone)],
);

export const children = pgTable(
  "children",
  {
    id: serial("id").primaryKey(),
    parentId: integer("parent_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    fullName: text("full_name").notNull(),
    iin: text("iin").notNull(),
    birthDate: date("birth_date", { mode: "string" }).notNull(),
    grade: smallint("grade").notNull(),
    /**
     * The school year `grade` was given for, by the year it begins (2025: 2025–2026; see
     * `schoolYearOf`): the child is offered a grade higher for each school year since. Null: not
     * known (saved before it was kept), so the grade is asked again.
     */
    gradeYear: smallint("grade_year"),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("children_parent_iin_uq").on(t.parentId, t.iin)],
);

// ── schools directory ────────────────────────────────────────────────────────

/**
 * How a school search compares text, letter for letter (`translate`: a letter of `from` becomes
 * the one at its place in `to`, or goes when `to` is shorter): lower case, the Kazakh letters as
 * the Russian ones typed for them (ә→а, ғ→г, қ→к, ң→н, ө→о, ұ ү→у, һ→х, і→и), ё→е, and no soft or
 * hard sign ("Усть" as "Ust" reads). Cyrillic capitals are lowered here too, whatever the
 * database's locale; `lower` does the Latin ones. The search folds what is typed the same way.
 */
export const SEARCH_FOLD = {
  from: "АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЫЭЮЯӘҒҚҢӨҰҮҺІәғқңөұүһіёЪЬъь",
  to: "абвгдеежзийклмнопрстуфхцчшщыэюяагкноуухиагкноуухие",
} as const;

/** A directory row's Kazakh and Russian names, folded for the search (kept by the database itself). */
const searchText = () =>
  text("search_text")
    .notNull()
    .generatedAlwaysAs(sql.raw(`translate(lower("name_kk" || ' ' || "name_ru"), '${SEARCH_FOLD.from}', '${SEARCH_FOLD.to}')`));

export const regions = pgTable(
  "regions",
  {
    id: serial("id").primaryKey(),
    nameKk: text("name_kk").notNull(),
    nameRu: text("name_ru").notNull(),
    searchText: searchText(),
  },
  (t) => [uniqueIndex("regions_name_ru_uq").on(t.nameRu)],
);

export const districts = pgTable(
  "districts",
  {
    id: serial("id").primaryKey(),
    regionId: integer("region_id")
      .notNull()
      .references(() => regions.id),
    nameKk: text("name_kk").notNull(),
    nameRu: text("name_ru").notNull(),
    searchText: searchText(),
  },
  (t) => [uniqueIndex("districts_region_name_ru_uq").on(t.regionId, t.nameRu)],
);

export const schools = pgTable(
  "schools",
  {
    id: serial("id").primaryKey(),
    districtId: integer("district_id")
      .notNull()
      .references(() => districts.id),
    /** Business identification number: the school's key in every import. */
    bin: text("bin").notNull(),
    nameKk: text("name_kk").notNull(),
    nameRu: text("name_ru").notNull(),
    searchText: searchText(),
    /** Rows loaded from the shipped demo CSV, never real schools. */
    isDemo: boolean("is_demo").notNull().default(false),
    createdAt: createdAt(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
  },
  (t) => [uniqueIndex("schools_bin_uq").on(t.bin), index("schools_district_idx").on(t.districtId)],
);

/**
 * How many children a school admits to a service's grade in a year (the first grade's places
 * across its classes), as its staff set it: the bulk order never enrols more.
 */
export const schoolPlaces = pgTable(
  "school_places",
  {
    schoolId: integer("school_id")
      .notNull()
      .references(() => schools.id),
    serviceId: text("service_id").notNull(),
    year: integer("year").notNull(),
    places: integer("places").notNull(),
    setByStaffId: integer("set_by_staff_id"),
    updatedAt: ts("updated_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.schoolId, t.serviceId, t.year] })],
);

// ── school staff ─────────────────────────────────────────────────────────────

export type StaffRole = "specialist" | "director";

export const staff = pgTable(
  "staff",
  {
    id: serial("id").primaryKey(),
    schoolId: integer("school_id")
      .notNull()
      .references(() => schools.id),
    telegramId: tgId("telegram_id").notNull(),
    role: text("role").$type<StaffRole>().notNull(),
    fullName: text("full_name").notNull(),
    /** The position as the staff member gave it at onboarding; documents name them by it. */
    position: text("position"),
    /** The staff member's IIN: an EDS signature of theirs must carry it. Asked the first time they sign. */
    iin: text("iin"),
    /** Whether the name was typed by the staff member (not Telegram's display name). */
    nameConfirmedAt: ts("name_confirmed_at"),
    lang: text("lang").$type<"kk" | "ru">().notNull().default("kk"),
    active: boolean("active").notNull().default(true),
    createdAt: createdAt(),
    deactivatedAt: ts("deactivated_at"),
    /**
     * Set when the staff member blocks the provider bot (Telegram says so, or answers a notice with 403); cleared when they
     * are back, and told then what waits for them (bot/provider/unblocked.ts).
     */
    blockedAt: ts("blocked_at"),
  },
  (t) => [uniqueIndex("staff_telegram_id_uq").on(t.telegramId), index("staff_school_idx").on(t.schoolId)],
);

export const staffInvites = pgTable(
  "staff_invites",
  {
    id: serial("id").primaryKey(),
    /** SHA-256 of the one-time token: the token itself lives only in the deep link. */
    tokenHash: text("token_hash").notNull(),
    schoolId: integer("school_id")
      .notNull()
      .references(() => schools.id),
    role: text("role").$type<StaffRole>().notNull(),
    expiresAt: ts("expires_at").notNull(),
    usedAt: ts("used_at"),
    usedByStaffId: integer("used_by_staff_id").references(() => staff.id),
    /** The director who made it (null: an operator's command): their unused invites end when they are switched off. */
    createdByStaffId: integer("created_by_staff_id").references(() => staff.id),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("staff_invites_token_hash_uq").on(t.tokenHash)],
);

/** Who changed a school's team, and how: invites made and staff switched off. */
export const staffAudit = pgTable(
  "staff_audit",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    schoolId: integer("school_id")
      .notNull()
      .references(() => schools.id),
    /** A director in the provider bot, or an operator's command. */
    actorKind: text("actor_kind").$type<"staff" | "operator">().notNull(),
    actorStaffId: integer("actor_staff_id").references(() => staff.id),
    action: text("action").$type<"invite" | "deactivate">().notNull(),
    /** The staff member switched off (deactivate). */
    targetStaffId: integer("target_staff_id").references(() => staff.id),
    /** The role invited, or the role of the member switched off. */
    role: text("role").$type<StaffRole>().notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("staff_audit_school_idx").on(t.schoolId, t.id)],
);

// ── files ────────────────────────────────────────────────────────────────────

/** Every uploaded document and generated PDF, stored once; bots send these bytes. */
export const storedFiles = pgTable(
  "stored_files",
  {
    /** Random UUID: file links are never guessable. */
    id: uuid("id").primaryKey().defaultRandom(),
    sha256: text("sha256").notNull(),
    /** The real type, from the magic bytes (not the name the sender gave). */
    mime: text("mime").notNull(),
    size: integer("size").notNull(),
    name: text("name"),
    bytes: bytea("bytes").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("stored_files_sha256_idx").on(t.sha256)],
);

// ── applications ─────────────────────────────────────────────────────────────

/** Source of application numbers (a sequence never hands out the same value twice). */
export const applicationNumberSeq = pgSequence("application_number_seq", { startWith: 1 });

export const applications = pgTable(
  "applications",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** Human-readable number shown to parents and staff, e.g. `M-2026-000042`. */
    number: text("number").notNull(),
    serviceId: text("service_id").notNull(),
    parentId: integer("parent_id")
      .notNull()
      .references(() => users.id),
    childId: integer("child_id").references(() => children.id),
    schoolId: integer("school_id").references(() => schools.id),
    status: text("status").notNull().default("draft"),
    lang: text("lang").$type<"kk" | "ru">().notNull(),
    /** The answers, by stage: `{ parent: {...}, child: {...}, school: {...}, fields: {...} }`. */
    form: jsonb("form").$type<Record<string, Record<string, unknown>>>().notNull().default({}),
    /**
     * Unused since 2026-12-06 (the form goes on from `form` alone): an earlier version wrote the
     * last stage the parent finished. Dropped by a later migration, once no instance of an
     * earlier version can run against the database (docs/DEPLOY.md, "migrations that add").
     */
    stage: text("stage"),
    statementFileId: uuid("statement_file_id").references(() => storedFiles.id),
    resultFileId: uuid("result_file_id").references(() => storedFiles.id),
    /** Refusal: the reason id from the service file (refuse) or the staff's text (reject). */
    reason: text("reason"),
    /** The staff member's optional comment to a refusal reason. */
    reasonComment: text("reason_comment"),
    deadlineAt: ts("deadline_at"),
    submittedAt: ts("submitted_at"),
    decidedAt: ts("decided_at"),
    /** Incremented by every status change: two staff acting at once → one wins. */
    version: integer("version").notNull().default(0),
    createdAt: createdAt(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("applications_number_uq").on(t.number),
    index("applications_parent_idx").on(t.parentId),
    index("applications_school_status_idx").on(t.schoolId, t.status, t.deadlineAt),
    // One application per child, service and school on its way: two sends racing leave one.
    uniqueIndex("applications_child_in_progress_uq")
      .on(t.serviceId, t.schoolId, sql`(${t.form}->'child'->>'iin')`)
      .where(sql`${t.status} in ('submitted', 'registered')`),
    index("applications_statement_file_idx").on(t.statementFileId).where(sql`${t.statementFileId} is not null`),
    index("applications_result_file_idx").on(t.resultFileId).where(sql`${t.resultFileId} is not null`),
  ],
);

/** The audit trail: every transition, who made it, when, and why. */
export const applicationEvents = pgTable(
  "application_events",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    applicationId: uuid("application_id")
      .notNull()
      .references(() => applications.id, { onDelete: "cascade" }),
    actorKind: text("actor_kind").$type<"parent" | "staff" | "system">().notNull(),
    actorId: integer("actor_id"),
    action: text("action").notNull(),
    fromStatus: text("from_status"),
    toStatus: text("to_status").notNull(),
    reason: text("reason"),
    comment: text("comment"),
    createdAt: createdAt(),
  },
  (t) => [index("application_events_application_idx").on(t.applicationId, t.id)],
);

export const applicationDocuments = pgTable(
  "application_documents",
  {
    id: serial("id").primaryKey(),
    applicationId: uuid("application_id")
      .notNull()
      .references(() => applications.id, { onDelete: "cascade" }),
    /** The document requirement id from the service file. */
    requirementId: text("requirement_id").notNull(),
    /** The stored page; none while a photo is still being checked (`telegramFileId`). */
    fileId: uuid("file_id").references(() => storedFiles.id),
    /**
     * A photo taken at once and checked after the parent was answered (`flows/form/pages.ts`): its
     * Telegram `file_id` until its checked bytes are stored, and the parent's message, answered if it fails.
     */
    telegramFileId: text("telegram_file_id"),
    messageId: integer("message_id"),
    position: smallint("position").notNull(),
    pages: smallint("pages").notNull().default(1),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("application_documents_position_uq").on(t.applicationId, t.requirementId, t.position),
    index("application_documents_file_idx").on(t.fileId),
    check("application_documents_file_or_pending", sql`${t.fileId} is not null or ${t.telegramFileId} is not null`),
  ],
);

/** The parent's rating of how an application was handled: once per application. */
export const ratings = pgTable(
  "ratings",
  {
    applicationId: uuid("application_id")
      .primaryKey()
      .references(() => applications.id, { onDelete: "cascade" }),
    schoolId: integer("school_id")
      .notNull()
      .references(() => schools.id),
    serviceId: text("service_id").notNull(),
    /** 1 to 5. */
    score: smallint("score").notNull(),
    comment: text("comment"),
    createdAt: createdAt(),
    commentedAt: ts("commented_at"),
  },
  (t) => [index("ratings_school_idx").on(t.schoolId, t.createdAt)],
);

/** Source of the numbers of the documents schools issue (apart from application numbers). */
export const issuedDocumentNumberSeq = pgSequence("issued_document_number_seq", { startWith: 1 });

export type IssuedDocumentKind = "certificate" | "receipt" | "order" | "refusal";

/**
 * Every document a school issued: its own number, the check code printed under its QR code
 * (anyone holding the paper can check it at /check/<code>), the hash of the exact PDF, and
 * whether and why it was revoked. Only what the public check page shows is copied here.
 */
export const issuedDocuments = pgTable(
  "issued_documents",
  {
    id: serial("id").primaryKey(),
    applicationId: uuid("application_id")
      .notNull()
      .references(() => applications.id, { onDelete: "cascade" }),
    schoolId: integer("school_id")
      .notNull()
      .references(() => schools.id),
    kind: text("kind").$type<IssuedDocumentKind>().notNull(),
    /** The document's own number, e.g. `2026/000017` (the application has its own). */
    number: text("number").notNull(),
    /** Crockford base32, 16 characters (80 random bits), stored without the grouping dashes. */
    checkCode: text("check_code").notNull(),
    fileId: uuid("file_id")
      .notNull()
      .references(() => storedFiles.id),
    sha256: text("sha256").notNull(),
    /** The child's initials only ("Н. С."): all the check page says about the person. */
    childInitials: text("child_initials").notNull(),
    issuedAt: ts("issued_at").notNull(),
    issuedByStaffId: integer("issued_by_staff_id").references(() => staff.id),
    /** The period the document holds for (a meals certificate: its school year); null = open-ended. */
    validFrom: date("valid_from", { mode: "string" }),
    validTo: date("valid_to", { mode: "string" }),
    revokedAt: ts("revoked_at"),
    revokedReason: text("revoked_reason"),
    revokedByStaffId: integer("revoked_by_staff_id").references(() => staff.id),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("issued_documents_check_code_uq").on(t.checkCode),
    uniqueIndex("issued_documents_number_uq").on(t.number),
    index("issued_documents_application_idx").on(t.applicationId),
    index("issued_documents_file_idx").on(t.fileId),
  ],
);

// ── signatures ───────────────────────────────────────────────────────────────

export const signatures = pgTable(
  "signatures",
  {
    id: serial("id").primaryKey(),
    applicationId: uuid("application_id")
      .notNull()
      .references(() => applications.id, { onDelete: "cascade" }),
    method: text("method").$type<"eds" | "paper">().notNull(),
    /** The CMS (eds) or the photo/scan of the signed paper (paper). */
    fileId: uuid("file_id")
      .notNull()
      .references(() => storedFiles.id),
    /** SHA-256 of the statement bytes that were signed. */
    statementSha256: text("statement_sha256").notNull(),
    valid: boolean("valid").notNull(),
    /** Every check and the signer facts, as the verifier reported them. */
    result: jsonb("result").$type<Record<string, unknown>>().notNull().default({}),
    signerIin: text("signer_iin"),
    /** The OCSP responder's signed answer about the signer's certificate, DER as received. */
    ocspResponse: bytea("ocsp_response"),
    createdAt: createdAt(),
  },
  (t) => [index("signatures_application_idx").on(t.applicationId), index("signatures_file_idx").on(t.fileId)],
);

export const signingSessions = pgTable(
  "signing_sessions",
  {
    id: serial("id").primaryKey(),
    /** SHA-256 of the random token in the link: a leaked database does not leak live links. */
    tokenHash: text("token_hash").notNull(),
    applicationId: uuid("application_id")
      .notNull()
      .references(() => applications.id, { onDelete: "cascade" }),
    parentId: integer("parent_id")
      .notNull()
      .references(() => users.id),
    expiresAt: ts("expires_at").notNull(),
    usedAt: ts("used_at"),
    /** A newer link for the same application was issued: this one no longer works. */
    replacedAt: ts("replaced_at"),
    /**
     * SHA-256 of the statement the link was issued for: a statement made again (an edit) ends it.
     * Null only for links issued before it was kept (they no longer work either).
     */
    statementSha256: text("statement_sha256"),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("signing_sessions_token_hash_uq").on(t.tokenHash), index("signing_sessions_application_idx").on(t.applicationId)],
);

/**
 * A staff member's "Sign and issue" in progress: the result PDF is rendered and stored (with the
 * number and check code printed on it) but not issued until a signature over exactly its bytes
 * comes back through the single-use link. The document's record waits here (`pending`) and is
 * written with the status change; the link is bound to the staff member, the school and the
 * application version they saw.
 */
export const resultSigningSessions = pgTable(
  "result_signing_sessions",
  {
    id: serial("id").primaryKey(),
    /** SHA-256 of the random token in the link. */
    tokenHash: text("token_hash").notNull(),
    applicationId: uuid("application_id")
      .notNull()
      .references(() => applications.id, { onDelete: "cascade" }),
    staffId: integer("staff_id")
      .notNull()
      .references(() => staff.id),
    schoolId: integer("school_id")
      .notNull()
      .references(() => schools.id),
    /** The action that issues the document (`issue` or `order`). */
    action: text("action").notNull(),
    /** The application's version the staff member acted on. */
    version: integer("version").notNull(),
    /** The rendered result PDF: the bytes that must be signed. */
    fileId: uuid("file_id")
      .notNull()
      .references(() => storedFiles.id),
    /** The issued document's record to write once signed (JSON of `NewIssuedDocument`). */
    pending: jsonb("pending").$type<Record<string, unknown>>().notNull(),
    expiresAt: ts("expires_at").notNull(),
    usedAt: ts("used_at"),
    replacedAt: ts("replaced_at"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("result_signing_sessions_token_hash_uq").on(t.tokenHash),
    index("result_signing_sessions_application_idx").on(t.applicationId),
    index("result_signing_sessions_file_idx").on(t.fileId),
  ],
);

/** The school's EDS signature of an issued document: the CMS, who signed, and the verification. */
export const documentSignatures = pgTable(
  "document_signatures",
  {
    id: serial("id").primaryKey(),
    issuedDocumentId: integer("issued_document_id")
      .notNull()
      .references(() => issuedDocuments.id, { onDelete: "cascade" }),
    staffId: integer("staff_id")
      .notNull()
      .references(() => staff.id),
    /** The name and position the staff member signed as, at the time (documents keep them). */
    signerName: text("signer_name").notNull(),
    signerPosition: text("signer_position").notNull(),
    /** The detached CMS (.p7s). */
    fileId: uuid("file_id")
      .notNull()
      .references(() => storedFiles.id),
    /** SHA-256 of the PDF that was signed (the issued document's). */
    sha256: text("sha256").notNull(),
    signerIin: text("signer_iin"),
    /** The organisation's BIN when signed with an organisation's key. */
    signerBin: text("signer_bin"),
    /** Every check and the signer facts, as the verifier reported them. */
    result: jsonb("result").$type<Record<string, unknown>>().notNull(),
    ocspResponse: bytea("ocsp_response"),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("document_signatures_issued_uq").on(t.issuedDocumentId), index("document_signatures_file_idx").on(t.fileId)],
);

/**
 * Signing in eGov mobile (mgovSign): the app reads `<id>` from the QR code or launch link, then
 * fetches and returns the statement with the token as `Authorization: Bearer`. One live session
 * per application; a session is for the statement version it was issued for.
 */
export const mobileSigningSessions = pgTable(
  "mobile_signing_sessions",
  {
    /**
     * SHA-256 (hex) of the session's id: 32 random bytes (base64url) in the QR code's address, the
     * first secret. The id itself is kept nowhere: a leaked database does not open live sessions.
     */
    idHash: text("id_hash").primaryKey(),
    /**
     * SHA-256 of the Bearer token API №1 handed out last (each call issues a new one, so the
     * latest reader of the QR code holds the only working token); null until API №1 is called.
     */
    tokenHash: text("token_hash"),
    applicationId: uuid("application_id")
      .notNull()
      .references(() => applications.id, { onDelete: "cascade" }),
    /** The parent whose statement is signed; null when staff sign a result ({@link resultSessionId}). */
    parentId: integer("parent_id").references(() => users.id),
    /**
     * Staff "Sign and issue" in eGov mobile: the result signing session whose rendered document
     * this session offers. Null for a parent's statement.
     */
    resultSessionId: integer("result_session_id").references(() => resultSigningSessions.id, { onDelete: "cascade" }),
    /** The document this session offers to sign (the statement, or the result PDF): a newer one ends it. */
    statementSha256: text("statement_sha256").notNull(),
    expiresAt: ts("expires_at").notNull(),
    usedAt: ts("used_at"),
    replacedAt: ts("replaced_at"),
    /**
     * SIGEX relaying eGov mobile: where the statement is handed over and the signature collected,
     * and whether the statement was handed over already — so a wait cut by a restart goes on in
     * the next process. Null for mgovSign's own sessions.
     */
    relay: jsonb("relay").$type<{ dataURL: string; signURL: string; handedOver: boolean }>(),
    createdAt: createdAt(),
  },
  (t) => [index("mobile_signing_sessions_application_idx").on(t.applicationId)],
);

// ── support ──────────────────────────────────────────────────────────────────

export const supportTickets = pgTable(
  "support_tickets",
  {
    id: serial("id").primaryKey(),
    parentId: integer("parent_id")
      .notNull()
      .references(() => users.id),
    status: text("status").$type<"open" | "closed">().notNull().default("open"),
    /** The forum topic (message_thread_id) in the support group. */
    topicId: integer("topic_id"),
    operatorTelegramId: tgId("operator_telegram_id"),
    operatorName: text("operator_name"),
    /** The parent's Telegram name when they opened it: the card names an unregistered parent by it. */
    telegramName: text("telegram_name"),
    lastParentMessageAt: ts("last_parent_message_at"),
    lastOperatorMessageAt: ts("last_operator_message_at"),
    remindedAt: ts("reminded_at"),
    createdAt: createdAt(),
    closedAt: ts("closed_at"),
  },
  (t) => [
    index("support_tickets_parent_idx").on(t.parentId, t.status),
    index("support_tickets_topic_idx").on(t.topicId),
    // At most one open ticket per parent.
    uniqueIndex("support_tickets_one_open_uq").on(t.parentId).where(sql`status = 'open'`),
  ],
);

/**
 * An operator's message in a ticket's topic: sent to the parent, or kept as a private note ("!…",
 * a forward, the rest of an album whose caption starts with "!"). An edit of a sent one reaches
 * the parent as a correction; a note edited into a message reaches them as a new one.
 */
export const supportRelays = pgTable(
  "support_relays",
  {
    chatId: tgId("chat_id").notNull(),
    messageId: integer("message_id").notNull(),
    ticketId: integer("ticket_id")
      .notNull()
      .references(() => supportTickets.id),
    /** Kept from the parent (a private note); false once the parent was sent it. */
    note: boolean("note").notNull(),
    /** The album (media group) it came in, when it did: a note's album is a note as a whole. */
    mediaGroupId: text("media_group_id"),
    /**
     * What the version last handled said (a hash of its text or caption and file): Telegram may send
     * the same version again as an edit (a reaction to it), which is then no correction to pass on.
     */
    fingerprint: text("fingerprint"),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.chatId, t.messageId] }),
    index("support_relays_album_idx").on(t.chatId, t.mediaGroupId).where(sql`media_group_id is not null`),
  ],
);

// ── delivery ─────────────────────────────────────────────────────────────────

export type OutboxChannel = "parent" | "provider" | "support" | "email";
/**
 * `superseded`: never sent, for good, because what it says no longer holds and the recipient is
 * told otherwise (a notice whose attached document the school revoked since: the revocation's
 * notice says so; a request to rate a decision whose result was revoked since; the issuer's copy of
 * a document they revoked themselves); `last_error` says why.
 */
export type OutboxStatus = "pending" | "sent" | "failed" | "blocked" | "superseded";

/** Notifications to send, written in the same transaction as the change that causes them. */
export const outbox = pgTable(
  "outbox",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    channel: text("channel").$type<OutboxChannel>().notNull(),
    /** Telegram chat id or email address. */
    recipient: text("recipient").notNull(),
    /** What to send: a message key and arguments, or a file id; rendered by the sender. */
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull(),
    /** Makes writing the same notification twice impossible (e.g. `app:<id>:v3:parent`). */
    dedupeKey: text("dedupe_key").notNull(),
    status: text("status").$type<OutboxStatus>().notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: ts("next_attempt_at").notNull().defaultNow(),
    /**
     * Set while a sender holds the row (its lease: `nextAttemptAt`); cleared with the outcome. A
     * sender that takes over from a stopped one makes such rows due at once instead of waiting.
     */
    claimedAt: ts("claimed_at"),
    lastError: text("last_error"),
    createdAt: createdAt(),
    sentAt: ts("sent_at"),
  },
  (t) => [
    uniqueIndex("outbox_dedupe_key_uq").on(t.dedupeKey),
    index("outbox_due_idx").on(t.status, t.nextAttemptAt),
    // A parent's notices, read when they unblock the bot (flows/unblocked.ts).
    index("outbox_parent_recipient_idx").on(t.recipient, t.id).where(sql`${t.channel} = 'parent'`),
  ],
);

/** Updates already handled, per bot: a redelivered webhook or a second instance does nothing twice. */
export const processedUpdates = pgTable(
  "processed_updates",
  {
    bot: text("bot").notNull(),
    updateId: bigint("update_id", { mode: "number" }).notNull(),
    processedAt: ts("processed_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ name: "processed_updates_pk", columns: [t.bot, t.updateId] }), index("processed_updates_at_idx").on(t.processedAt)],
);

/** Key-value storage for grammY sessions and conversations when Redis is not configured. */
export const sessions = pgTable("sessions", {
  key: text("key").primaryKey(),
  value: jsonb("value").notNull(),
  updatedAt: ts("updated_at").notNull().defaultNow(),
});

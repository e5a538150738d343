/**
 * What the desk stops keeping, on PGlite and PostgreSQL: a parent's data when they withdraw
 * their consent (sent applications stay with the school), the documents of drafts nobody
 * has touched for 90 days, the documents rendered for staff signing links never used, and a
 * stored file nothing refers to any more (a page the parent replaced), a day after it was made.
 */
import { fillStage } from "#root/test/helpers/answers.ts";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "#root/db/client.ts";
import { addDocument, createDraft, getApplication, listDocuments, listEvents } from "#root/db/queries/applications.ts";
import { getStoredFile, storeFile } from "#root/db/queries/files.ts";
import { clearAnswers } from "#root/db/queries/form.ts";
import { enqueue, getOutboxRow, markSent } from "#root/db/queries/outbox.ts";
import { countKept, withdrawParentData } from "#root/db/queries/privacy.ts";
import { latestSignature } from "#root/db/queries/signatures.ts";
import { getTicket, openTicket } from "#root/db/queries/support.ts";
import { addChild, findUserByTelegramId, getUser, giveConsent, listChildren, registerParent } from "#root/db/queries/users.ts";
import { applications, resultSigningSessions, storedFiles } from "#root/db/schema.ts";
import { changeStatus } from "#root/flows/applications.ts";
import { startResultSigning } from "#root/flows/result-signing.ts";
import { makeIin } from "#root/flows/iin.ts";
import { startResubmission } from "#root/flows/resubmit.ts";
import { purgeAbandonedDraftFiles, purgeOrphanFiles, startRetentionScheduler } from "#root/flows/retention.ts";
import { createLogger } from "#root/log.ts";
import { backends } from "#root/test/helpers/databases.ts";
import { seedSchool, seedStaff, submittedApplication, tinyPng } from "#root/test/helpers/fixtures.ts";

const DAY = 86_400_000;
const now = new Date("2026-12-05T06:00:00Z");
const log = createLogger("silent");

describe.each(backends)("retention on $name", (backend) => {
  let database: Database & { dispose(): Promise<void> };
  let db: Database["db"];
  beforeAll(async () => {
    database = await backend.open();
    db = database.db;
  });
  afterAll(() => database?.dispose());

  /** A draft that finished its documents stage `daysAgo` days ago, with one uploaded photo. */
  async function draftWithDocument(telegramId: number, daysAgo: number) {
    const parent = await registerParent(db, {
      telegramId,
      phone: `+7701${String(telegramId).padStart(7, "0")}`,
      fullName: "Омарова Дина",
      iin: makeIin("1986-02-11", "female", telegramId % 1000),
      lang: "ru",
    });
    const draft = await createDraft(db, { serviceId: "meals", parentId: parent.id, lang: "ru", now });
    const file = await storeFile(db, { bytes: tinyPng(), name: "birth.png" });
    await addDocument(db, { applicationId: draft.id, requirementId: "birth-certificate", fileId: file.id });
    await fillStage(db, { applicationId: draft.id, stage: "fields", answers: { category: "asp" }, now });
    await fillStage(db, { applicationId: draft.id, stage: "documents", answers: { "birth-certificate": 1 }, now });
    await db
      .update(applications)
      .set({ updatedAt: new Date(now.getTime() - daysAgo * DAY) })
      .where(eq(applications.id, draft.id));
    return { parent, draft, file };
  }

  it("withdrawal deletes drafts, children and their files, anonymises the profile, and leaves the sent application whole", async () => {
    const school = await seedSchool(db, "990140000888");
    const sent = await submittedApplication(db, { serviceId: "meals", schoolId: school.id, parentTelegramId: 901 });
    const parent = (await findUserByTelegramId(db, 901))!;
    await addChild(db, {
      parentId: parent.id,
      fullName: "Сапарова Әсем",
      iin: makeIin("2016-04-02", "female", 5),
      birthDate: "2016-04-02",
      grade: 4,
    });
    const draft = await createDraft(db, { serviceId: "home-schooling", parentId: parent.id, lang: "ru", now });
    const file = await storeFile(db, { bytes: tinyPng(), name: "c.png" });
    await addDocument(db, { applicationId: draft.id, requirementId: "commission-conclusion", fileId: file.id });
    const { ticket } = await openTicket(db, parent.id, now, "Әсем анасы");
    const events = await listEvents(db, sent.id);
    const sentDocs = await listDocuments(db, sent.id);

    expect(await withdrawParentData(db, parent.id, now)).toEqual({ drafts: 1, children: 2, files: 1 });
    expect(await getUser(db, parent.id)).toMatchObject({
      telegramId: 901,
      fullName: null,
      iin: null,
      phone: null,
      email: null,
      consentAt: null,
    });
    expect(await getApplication(db, draft.id)).toBeUndefined();
    expect(await getStoredFile(db, file.id)).toBeUndefined();
    expect(await listChildren(db, parent.id)).toEqual([]);
    // The Telegram name a support ticket kept for its card goes too.
    expect((await getTicket(db, ticket.id))?.telegramName).toBeNull();
    expect(await getApplication(db, sent.id)).toMatchObject({
      status: "submitted",
      statementFileId: sent.statementFileId,
      form: sent.form,
    });
    expect(await listEvents(db, sent.id)).toEqual(events);
    expect(await listDocuments(db, sent.id)).toEqual(sentDocs);
    for (const d of sentDocs) expect(await getStoredFile(db, d.fileId!)).toBeDefined();
  });

  it("withdrawal deletes a signed application not yet sent and one cancelled before sending, with their files, as drafts", async () => {
    const school = await seedSchool(db, "990140000666");
    const signed = await submittedApplication(db, { serviceId: "meals", schoolId: school.id, parentTelegramId: 903, signedOnly: true });
    const cancelled = await submittedApplication(db, { serviceId: "meals", schoolId: school.id, parentTelegramId: 903, signedOnly: true });
    const parent = (await findUserByTelegramId(db, 903))!;
    const cancel = await changeStatus(db, {
      applicationId: cancelled.id,
      action: "cancel",
      principal: { kind: "parent", userId: parent.id },
      now,
    });
    expect(cancel.ok).toBe(true);
    const sent = await submittedApplication(db, { serviceId: "meals", schoolId: school.id, parentTelegramId: 903 });
    const files = [
      ...(await listDocuments(db, signed.id)).map((d) => d.fileId!),
      ...(await listDocuments(db, cancelled.id)).map((d) => d.fileId!),
      signed.statementFileId!,
      (await latestSignature(db, signed.id))!.fileId,
    ];
    // What /privacy shows: only the one that reached the school is "sent to the school".
    expect(await countKept(db, parent.id)).toMatchObject({ drafts: 2, sent: 1 });

    const done = await withdrawParentData(db, parent.id, now);
    expect(done.drafts).toBe(2);
    expect(await getApplication(db, signed.id)).toBeUndefined();
    expect(await getApplication(db, cancelled.id)).toBeUndefined();
    for (const f of files) expect(await getStoredFile(db, f)).toBeUndefined();
    expect(await getApplication(db, sent.id)).toMatchObject({ status: "submitted", form: sent.form });
  });

  it("withdrawal leaves no email address of the parent's in the outbox, and an email not sent yet is not sent", async () => {
    const school = await seedSchool(db, "990140000444");
    const mine = await submittedApplication(db, { serviceId: "meals", schoolId: school.id, parentTelegramId: 906 });
    const other = await submittedApplication(db, { serviceId: "meals", schoolId: school.id, parentTelegramId: 907 });
    const email = (app: typeof mine, key: string, recipient: string) => ({
      channel: "email" as const,
      recipient,
      payload: { template: "status", applicationId: app.id, number: app.number, serviceId: "meals", status: "order_signed", lang: "ru" },
      dedupeKey: key,
    });
    await enqueue(db, [
      email(mine, "retention-906-sent", "dina@example.kz"),
      email(mine, "retention-906-pending", "dina@example.kz"),
      email(other, "retention-907-pending", "aset@example.kz"),
    ]);
    await markSent(db, (await getOutboxRow(db, "retention-906-sent"))!.id, now);

    await withdrawParentData(db, (await findUserByTelegramId(db, 906))!.id, now);
    expect(await getOutboxRow(db, "retention-906-sent")).toMatchObject({ recipient: "", status: "sent" });
    expect(await getOutboxRow(db, "retention-906-pending")).toMatchObject({ recipient: "", status: "failed" });
    // Another parent's email is theirs to get.
    expect(await getOutboxRow(db, "retention-907-pending")).toMatchObject({ recipient: "aset@example.kz", status: "pending" });
  });

  it("without the parent's consent nothing of theirs is sent to a school or copied into a new draft; with it again, both are", async () => {
    const school = await seedSchool(db, "990140000333");
    const specialist = await seedStaff(db, { schoolId: school.id, telegramId: 77_333, role: "specialist", fullName: "Сауле Ахметова" });
    const staff = { kind: "staff" as const, staffId: specialist.id, role: "specialist" as const, schoolId: school.id };
    const refused = await submittedApplication(db, { serviceId: "meals", schoolId: school.id, parentTelegramId: 908 });
    await changeStatus(db, { applicationId: refused.id, action: "refuse", principal: staff, reason: "unreadable-copy", now });
    const signed = await submittedApplication(db, {
      serviceId: "home-schooling",
      schoolId: school.id,
      parentTelegramId: 908,
      signedOnly: true,
    });
    const parent = (await findUserByTelegramId(db, 908))!;
    expect(parent.consentAt).toBeNull(); // consent withdrawn (or never given)
    const principal = { kind: "parent" as const, userId: parent.id };

    const send = () => changeStatus(db, { applicationId: signed.id, action: "send", principal, now });
    expect(await send()).toMatchObject({ ok: false, reason: "no_consent" });
    expect((await getApplication(db, signed.id))?.status).toBe("signed");
    const fix = () => startResubmission(db, { parentId: parent.id, applicationId: refused.id, now });
    expect(await fix()).toEqual({ ok: false, reason: "no_consent" });
    expect((await db.select().from(applications).where(eq(applications.parentId, parent.id))).length).toBe(2);

    await giveConsent(db, 908, "ru", now); // /start, "I agree"
    expect(await send()).toMatchObject({ ok: true, application: { status: "submitted" } });
    expect(await fix()).toMatchObject({ ok: true, draft: { status: "draft" } });
  });

  it("deletes the files of a signed application unsent for 91 days and of one cancelled before sending; it is a draft again", async () => {
    const school = await seedSchool(db, "990140000555");
    const signed = await submittedApplication(db, { serviceId: "meals", schoolId: school.id, parentTelegramId: 904, signedOnly: true });
    const cancelled = await submittedApplication(db, { serviceId: "meals", schoolId: school.id, parentTelegramId: 905, signedOnly: true });
    const parent = (await findUserByTelegramId(db, 905))!;
    await changeStatus(db, { applicationId: cancelled.id, action: "cancel", principal: { kind: "parent", userId: parent.id }, now });
    const old = new Date(now.getTime() - 91 * DAY);
    const files = async (id: string) => [
      ...(await listDocuments(db, id)).map((d) => d.fileId!),
      (await getApplication(db, id))!.statementFileId!,
      (await latestSignature(db, id))!.fileId,
    ];
    const signedFiles = await files(signed.id);
    const cancelledFiles = await files(cancelled.id);
    await db.update(applications).set({ updatedAt: old }).where(eq(applications.id, signed.id));
    await db.update(applications).set({ updatedAt: old }).where(eq(applications.id, cancelled.id));

    expect(await purgeAbandonedDraftFiles(db, now)).toMatchObject({ drafts: 2 });
    for (const f of [...signedFiles, ...cancelledFiles]) expect(await getStoredFile(db, f)).toBeUndefined();
    // Its statement and signature gone, the signed one waits as a draft: the parent gives the documents and signs again.
    expect(await getApplication(db, signed.id)).toMatchObject({ status: "draft", statementFileId: null });
    expect(await getApplication(db, cancelled.id)).toMatchObject({ status: "cancelled", statementFileId: null });
    expect(await latestSignature(db, signed.id)).toBeUndefined();
    // Its history says it was signed and is a draft again; the cancelled one's says nothing new.
    expect((await listEvents(db, signed.id)).at(-1)).toMatchObject({ actorKind: "system", fromStatus: "signed", toStatus: "draft" });
    expect((await listEvents(db, cancelled.id)).at(-1)).toMatchObject({ toStatus: "cancelled" });
  });

  it(
    "deletes the documents of a draft untouched for 91 days, not " + "of one touched 89 days ago; the old draft asks for them again",
    async () => {
      const old = await draftWithDocument(1091, 91);
      const recent = await draftWithDocument(1089, 89);
      const held = (await database.tryLock("retention:abandoned-drafts"))!;
      const blocked = startRetentionScheduler({ db, tryLock: database.tryLock, log, now: () => now, intervalMs: 3_600_000 });
      await blocked.tick();
      await blocked.stop();
      // Another instance holds the job's lock: this one does nothing.
      expect(await listDocuments(db, old.draft.id)).toHaveLength(1);
      await held.release();

      const scheduler = startRetentionScheduler({ db, tryLock: database.tryLock, log, now: () => now, intervalMs: 3_600_000 });
      await scheduler.tick();
      await scheduler.stop();
      expect(await listDocuments(db, old.draft.id)).toEqual([]);
      expect(await getStoredFile(db, old.file.id)).toBeUndefined();
      const after = (await getApplication(db, old.draft.id))!;
      // The documents' answers go with their pages: the form asks for them again.
      expect(after.status).toBe("draft");
      expect(after.form.documents).toBeUndefined();
      expect(after.form.fields).toEqual({ category: "asp" });

      expect(await listDocuments(db, recent.draft.id)).toHaveLength(1);
      expect(await getStoredFile(db, recent.file.id)).toBeDefined();
      expect((await getApplication(db, recent.draft.id))?.form.documents).toEqual({ "birth-certificate": 1 });
    },
  );

  it("a staff signing link that ended unused over a day ago goes with the document it rendered; a used, a recent one stay", async () => {
    const school = await seedSchool(db, "990140000777");
    const member = await seedStaff(db, { schoolId: school.id, telegramId: 77_001, role: "specialist", fullName: "Сауле Ахметова" });
    const principal = { kind: "staff" as const, staffId: member.id, role: "specialist" as const, schoolId: school.id };
    /** A registered application and a "Sign and issue" link made `hoursAgo` hours before `now`. */
    const link = async (parentTelegramId: number, hoursAgo: number, app?: Awaited<ReturnType<typeof submittedApplication>>) => {
      const at = new Date(now.getTime() - hoursAgo * 3_600_000);
      let application = app ?? (await submittedApplication(db, { serviceId: "meals", schoolId: school.id, parentTelegramId, now: at }));
      if (!app) {
        const registered = await changeStatus(db, { applicationId: application.id, action: "register", principal, now: at });
        if (!registered.ok) throw new Error(registered.reason);
        application = registered.application;
      }
      const made = await startResultSigning(db, {
        staff: member,
        application,
        action: "issue",
        kind: "certificate",
        now: at,
        publicUrl: "https://desk.example.kz",
      });
      const [row] = await db.select().from(resultSigningSessions).where(eq(resultSigningSessions.id, made.sessionId));
      return { application, row: row! };
    };
    const first = await link(77_101, 72); // replaced by the next one a minute later
    const replacing = await link(0, 72 - 1 / 60, first.application); // expired 30 minutes after, unused
    const used = await link(77_102, 72);
    await db.update(resultSigningSessions).set({ usedAt: now }).where(eq(resultSigningSessions.id, used.row.id));
    const recent = await link(77_103, 2); // ended 1.5 hours ago: kept for now

    const scheduler = startRetentionScheduler({ db, tryLock: database.tryLock, log, now: () => now, intervalMs: 3_600_000 });
    await scheduler.tick();
    await scheduler.stop();

    const left = (await db.select({ id: resultSigningSessions.id }).from(resultSigningSessions)).map((r) => r.id);
    expect(left).not.toContain(first.row.id);
    expect(left).not.toContain(replacing.row.id);
    expect(await getStoredFile(db, first.row.fileId)).toBeUndefined();
    expect(await getStoredFile(db, replacing.row.fileId)).toBeUndefined();
    expect(left).toEqual(expect.arrayContaining([used.row.id, recent.row.id]));
    expect(await getStoredFile(db, used.row.fileId)).toBeDefined();
    expect(await getStoredFile(db, recent.row.fileId)).toBeDefined();
    // The application itself is as it was: registered, nothing issued.
    expect(await getApplication(db, first.application.id)).toMatchObject({ status: "registered", resultFileId: null });
  });

  it("deletes a page the parent replaced a day later — unless another application still has it — and keeps what rows name", async () => {
    const old = new Date(now.getTime() - 2 * DAY);
    const aged = (id: string) => db.update(storedFiles).set({ createdAt: old }).where(eq(storedFiles.id, id));
    // A refused application's page, copied into the draft that fixes it (the same file), and the draft's own page.
    const { draft, file: own } = await draftWithDocument(78_001, 1);
    const shared = await storeFile(db, { bytes: tinyPng(), name: "shared.png" });
    const refused = await submittedApplication(db, {
      serviceId: "meals",
      schoolId: (await seedSchool(db, "990140000888")).id,
      parentTelegramId: 78_002,
    });
    await addDocument(db, { applicationId: refused.id, requirementId: "asp-certificate", fileId: shared.id });
    await addDocument(db, { applicationId: draft.id, requirementId: "asp-certificate", fileId: shared.id });
    const stray = await storeFile(db, { bytes: tinyPng(), name: "stray.png" }); // stored moments ago, nothing names it yet
    for (const f of [own, shared]) await aged(f.id);

    // The parent replaces both documents' pages (🔄, or ✏️ at the review): the draft's rows go, by the statement those use.
    const cleared = await clearAnswers(db, {
      applicationId: draft.id,
      parentId: draft.parentId,
      section: "documents",
      pages: ["birth-certificate", "asp-certificate"],
      now,
    });
    expect(await listDocuments(db, cleared!.id)).toEqual([]);

    expect(await purgeOrphanFiles(db, now)).toBeGreaterThanOrEqual(1);
    expect(await getStoredFile(db, own.id)).toBeUndefined(); // replaced, named by nothing: gone
    expect(await getStoredFile(db, shared.id)).toBeDefined(); // still the refused application's page
    expect(await getStoredFile(db, stray.id)).toBeDefined(); // under a day old
    expect((await listDocuments(db, refused.id)).map((d) => d.fileId)).toContain(shared.id);
  });
});

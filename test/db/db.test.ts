/**
 * Every table, through the query functions, on PGlite and (when DATABASE_URL is set) PostgreSQL:
 * the same migrations, the same queries, the same results.
 */
import { fillStage } from "#root/test/helpers/answers.ts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { count, eq, like } from "drizzle-orm";
import type { Database } from "#root/db/client.ts";
import { importSchools } from "#root/db/import-schools.ts";
import * as apps from "#root/db/queries/applications.ts";
import { getStoredFile, RejectedFileError, storeFile, storePage } from "#root/db/queries/files.ts";
import { claimDue, enqueue, existingDedupeKeys, markAttemptFailed, markSent, outboxStats } from "#root/db/queries/outbox.ts";
import { countSchools, getSchoolByBin, listDistricts, listRegions, listSchools, searchSchools } from "#root/db/queries/schools.ts";
import {
  consumeSigningSession,
  createSigningSession,
  findSigningSession,
  latestSignature,
  recordSignature,
} from "#root/db/queries/signatures.ts";
import { createStaffInvite, deactivateStaff, findActiveStaff, redeemStaffInvite } from "#root/db/queries/staff.ts";
import { closeTicket, findTicketByTopic, getOpenTicket, openTicket, updateTicket } from "#root/db/queries/support.ts";
import { markUpdateProcessed } from "#root/db/queries/updates.ts";
import {
  addChild,
  findUserByTelegramId,
  giveConsent,
  listChildren,
  markBlocked,
  registerParent,
  setUserLang,
} from "#root/db/queries/users.ts";
import { outbox, regions as regionsTable, users } from "#root/db/schema.ts";
import { DatabaseStorage } from "#root/db/session-storage.ts";
import { makeIin } from "#root/flows/iin.ts";
import { backends } from "#root/test/helpers/databases.ts";
import { cachedRead, childrenKey, withReadCache } from "#root/db/read-cache.ts";
import { jpegWithGps } from "#root/test/helpers/upload-fixtures.ts";

const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const PDF = new TextEncoder().encode("%PDF-1.7\n%âãÏÓ\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF");
const CSV = `region,district,name_kk,name_ru,bin
Алматы қаласы|город Алматы,Алмалы ауданы|Алмалинский район,№1 мектеп,Школа №1,990140000106
Алматы қаласы|город Алматы,Алмалы ауданы|Алмалинский район,№2 мектеп,Школа №2,990140000205
Астана қаласы|город Астана,Есіл ауданы|Есильский район,№3 мектеп,Школа №3,990140000304
`;
const now = new Date("2026-09-01T04:00:00Z");

describe.each(backends)("database on $name", (backend) => {
  let database: Database & { dispose(): Promise<void> };
  let db: Database["db"];
  beforeAll(async () => {
    database = await backend.open();
    db = database.db;
  });
  afterAll(() => database?.dispose());

  it("imports the schools directory idempotently and lists it by region, district and page", async () => {
    expect(await importSchools(db, CSV)).toMatchObject({ added: 3, updated: 0, unchanged: 0, rejected: [] });
    expect(await importSchools(db, CSV)).toMatchObject({ added: 0, updated: 0, unchanged: 3 });
    expect(await importSchools(db, CSV.replace("Школа №2", "Школа-гимназия №2"))).toMatchObject({ added: 0, updated: 1, unchanged: 2 });
    expect(await countSchools(db)).toBe(3);
    const regions = await listRegions(db);
    expect(regions.map((r) => r.nameKk)).toEqual(["Алматы қаласы", "Астана қаласы"]);
    const [district] = await listDistricts(db, regions[0]!.id);
    const page0 = await listSchools(db, district!.id, 0, 1);
    expect(page0.total).toBe(2);
    expect((await listSchools(db, district!.id, 1, 1)).items[0]?.nameRu).toBe("Школа-гимназия №2");
    expect((await searchSchools(db, "гимназия")).items.map((s) => s.bin)).toEqual(["990140000205"]);
    expect((await searchSchools(db, "990140000304")).items[0]?.nameKk).toBe("№3 мектеп");
    expect(await searchSchools(db, "%")).toEqual({ items: [], total: 0 });
    // The first ones found, and how many there are (the parent is told to refine the query).
    const first = await searchSchools(db, "мектеп", 2);
    expect({ shown: first.items.length, total: first.total }).toEqual({ shown: 2, total: 3 });
  });

  it("keeps the regions list a while, and an import in this process is seen at once", async () => {
    const before = (await listRegions(db)).map((r) => r.nameRu);
    // Written past the import (no school system does this): the kept list does not see it.
    const [stray] = await db.insert(regionsTable).values({ nameKk: "Сыртқы", nameRu: "Сторонняя" }).returning();
    expect((await listRegions(db)).map((r) => r.nameRu)).toEqual(before);
    await db.delete(regionsTable).where(eq(regionsTable.id, stray!.id));
    const added = `region,district,name_kk,name_ru,bin
Абай облысы|Абайская область,Семей қаласы|город Семей,№7 мектеп,Школа №7,990140000700
`;
    expect(await importSchools(db, added)).toMatchObject({ added: 1 });
    expect((await listRegions(db)).map((r) => r.nameRu)).toEqual(["Абайская область", ...before]);
  });

  it("registers a parent, linking a record imported with the same phone and IIN instead of duplicating it", async () => {
    const iin = makeIin("1985-04-12", "female");
    await db.insert(users).values({ phone: "+77010000001", fullName: "Imported Parent", iin });
    await setUserLang(db, 111, "kk");
    await giveConsent(db, 111, "kk", now);
    const parent = await registerParent(db, { telegramId: 111, phone: "+77010000001", fullName: "Айгүл Сәрсенова", iin, lang: "kk" });
    expect(parent).toMatchObject({ telegramId: 111, phone: "+77010000001", fullName: "Айгүл Сәрсенова", iin, lang: "kk" });
    expect(parent.consentAt?.toISOString()).toBe(now.toISOString());
    const all = await db.select().from(users);
    expect(all.filter((u) => u.phone === "+77010000001")).toHaveLength(1);
    expect(all.filter((u) => u.telegramId === 111)).toHaveLength(1);
    await markBlocked(db, 111, now);
    expect((await findUserByTelegramId(db, 111))?.blockedAt?.toISOString()).toBe(now.toISOString());
  });

  it("records a consent once, with the language, making the row when there is none", async () => {
    const fresh = await giveConsent(db, 4401, "ru", now);
    expect(fresh).toMatchObject({ telegramId: 4401, lang: "ru", consentAt: now });
    await setUserLang(db, 4402, "ru");
    expect(await giveConsent(db, 4402, "kk", now)).toMatchObject({ telegramId: 4402, lang: "kk", consentAt: now });
    // Given already: nothing changes, not even the language, and no row comes back.
    expect(await giveConsent(db, 4401, "kk", new Date(now.getTime() + 60_000))).toBeUndefined();
    expect(await findUserByTelegramId(db, 4401)).toEqual(fresh);
  });

  it("links a parent who wrote to support before registering to the imported record, ticket included", async () => {
    const iin = makeIin("1990-01-01", "female", 3);
    await db.insert(users).values({ phone: "+77010000009", fullName: "Imported Parent Two", iin });
    const bare = await setUserLang(db, 999, "ru");
    const { ticket } = await openTicket(db, bare.id, now);
    const parent = await registerParent(db, { telegramId: 999, phone: "+77010000009", fullName: "Дана Ерболқызы", iin, lang: "ru" });
    expect(parent.id).not.toBe(bare.id);
    expect((await getOpenTicket(db, parent.id))?.id).toBe(ticket.id);
  });

  it("keeps a parent's children to that parent", async () => {
    const parent = (await findUserByTelegramId(db, 111))!;
    const other = await registerParent(db, {
      telegramId: 222,
      phone: "+77010000002",
      fullName: "Иван Петров",
      iin: makeIin("1980-01-01", "male"),
      lang: "ru",
    });
    const child = await addChild(db, {
      parentId: parent.id,
      fullName: "Әлия Сәрсенова",
      iin: makeIin("2015-03-09", "female"),
      birthDate: "2015-03-09",
      grade: 5,
    });
    expect(await listChildren(db, parent.id)).toEqual([child]);
    expect(await listChildren(db, other.id)).toEqual([]);
    const again = await addChild(db, {
      parentId: parent.id,
      fullName: "Әлия Сәрсенова",
      iin: child.iin,
      birthDate: "2015-03-09",
      grade: 6,
    });
    expect(again.id).toBe(child.id);
    expect(again.grade).toBe(6);
  });

  it("stores files by their real type and refuses what is not JPEG, PNG or PDF", async () => {
    const png = await storeFile(db, { bytes: PNG, name: "photo.jpg" });
    expect(png.mime).toBe("image/png");
    const row = await getStoredFile(db, png.id);
    expect(Buffer.from(row!.bytes).equals(Buffer.from(PNG))).toBe(true);
    expect(row!.sha256).toBe(png.sha256);
    expect(row!.size).toBe(PNG.length);
    await expect(storeFile(db, { bytes: new TextEncoder().encode("MZ\x90 not a pdf"), name: "x.pdf" })).rejects.toBeInstanceOf(
      RejectedFileError,
    );
    await expect(storeFile(db, { bytes: new Uint8Array() })).rejects.toMatchObject({ reason: "empty" });
    expect(await getStoredFile(db, "../../etc/passwd")).toBeUndefined();
  });

  it("opens a draft once per service: a second opening finds the first, and a new one brings the saved children", async () => {
    const parent = (await registerParent(db, {
      telegramId: 4242,
      phone: "+77015550042",
      fullName: "Ахметова Сауле",
      iin: makeIin("1990-02-03", "female"),
      lang: "ru",
    }))!;
    await addChild(db, {
      parentId: parent.id,
      fullName: "Ахметов Ерлан",
      iin: makeIin("2016-04-05", "male"),
      birthDate: "2016-04-05",
      grade: 4,
    });
    const input = { serviceId: "meals", parentId: parent.id, lang: "ru" as const, now, form: { parent: { fullName: "Ахметова Сауле" } } };
    const first = await withReadCache(db, async () => {
      const opened = await apps.openDraft(db, input);
      // The saved children came with the new draft: the form offers them without another read.
      let reads = 0;
      const offered = await cachedRead(db, childrenKey(parent.id), async () => {
        reads++;
        return [] as Array<{ fullName: string }>;
      });
      expect([reads, offered.map((c) => c.fullName)]).toEqual([0, ["Ахметов Ерлан"]]);
      return opened;
    });
    expect(first).toMatchObject({ created: true, draft: { status: "draft", form: input.form, parentId: parent.id } });
    expect(first.draft.number).toMatch(/^2026-\d{6}$/);
    const again = await apps.openDraft(db, input);
    expect(again).toMatchObject({ created: false, draft: { id: first.draft.id } });
    expect((await apps.listEvents(db, first.draft.id)).map((e) => e.action)).toEqual(["create"]);
    const other = await apps.openDraft(db, { ...input, serviceId: "home-schooling" });
    expect(other.created).toBe(true);
    expect(other.draft.id).not.toBe(first.draft.id);
  });

  it("gives an application asked for by a Telegram account to its own parent only", async () => {
    const parent = (await findUserByTelegramId(db, 111))!;
    const app = await apps.createDraft(db, { serviceId: "meals", parentId: parent.id, lang: "kk", now });
    expect((await apps.getTelegramUserApplication(db, 111, app.id))?.id).toBe(app.id);
    expect(await apps.getTelegramUserApplication(db, 222, app.id)).toBeUndefined(); // another parent
    expect(await apps.getTelegramUserApplication(db, 987654, app.id)).toBeUndefined(); // no such parent
    expect(await apps.getTelegramUserApplication(db, 111, "../../etc/passwd")).toBeUndefined();
    await withReadCache(db, async () => {
      // In an update: one statement keeps both rows; the other parent's row kept refuses as well.
      expect((await apps.getTelegramUserApplication(db, 111, app.id))?.parentId).toBe(parent.id);
      expect((await findUserByTelegramId(db, 111))?.id).toBe(parent.id);
      expect((await findUserByTelegramId(db, 222))?.id).not.toBe(parent.id);
      expect(await apps.getTelegramUserApplication(db, 222, app.id)).toBeUndefined();
    });
    expect(await apps.deleteDraft(db, parent.id, app.id)).toBe(true);
  });

  it("keeps a draft's documents in order, finds the parent's draft, and numbers applications uniquely", async () => {
    const parent = (await findUserByTelegramId(db, 111))!;
    const school = (await getSchoolByBin(db, "990140000106"))!;
    const [child] = await listChildren(db, parent.id);
    const a = await apps.createDraft(db, { serviceId: "meals", parentId: parent.id, lang: "kk", now });
    const b = await apps.createDraft(db, { serviceId: "home-schooling", parentId: parent.id, lang: "kk", now });
    expect(a.number).toMatch(/^2026-\d{6}$/);
    expect(a.number).not.toBe(b.number);
    await fillStage(db, { applicationId: a.id, stage: "child", answers: { childId: child!.id }, patch: { childId: child!.id }, now });
    expect((await apps.findDraft(db, parent.id, "meals"))?.id).toBe(a.id);
    const pdf = await storeFile(db, { bytes: PDF, name: "cert.pdf" });
    await apps.addDocument(db, { applicationId: a.id, requirementId: "birth-certificate", fileId: pdf.id });
    await apps.addDocument(db, { applicationId: a.id, requirementId: "birth-certificate", fileId: pdf.id, pages: 2 });
    expect((await apps.listDocuments(db, a.id)).map((d) => [d.requirementId, d.position, d.pages])).toEqual([
      ["birth-certificate", 1, 1],
      ["birth-certificate", 2, 2],
    ]);
    await apps.clearDocuments(db, a.id, ["birth-certificate"]);
    expect(await apps.listDocuments(db, a.id)).toEqual([]);
    // A parent's page: stored and placed in one statement, up to the document's pages.
    const page = { applicationId: a.id, requirementId: "birth-certificate", bytes: await jpegWithGps(), max: 2 };
    expect(await storePage(db, page)).toMatchObject({ ok: true, pages: 1 });
    expect(await storePage(db, page)).toMatchObject({ ok: true, pages: 2 });
    expect(await storePage(db, page)).toEqual({ ok: false, reason: "full", pages: 2 });
    const pages = await apps.listDocuments(db, a.id);
    expect(pages.map((d) => d.position)).toEqual([1, 2]);
    expect((await getStoredFile(db, pages[0]!.fileId!))?.mime).toBe("image/jpeg");
    await expect(storePage(db, { ...page, bytes: PDF.slice(0, 10) })).rejects.toBeInstanceOf(RejectedFileError);
    await apps.clearDocuments(db, a.id, ["birth-certificate"]);
    expect(await apps.deleteDraft(db, parent.id, b.id)).toBe(true);
    expect(await apps.getParentApplication(db, parent.id + 1000, a.id)).toBeUndefined();
    await apps.applyTransition(db, {
      applicationId: a.id,
      action: "sign",
      from: "draft",
      to: "signed",
      actor: { kind: "parent", id: parent.id },
      notifications: [],
      now,
      patch: { schoolId: school.id },
    });
  });

  it("changes status with its event and notifications together, and lets only one of two racing staff win", async () => {
    const parent = (await findUserByTelegramId(db, 111))!;
    const app = (await apps.listParentApplications(db, parent.id)).find((x) => x.status === "signed")!;
    const sent = await apps.applyTransition(db, {
      applicationId: app.id,
      action: "send",
      from: "signed",
      to: "submitted",
      actor: { kind: "parent", id: parent.id },
      now,
      patch: { submittedAt: now },
      notifications: [
        { channel: "parent", recipient: "111", payload: { key: "status-submitted" }, dedupeKey: `app:${app.id}:submitted:parent` },
      ],
    });
    expect(sent.ok).toBe(true);
    const version = sent.ok ? sent.application.version : -1;
    const race = await Promise.all(
      [1, 2].map((staffId) =>
        apps.applyTransition(db, {
          applicationId: app.id,
          action: "register",
          from: "submitted",
          to: "registered",
          expectedVersion: version,
          actor: { kind: "staff", id: staffId },
          now,
          notifications: [
            { channel: "parent", recipient: "111", payload: { key: "status-registered" }, dedupeKey: `app:${app.id}:registered:parent` },
          ],
        }),
      ),
    );
    expect(race.filter((r) => r.ok)).toHaveLength(1);
    const loser = race.find((r) => !r.ok);
    expect(loser).toMatchObject({
      ok: false,
      reason: "conflict",
      current: { status: "registered" },
      lastEvent: { action: "register", actorKind: "staff" },
    });
    const events = await apps.listEvents(db, app.id);
    expect(events.map((e) => `${e.fromStatus ?? "-"}>${e.toStatus}`)).toEqual([
      "->draft",
      "draft>signed",
      "signed>submitted",
      "submitted>registered",
    ]);
    expect((await outboxStats(db)).pending).toBe(2);
  });

  it("queues 17,000 notifications at once (a big school's morning digest: more than one statement's 65,535 parameters)", async () => {
    const many = Array.from({ length: 17_000 }, (_, i) => ({
      channel: "provider" as const,
      recipient: String(900_000 + i),
      payload: { template: "digest" },
      dedupeKey: `bulk:${i}`,
    }));
    await enqueue(db, many);
    await enqueue(db, many.slice(16_000)); // written again: nothing new
    const [total] = await db.select({ n: count() }).from(outbox).where(like(outbox.dedupeKey, "bulk:%"));
    expect(total?.n).toBe(17_000);
    expect((await existingDedupeKeys(db, ["bulk:0", "bulk:16999", "bulk:17000"])).size).toBe(2);
    await db.delete(outbox).where(like(outbox.dedupeKey, "bulk:%"));
  });

  it("hands each outbox row to one sender, retries failures later, and never queues a dedupe key twice", async () => {
    await enqueue(db, [
      { channel: "parent", recipient: "111", payload: { n: 1 }, dedupeKey: "t:1" },
      { channel: "email", recipient: "a@example.kz", payload: { n: 2 }, dedupeKey: "t:2" },
      { channel: "parent", recipient: "111", payload: { n: 1 }, dedupeKey: "t:1" },
    ]);
    const later = new Date(Date.now() + 1000); // rows are due from the moment they are written
    const [first, second] = await Promise.all([
      claimDue(db, { limit: 3, leaseMs: 60_000, now: later }),
      claimDue(db, { limit: 3, leaseMs: 60_000, now: later }),
    ]);
    const ids = [...first, ...second].map((r) => r.id);
    expect(ids).toHaveLength(4); // two from the transitions above + t:1 + t:2, each claimed once
    expect(new Set(ids).size).toBe(4);
    expect(await claimDue(db, { limit: 10, leaseMs: 60_000, now: later })).toEqual([]);
    const [a, b, ...rest] = [...first, ...second];
    await markSent(db, a!.id, later);
    await markAttemptFailed(db, b!.id, { error: "429", retryAt: new Date(later.getTime() + 5000) });
    for (const r of rest) await markAttemptFailed(db, r.id, { error: "403 blocked", retryAt: null, blocked: true });
    const retried = await claimDue(db, { limit: 10, leaseMs: 60_000, now: new Date(later.getTime() + 5000) });
    expect(retried.map((r) => [r.id, r.attempts])).toEqual([[b!.id, 2]]);
    expect(await outboxStats(db)).toMatchObject({ sent: 1, blocked: 2, pending: 1 });
  });

  it("accepts each update id once per bot", async () => {
    expect(await markUpdateProcessed(db, "parent", 1001)).toBe(true);
    expect(await markUpdateProcessed(db, "parent", 1001)).toBe(false);
    expect(await markUpdateProcessed(db, "provider", 1001)).toBe(true);
  });

  it("binds a staff invite once, and forgets deactivated staff", async () => {
    const school = (await getSchoolByBin(db, "990140000106"))!;
    const { token, expiresAt } = await createStaffInvite(db, { schoolId: school.id, role: "specialist", now });
    expect(expiresAt.getTime() - now.getTime()).toBe(7 * 24 * 3600 * 1000);
    const redeemed = await redeemStaffInvite(db, { token, telegramId: 5001, fullName: "Гүлнар Ахметова", lang: "kk", now });
    expect(redeemed).toMatchObject({ ok: true, staff: { schoolId: school.id, role: "specialist" } });
    expect(await redeemStaffInvite(db, { token, telegramId: 5002, fullName: "X", lang: "ru", now })).toEqual({ ok: false, reason: "used" });
    expect(await redeemStaffInvite(db, { token: "guess", telegramId: 5002, fullName: "X", lang: "ru", now })).toEqual({
      ok: false,
      reason: "invalid",
    });
    const late = await createStaffInvite(db, { schoolId: school.id, role: "director", now });
    expect(
      await redeemStaffInvite(db, {
        token: late.token,
        telegramId: 5003,
        fullName: "X",
        lang: "ru",
        now: new Date(late.expiresAt.getTime() + 1),
      }),
    ).toEqual({ ok: false, reason: "expired" });
    const member = (await findActiveStaff(db, 5001))!;
    await deactivateStaff(db, member.id, now);
    expect(await findActiveStaff(db, 5001)).toBeUndefined();
  });

  it("gives signing links that work once, for 30 minutes, and records signatures", async () => {
    const parent = (await findUserByTelegramId(db, 111))!;
    const [app] = await apps.listParentApplications(db, parent.id);
    const { token } = await createSigningSession(db, {
      applicationId: app!.id,
      parentId: parent.id,
      statementSha256: "cd".repeat(32),
      now,
    });
    expect(token.length).toBeGreaterThanOrEqual(43);
    expect(await findSigningSession(db, token, new Date(now.getTime() + 31 * 60_000))).toEqual({ ok: false, reason: "expired" });
    expect(await consumeSigningSession(db, token, now)).toMatchObject({
      ok: true,
      session: { applicationId: app!.id, parentId: parent.id },
    });
    expect(await consumeSigningSession(db, token, now)).toEqual({ ok: false, reason: "used" });
    const cms = await storeFile(db, { bytes: PDF });
    await recordSignature(db, {
      applicationId: app!.id,
      method: "eds",
      fileId: cms.id,
      statementSha256: "ab".repeat(32),
      valid: true,
      result: { checks: [] },
      signerIin: parent.iin,
    });
    expect(await latestSignature(db, app!.id)).toMatchObject({ method: "eds", valid: true, signerIin: parent.iin });
  });

  it("keeps one open support ticket per parent, found by its forum topic", async () => {
    const parent = (await findUserByTelegramId(db, 111))!;
    const first = await openTicket(db, parent.id, now);
    expect(first.created).toBe(true);
    expect((await openTicket(db, parent.id, now)).created).toBe(false);
    await updateTicket(db, first.ticket.id, { topicId: 77, operatorName: "Оператор" });
    expect((await findTicketByTopic(db, 77))?.id).toBe(first.ticket.id);
    await closeTicket(db, first.ticket.id, now);
    expect(await getOpenTicket(db, parent.id)).toBeUndefined();
    expect((await openTicket(db, parent.id, now)).created).toBe(true);
  });

  it("stores session values in the database", async () => {
    const storage = new DatabaseStorage<{ step: number }>(db, "s:");
    await storage.write("1", { step: 2 });
    expect(await storage.read("1")).toEqual({ step: 2 });
  });
});

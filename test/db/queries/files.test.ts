/**
 * A document's pages as staff receive them: numbered 1..n in the order the parent sent them. A
 * photo page refused after the answer (`dropPage`) leaves no gap — the pages after it move up in
 * the same transaction as the drop, so staff get "…-1", "…-2" rather than "…-1", "…-3", and the
 * next page the parent sends is the one the bot counts ("page 3 received"), in place 3. On PGlite
 * and PostgreSQL; on PostgreSQL also with a page placed while the drop is under way, either way round.
 */
import postgres from "postgres";
import { describe, expect, it } from "vitest";
import { openDatabase } from "#root/db/client.ts";
import { listDocuments } from "#root/db/queries/applications.ts";
import { dropPage, heldPages, holdPage, storePage } from "#root/db/queries/files.ts";
import { systemFileName } from "#root/flows/files.ts";
import { makeIin } from "#root/flows/iin.ts";
import { backends, createScratchPostgres, DATABASE_URL } from "#root/test/helpers/databases.ts";
import { parentWithDraft } from "#root/test/helpers/drafts.ts";
import { seedSchool, tinyPng } from "#root/test/helpers/fixtures.ts";

const now = new Date("2026-03-20T06:00:00Z");

describe.each(backends)("a document's pages on $name", (backend) => {
  it("stay numbered 1..n when a photo page in the middle is refused, and the next page takes the place it is counted as", async () => {
    const database = await backend.open();
    try {
      const db = database.db;
      await seedSchool(db, "990140000106");
      const { app } = await parentWithDraft(db, makeIin("1990-05-06", "female"), now);
      const place = { applicationId: app.id, requirementId: "birth-certificate", max: 5 };
      // Four pages: the second and the fourth photographed (held until their checks), the others files.
      expect(await storePage(db, { ...place, bytes: tinyPng() })).toMatchObject({ ok: true, pages: 1 });
      expect(await holdPage(db, { ...place, telegramFileId: "photo-2", messageId: 2 })).toMatchObject({ ok: true, pages: 2 });
      expect(await storePage(db, { ...place, bytes: tinyPng() })).toMatchObject({ ok: true, pages: 3 });
      expect(await holdPage(db, { ...place, telegramFileId: "photo-4", messageId: 4 })).toMatchObject({ ok: true, pages: 4 });
      const before = await listDocuments(db, app.id);
      const [second] = await heldPages(db, app.id);
      expect(second?.telegramFileId).toBe("photo-2");

      // The second page's photo is refused after the answer: it goes, the third and fourth move up.
      expect(await dropPage(db, second!, { needed: 1, now })).toBeDefined();
      const after = await listDocuments(db, app.id);
      expect(after.map((d) => [d.position, d.fileId ?? d.telegramFileId])).toEqual([
        [1, before[0]!.fileId],
        [2, before[2]!.fileId],
        [3, "photo-4"],
      ]);
      // The page after them is the fourth, as the parent is told, and staff get it as the fourth.
      expect(await storePage(db, { ...place, bytes: tinyPng() })).toMatchObject({ ok: true, pages: 4 });
      const pages = await listDocuments(db, app.id);
      expect(pages.map((d) => d.position)).toEqual([1, 2, 3, 4]);
      const names = pages.map((d) => systemFileName({ number: app.number, part: d.requirementId, index: d.position, mime: "image/jpeg" }));
      expect(names.map((n) => n.replace(/^.*-(birth-certificate-\d)\.jpg$/, "$1"))).toEqual([
        "birth-certificate-1",
        "birth-certificate-2",
        "birth-certificate-3",
        "birth-certificate-4",
      ]);

      // The photo in place 3 refused too: the page after it moves up again.
      const [held] = await heldPages(db, app.id);
      expect(await dropPage(db, held!, { needed: 1, now })).toBeDefined();
      expect((await listDocuments(db, app.id)).map((d) => d.position)).toEqual([1, 2, 3]);
    } finally {
      await database.dispose();
    }
  });
});

/**
 * A page placed while a refused one is dropped, on PostgreSQL (two connections at once; PGlite has one): the pages
 * still end numbered 1..n, the new one last, in the place the parent is told. A third connection holds a lock the
 * first of the two needs, so that the second runs while the first is half done — every time.
 */
describe.skipIf(!DATABASE_URL)("a page placed while a refused page is dropped, on PostgreSQL", () => {
  /** A draft with three pages of one document, the second a photo held until its check. */
  async function threePages() {
    const scratch = await createScratchPostgres(DATABASE_URL!);
    const database = await openDatabase({ databaseUrl: scratch.url, dataDir: "/nonexistent" });
    const other = postgres(scratch.url, { max: 2, onnotice: () => {} });
    const db = database.db;
    await seedSchool(db, "990140000106");
    const { app } = await parentWithDraft(db, makeIin("1990-05-07", "female"), now);
    const place = { applicationId: app.id, requirementId: "birth-certificate", max: 5 };
    await storePage(db, { ...place, bytes: tinyPng() });
    await holdPage(db, { ...place, telegramFileId: "photo-2", messageId: 2 });
    const third = await storePage(db, { ...place, bytes: tinyPng() });
    const [refused] = await heldPages(db, app.id);
    /** Until `done` settles or this many connections wait for a lock: the one held, and maybe the other operation. */
    const waiting = async (count: number, done?: Promise<unknown>) => {
      let settled = false;
      void done?.then(
        () => (settled = true),
        () => (settled = true),
      );
      for (;;) {
        const [row] = await other`select count(*)::int as n from pg_stat_activity
          where datname = current_database() and wait_event_type = 'Lock'`;
        if (settled || row!.n >= count) return;
        await new Promise((r) => setTimeout(r, 20));
      }
    };
    const positions = async () => (await listDocuments(db, app.id)).map((d) => [d.position, d.fileId ?? d.telegramFileId]);
    return {
      db,
      app,
      place,
      third: third.ok ? third.id : 0,
      refused: refused!,
      blocker: await other.reserve(),
      waiting,
      positions,
      async close() {
        await other.end();
        await database.close();
        await scratch.drop();
      },
    };
  }

  it("the drop half done (the page after the refused one waits to move up) when the new page comes: no gap", async () => {
    const t = await threePages();
    try {
      // The third page locked elsewhere: the drop deletes the second and waits to move the third up.
      await t.blocker`begin`;
      await t.blocker`select 1 from application_documents where id = ${t.third} for update`;
      const drop = dropPage(t.db, t.refused, { needed: 1, now });
      await t.waiting(1);
      // The parent's next page meanwhile.
      const placed = holdPage(t.db, { ...t.place, telegramFileId: "photo-4", messageId: 4 });
      await t.waiting(2, placed);
      await t.blocker`commit`;
      expect(await drop).toBeDefined();
      // Two pages left and the new one: the parent is told "page 3", and it is page 3 — not 4 after a hole in 3.
      expect(await placed).toMatchObject({ ok: true, pages: 3 });
      expect((await t.positions()).map(([p]) => p)).toEqual([1, 2, 3]);
      expect((await t.positions())[2]).toEqual([3, "photo-4"]);
    } finally {
      t.blocker.release();
      await t.close();
    }
  });

  it("the new page half placed (its insert waits) when the drop comes: no gap", async () => {
    const t = await threePages();
    try {
      // A row elsewhere in the place the new page takes (4), not committed: the new page's insert waits on it.
      await t.blocker`begin`;
      await t.blocker`insert into application_documents (application_id, requirement_id, telegram_file_id, position, pages)
        values (${t.app.id}, ${t.place.requirementId}, 'elsewhere', 4, 1)`;
      const placed = holdPage(t.db, { ...t.place, telegramFileId: "photo-4", messageId: 4 });
      await t.waiting(1);
      const drop = dropPage(t.db, t.refused, { needed: 1, now });
      await t.waiting(2, drop);
      await t.blocker`rollback`;
      expect(await placed).toMatchObject({ ok: true, pages: 4 });
      expect(await drop).toBeDefined();
      expect((await t.positions()).map(([p]) => p)).toEqual([1, 2, 3]);
      expect((await t.positions())[2]).toEqual([3, "photo-4"]);
    } finally {
      t.blocker.release();
      await t.close();
    }
  });
});

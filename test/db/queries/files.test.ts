/**
 * A document's pages as staff receive them: numbered 1..n in the order the parent sent them. A
 * photo page refused after the answer (`dropPage`) leaves no gap — the pages after it move up in
 * the same transaction as the drop, so staff get "…-1", "…-2" rather than "…-1", "…-3", and the
 * next page the parent sends is the one the bot counts ("page 3 received"), in place 3. On PGlite
 * and PostgreSQL.
 */
import { describe, expect, it } from "vitest";
import { listDocuments } from "#root/db/queries/applications.ts";
import { dropPage, heldPages, holdPage, storePage } from "#root/db/queries/files.ts";
import { systemFileName } from "#root/flows/files.ts";
import { makeIin } from "#root/flows/iin.ts";
import { backends } from "#root/test/helpers/databases.ts";
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

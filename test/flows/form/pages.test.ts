/**
 * A photo held as a page before its check (`flows/form/pages.ts`), without Telegram: checked, it is
 * stored re-encoded in its place; refused, it goes and its document is asked again only when it
 * lacks pages now; a fetch that fails leaves it held; a check that comes after the draft dropped
 * the page stores nothing in it. The checks of one draft run one after another.
 */
import { describe, expect, it } from "vitest";
import { getApplication, listDocuments } from "#root/db/queries/applications.ts";
import { getStoredFile, heldPages, storePage } from "#root/db/queries/files.ts";
import { askedDocument } from "#root/flows/form/documents.ts";
import { documentAction, holdPage, keepAnswerTo } from "#root/flows/form/draft.ts";
import { questionAt } from "#root/flows/form/engine.ts";
import { allPageChecksDone, checkHeldPage, queuePageCheck, type PageFetch } from "#root/flows/form/pages.ts";
import { makeIin } from "#root/flows/iin.ts";
import { backends } from "#root/test/helpers/databases.ts";
import { parentWithDraft } from "#root/test/helpers/drafts.ts";
import { seedSchool, tinyPng } from "#root/test/helpers/fixtures.ts";

const now = new Date("2026-03-20T06:00:00Z");
const clock = () => now;
const photo: PageFetch = async () => ({ bytes: tinyPng() });

describe.each(backends)("a page's photo checked after the answer, on $name", (backend) => {
  it("stores a checked photo in its place, drops a refused one and asks its document again only when it lacks pages", async () => {
    const database = await backend.open();
    try {
      const db = database.db;
      await seedSchool(db, "990140000106");
      const { app } = await parentWithDraft(db, makeIin("1991-02-03", "female"), now);
      const birth = askedDocument(app, "birth-certificate")!;
      let draft = app;
      // Two pages of the birth certificate, photographed: both held; the document goes on.
      const first = await holdPage(db, draft, birth, { telegramFileId: "photo-1", messageId: 11 });
      const second = await holdPage(db, draft, birth, { telegramFileId: "photo-2", messageId: 12 });
      expect([first, second]).toMatchObject([
        { ok: true, pages: 1 },
        { ok: true, pages: 2 },
      ]);
      const kept = await keepAnswerTo(db, draft, birth, { pages: 2 }, { lang: "ru", now });
      draft = (kept.ok && kept.row) || draft;
      expect(questionAt(draft)?.id).toBe("asp-certificate");

      const held = await heldPages(db, app.id);
      expect(held.map((p) => [p.telegramFileId, p.messageId])).toEqual([
        ["photo-1", 11],
        ["photo-2", 12],
      ]);
      // Telegram does not answer: the page stays held.
      const down: PageFetch = async () => {
        throw new Error("ETIMEDOUT");
      };
      expect(await checkHeldPage(db, held[0]!, down, clock)).toEqual({ ok: false, retry: true });
      expect(await heldPages(db, app.id)).toHaveLength(2);
      // Fetched and checked: stored re-encoded, in its place.
      expect(await checkHeldPage(db, held[0]!, photo, clock)).toEqual({ ok: true });
      const [page1] = await listDocuments(db, app.id);
      expect(page1).toMatchObject({ position: 1, telegramFileId: null, messageId: null });
      expect((await getStoredFile(db, page1!.fileId!))?.mime).toBe("image/jpeg");
      // The second refused: one page is all the document needs, so it is not asked again.
      const refused = await checkHeldPage(db, held[1]!, async () => ({ bytes: new TextEncoder().encode("<html>") }), clock);
      expect(refused).toMatchObject({ ok: false, reason: "unsupported_type" });
      expect(!refused.ok && "draft" in refused && questionAt(refused.draft!)?.id).toBe("asp-certificate");
      expect(await listDocuments(db, app.id)).toHaveLength(1);

      // "Replace the pages" sent one photo; refused, the document has none left: asked again.
      draft = (await getApplication(db, app.id))!;
      const reopened = await documentAction(db, draft, "birth-certificate", "more", now);
      draft = reopened!.row;
      const redo = await documentAction(db, draft, "birth-certificate", "redo", now);
      draft = redo!.row;
      await holdPage(db, draft, birth, { telegramFileId: "photo-3", messageId: 13 });
      draft = ((await keepAnswerTo(db, draft, birth, { pages: 1 }, { lang: "ru", now })) as { row: typeof draft }).row;
      const [page3] = await heldPages(db, app.id);
      const gone = await checkHeldPage(db, page3!, async () => ({ refused: "too_large" }), clock);
      expect(gone).toMatchObject({ ok: false, reason: "too_large" });
      expect(!gone.ok && "draft" in gone && questionAt(gone.draft!)?.id).toBe("birth-certificate");
      expect((await getApplication(db, app.id))!.version).toBeGreaterThan(draft.version);
    } finally {
      await database.dispose();
    }
  });

  it("refuses a page '↩️' moved to the document before as a page of that one", async () => {
    const database = await backend.open();
    try {
      const db = database.db;
      await seedSchool(db, "990140000106");
      const { app } = await parentWithDraft(db, makeIin("1993-06-07", "female"), now);
      const birth = askedDocument(app, "birth-certificate")!;
      const asp = askedDocument(app, "asp-certificate")!;
      await holdPage(db, app, birth, { telegramFileId: "photo-1", messageId: 31 });
      let draft = ((await keepAnswerTo(db, app, birth, { pages: 1 }, { lang: "ru", now })) as { row: typeof app }).row;
      // The birth certificate's second side, sent alone after it went on: it answers the next document…
      await holdPage(db, draft, asp, { telegramFileId: "photo-2", messageId: 32 });
      draft = ((await keepAnswerTo(db, draft, asp, { pages: 1 }, { lang: "ru", now })) as { row: typeof app }).row;
      const [, second] = await heldPages(db, app.id);
      // …until "↩️ a page of the birth certificate" moves it there.
      draft = (await documentAction(db, draft, "asp-certificate", "back", now))!.row;
      expect(questionAt(draft)?.id).toBe("asp-certificate");

      const refused = await checkHeldPage(db, second!, async () => ({ refused: "unreadable" }), clock);
      // Said of the birth certificate, whose one page left is all it needs: the form stays where it is.
      expect(refused).toMatchObject({ ok: false, reason: "unreadable", page: { requirementId: "birth-certificate" } });
      expect(!refused.ok && "draft" in refused && questionAt(refused.draft!)?.id).toBe("asp-certificate");
      expect((await listDocuments(db, app.id)).map((d) => d.requirementId)).toEqual(["birth-certificate"]);
    } finally {
      await database.dispose();
    }
  });

  it("stores nothing in a page the draft dropped meanwhile, and runs one draft's checks in order", async () => {
    const database = await backend.open();
    try {
      const db = database.db;
      await seedSchool(db, "990140000106");
      const { app } = await parentWithDraft(db, makeIin("1992-04-05", "male"), now);
      const birth = askedDocument(app, "birth-certificate")!;
      await holdPage(db, app, birth, { telegramFileId: "photo-1", messageId: 21 });
      const [page] = await heldPages(db, app.id);
      // "Replace the pages" before the photo was fetched: the check stores it nowhere.
      await storePage(db, { applicationId: app.id, requirementId: "birth-certificate", bytes: tinyPng(), max: 2 });
      const kept = await keepAnswerTo(db, app, birth, { pages: 2 }, { lang: "ru", now });
      const reopened = await documentAction(db, (kept.ok && kept.row) || app, "birth-certificate", "more", now);
      await documentAction(db, reopened!.row, "birth-certificate", "redo", now);
      expect(await checkHeldPage(db, page!, photo, clock)).toEqual({ ok: true });
      expect(await listDocuments(db, app.id)).toEqual([]);

      const order: string[] = [];
      const slow = (name: string, ms: number) => async () => {
        await new Promise((r) => setTimeout(r, ms));
        order.push(name);
      };
      queuePageCheck(app.id, slow("first", 60));
      queuePageCheck(app.id, slow("second", 0));
      queuePageCheck("another-draft", slow("other", 0));
      await allPageChecksDone();
      expect(order).toEqual(["other", "first", "second"]);
    } finally {
      await database.dispose();
    }
  });
});

/**
 * A photo of a page is answered at once and checked after (`flows/form/pages.ts`): the parent
 * goes on while its bytes are fetched from Telegram, re-encoded and stored. The review and the
 * statement wait for the checks ({@link PageChecks.ready}); a page refused after all is said under
 * the parent's photo, and its document asked again when it lacks pages now.
 */
import { GrammyError, InlineKeyboard } from "grammy";
import type { Db } from "#root/db/client.ts";
import { getApplication, listDocuments, type Application } from "#root/db/queries/applications.ts";
import { heldPages, type HeldPage } from "#root/db/queries/files.ts";
import { writing } from "#root/db/read-cache.ts";
import { askedDocument } from "#root/flows/form/documents.ts";
import { questionAt } from "#root/flows/form/engine.ts";
import { checkHeldPage, pageChecksDone, queuePageCheck, storedSince, type PageChecked, type PageFetch } from "#root/flows/form/pages.ts";
import { DownloadError, downloadFile, type TelegramAccess } from "#root/bot/shared/files.ts";
import type { BotDeps } from "#root/bot/shared/deps.ts";
import type { ParentContext } from "#root/bot/parent/context.ts";
import { data } from "#root/bot/parent/callbacks.ts";
import { askQuestion } from "./apply/question.ts";

/** A held photo's bytes from the Bot API: refused when Telegram will never give them, thrown when it did not answer now. */
export const photoFetch =
  (access: TelegramAccess): PageFetch =>
  async (fileId) => {
    try {
      return { bytes: await downloadFile(access, fileId) };
    } catch (err) {
      if (err instanceof DownloadError && err.reason === "too_large") return { refused: "too_large" };
      // A file_id Telegram does not know (400): it will not know it later either.
      if (err instanceof GrammyError && err.error_code === 400) return { refused: "unreadable" };
      throw err;
    }
  };

/** Say under the parent's photo that page `page` was refused, and why; and ask its document again when the draft is at it now. */
async function tellRefused(ctx: ParentContext, db: Db, checked: Extract<PageChecked, { reason: string }>, ask: boolean) {
  const { page } = checked;
  // A draft sent or gone, or a document its answers no longer ask for: the page mattered to no one.
  const q = checked.draft ? askedDocument(checked.draft, page.requirementId) : undefined;
  if (!q || !checked.draft) return;
  // A photo that cannot be opened: not the file's "damaged or password-protected".
  const why = ctx.t(
    checked.reason === "unreadable" ? "apply-docs-photo-unreadable" : `apply-docs-rejected-${checked.reason.replace(/_/g, "-")}`,
  );
  const text = `${ctx.t("apply-docs-page-refused", { name: ctx.t(q.label) })}\n${why}`;
  await ctx.api.sendMessage(ctx.chat!.id, text, {
    ...(page.messageId ? { reply_parameters: { message_id: page.messageId, allow_sending_without_reply: true } } : {}),
  });
  if (ask && questionAt(checked.draft)?.id === q.id) await askQuestion(ctx, db, checked.draft, q);
}

/** What the parent bot's handlers reach the page checks by (`ctx.pages`). */
export interface PageChecks {
  /**
   * Check held page `page` once the parent has been answered, after the draft's checks begun
   * before it; a refusal is said then. A page Telegram did not give now stays held for {@link ready}.
   */
  later(ctx: ParentContext, page: HeldPage): void;
  /**
   * The draft with every page checked, for what needs their bytes (the review, the statement): the
   * checks begun in this process awaited, and any still held (begun by a process that stopped, or
   * not fetched then) done now. Undefined — the parent told to try again shortly — when Telegram
   * did not give a page now. A page refused on the way is said, and the draft returned as that left it.
   */
  ready(ctx: ParentContext, app: Application): Promise<Application | undefined>;
}

export function pageChecks(deps: BotDeps, access: TelegramAccess): PageChecks {
  const { db, now, log } = deps;
  const fetchPhoto = photoFetch(access);
  const check = async (page: HeldPage): Promise<PageChecked> => {
    const checked = await checkHeldPage(db, page, fetchPhoto, now);
    deps.metrics?.pageChecks.inc({ outcome: checked.ok ? "stored" : "retry" in checked ? "retry" : "refused" });
    return checked;
  };
  return {
    later(ctx, page) {
      queuePageCheck(page.applicationId, async () => {
        try {
          const checked = await check(page);
          if (!checked.ok && "reason" in checked) await tellRefused(ctx, db, checked, true);
        } catch (err) {
          // Still held, or refused and not said: the review's check does it again, or says it.
          log.warn({ error: err, application: page.applicationId }, "a page's check after the answer failed");
        }
      });
    },
    async ready(ctx, app) {
      const docs = await listDocuments(db, app.id);
      if (!docs.some((d) => !d.fileId)) return app;
      await pageChecksDone(app.id);
      // All stored by the checks after their answers (the usual way): nothing to read again.
      if (storedSince(db, app.id, docs)) return app;
      writing("applications", "documents");
      let refused = false;
      for (const page of await heldPages(db, app.id)) {
        const checked = await check(page);
        if (!checked.ok && "retry" in checked) {
          await ctx.reply(ctx.t("apply-docs-pages-pending"), {
            reply_markup: new InlineKeyboard().text(ctx.t("draft-continue"), data.resume(app.id)),
          });
          return undefined;
        }
        if (!checked.ok) {
          refused = true;
          await tellRefused(ctx, db, checked, false);
        }
      }
      // A page refused here, or by a check after its answer: the draft as that left it.
      const fresh = await getApplication(db, app.id);
      return fresh && (refused || fresh.version !== app.version) ? fresh : app;
    },
  };
}

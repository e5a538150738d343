/**
 * Step 5: the documents — for each one the service requires (given the answers), one or more
 * photos or PDFs, then "Done". Optional ones can be skipped; required ones cannot. Each file is
 * downloaded once, checked by its real type, hashed and stored.
 */
import { InlineKeyboard, type Api } from "grammy";
import type { Db } from "../../../db/client.ts";
import { addDocument, clearDocuments, listDocuments } from "../../../db/queries/applications.ts";
import { RejectedFileError, storeUpload } from "../../../db/queries/files.ts";
import { MAX_FILE_BYTES } from "../../../flows/files.ts";
import { hasTranslation } from "../../../flows/i18n.ts";
import { getService, requiredDocuments } from "../../../flows/services/index.ts";
import { DownloadError, downloadFile } from "../../shared/files.ts";
import { next, notAnAnswer, say, yieldToCommand, type Step } from "./ask.ts";
import { finishStage, keepAnswers, type DraftView, type StageMode } from "./draft.ts";
import { stepHeader } from "./header.ts";

export interface TelegramAccess {
  api: Api;
  token: string;
  apiRoot: string;
}

type Stored = { ok: true } | { ok: false; reason: string };

export async function documentsStage(step: Step, db: Db, telegram: TelegramAccess, draft: DraftView, mode: StageMode): Promise<void> {
  const { tr, lang, conversation, ctx } = step;
  const service = getService(draft.serviceId);
  const head = stepHeader(tr, draft.serviceId, "documents");
  const needed = requiredDocuments(service, draft.form.fields ?? {});
  const existing = await conversation.external(async () => {
    const docs = await listDocuments(db, draft.id);
    // Documents no longer required (the answers changed) are dropped.
    const stale = [...new Set(docs.map((d) => d.requirementId))].filter((id) => !needed.some((n) => n.id === id));
    await clearDocuments(db, draft.id, stale);
    return Object.fromEntries(needed.map((n) => [n.id, docs.filter((d) => d.requirementId === n.id).length]));
  });

  /** "Done"/"Skip" kept; the last document's also finishes the stage (true), in the same write. */
  const keepDocument = async (id: string, value: "done" | "skipped"): Promise<boolean> => {
    const at = needed.findIndex((n) => n.id === id);
    const last = needed.slice(at + 1).every((n) => mode === "fill" && draft.form.documents?.[n.id]);
    await keepAnswers(step, db, draft, "documents", { [id]: value }, { finish: last });
    if (!last) await step.answered?.();
    return last;
  };

  for (const [index, req] of needed.entries()) {
    let count = existing[req.id] ?? 0;
    // "Done" (or "Skip") is remembered per document: a parent who stopped halfway through the
    // pages of one document comes back to that document, with its pages kept.
    if (mode === "fill" && draft.form.documents?.[req.id]) continue;
    if (mode === "edit" && count > 0) {
      await conversation.external(() => clearDocuments(db, draft.id, [req.id]));
      count = 0;
    }
    const hint = req.hint && hasTranslation(lang, req.hint) ? `\n<i>${tr(req.hint)}</i>` : "";
    const keyboard = new InlineKeyboard().text(tr("apply-docs-done"), "d:done");
    if (!req.required) keyboard.text(tr("apply-docs-skip"), "d:skip");
    const sofar = count > 0 ? `\n${tr("apply-docs-so-far", { count })}` : "";
    const promptId = await say(step, 
      `${head}\n\n${tr("apply-docs-ask", { n: index + 1, total: needed.length, name: tr(req.label), max: req.files.maxCount })}${hint}${sofar}`,
      { parse_mode: "HTML", reply_markup: keyboard },
    );
    // "Done" works on the question and on every "page received" note of this document.
    const live = new Set([promptId]);
    for (;;) {
      const c = await next(step);
      await yieldToCommand(step, c);
      const q = c.callbackQuery;
      if (q) {
        if (!live.has(q.message?.message_id ?? -1)) {
          await notAnAnswer(step);
          await c.answerCallbackQuery({ text: tr("button-outdated") });
          continue;
        }
        if (q.data === "d:skip" && !req.required) {
          await c.answerCallbackQuery();
          await c.editMessageReplyMarkup({ reply_markup: undefined }).catch(() => {});
          if (await keepDocument(req.id, "skipped")) return;
          break;
        }
        if (q.data === "d:done") {
          if (count < Math.max(1, req.files.minCount) && req.required) {
            await notAnAnswer(step);
            await c.answerCallbackQuery({ text: tr("apply-docs-need-one"), show_alert: true });
            continue;
          }
          await c.answerCallbackQuery();
          await c.editMessageReplyMarkup({ reply_markup: undefined }).catch(() => {});
          if (await keepDocument(req.id, "done")) return;
          break;
        }
        await notAnAnswer(step);
        await c.answerCallbackQuery({ text: tr("button-outdated") });
        continue;
      }
      const msg = c.message;
      if (!msg) continue;
      const file = msg.photo ? msg.photo[msg.photo.length - 1] : msg.document;
      // Anything but a file, and a file that cannot be taken, is not an answer; a file is stored
      // (a write of its own): either way, not by a conversation older than the draft.
      await notAnAnswer(step);
      if (msg.forward_origin) {
        await say(step, tr("ask-no-forwards"));
        continue;
      }
      if (!file) {
        await say(step, tr("apply-docs-expected-file", { name: tr(req.label) }));
        continue;
      }
      if (count >= req.files.maxCount) {
        await say(step, tr("apply-docs-too-many", { max: req.files.maxCount }));
        continue;
      }
      if ((file.file_size ?? 0) > MAX_FILE_BYTES) {
        await say(step, tr("apply-docs-too-large"));
        continue;
      }
      const stored: Stored = await conversation.external(async () => {
        try {
          const bytes = await downloadFile(telegram.api, telegram, file.file_id, file.file_size);
          const s = await storeUpload(db, bytes);
          await addDocument(db, { applicationId: draft.id, requirementId: req.id, fileId: s.id });
          return { ok: true };
        } catch (err) {
          if (err instanceof RejectedFileError || err instanceof DownloadError) return { ok: false, reason: err.reason };
          throw err;
        }
      });
      if (!stored.ok) {
        await say(step, tr(`apply-docs-rejected-${stored.reason.replace(/_/g, "-")}`));
        continue;
      }
      count++;
      const ackId = await say(step, tr("apply-docs-received", { count, name: tr(req.label) }), {
        reply_parameters: { message_id: msg.message_id },
        reply_markup: new InlineKeyboard().text(tr("apply-docs-done"), "d:done"),
      });
      live.add(ackId);
    }
  }
  await finishStage(step, db, draft, "documents");
}

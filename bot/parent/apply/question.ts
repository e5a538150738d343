/**
 * How the form is shown: a prompt (`flows/form/prompts.ts` — the question the draft is at, what
 * the profile offers above it, its buttons) translated, its buttons made Telegram's.
 */
import { InlineKeyboard, Keyboard } from "grammy";
import type { Db } from "#root/db/client.ts";
import type { Application } from "#root/db/queries/applications.ts";
import { documentPages, profileFor } from "#root/flows/form/draft.ts";
import type { Question, RawAnswer } from "#root/flows/form/engine.ts";
import { offerOf } from "#root/flows/form/offers.ts";
import { questionPrompt, type Prompt, type Text } from "#root/flows/form/prompts.ts";
import { formOf } from "#root/flows/statement.ts";
import { esc } from "#root/bot/shared/html.ts";
import { langOf } from "#root/bot/shared/i18n.ts";
import type { ParentContext } from "#root/bot/parent/context.ts";
import { promptData } from "#root/bot/parent/callbacks.ts";
import { shorten } from "#root/bot/shared/limits.ts";
import { showSchools } from "./school.ts";

/** An answer (or a tap on what the profile offers), and what to tell the parent once it is kept, before the next question. */
export type Answered = (RawAnswer & { said?: Text }) | { offer: string };

/** A prompt's text translated: the parent's own data HTML-escaped in a message, as it is on a button. */
export function translated(ctx: ParentContext, t: Text, html = true): string {
  if ("raw" in t) return html ? esc(t.raw) : t.raw;
  const args = Object.entries(t.args ?? {}).map(([k, v]) => [
    k,
    typeof v === "object" ? ctx.t(v.key) : html && typeof v === "string" ? esc(v) : v,
  ]);
  return ctx.t(t.key, Object.fromEntries(args));
}

/** A prompt's buttons (a school's shortened to 60 characters). */
export const keyboardOf = (ctx: ParentContext, p: Prompt): InlineKeyboard =>
  InlineKeyboard.from(
    p.rows.map((row) =>
      row.map((b) =>
        InlineKeyboard.text(
          "school" in b.action ? shorten(translated(ctx, b.label, false), 60) : translated(ctx, b.label, false),
          promptData(b.action),
        ),
      ),
    ),
  );

/** A prompt as a message: its text and keyboard ("share my phone" for a contact). */
export function rendered(ctx: ParentContext, p: Prompt) {
  const step = p.step ? `<b>${ctx.t("apply-step", p.step)}</b> · ${ctx.t(`apply-stage-${p.step.stage}`)}\n\n` : "";
  const lead = p.lead.length ? `${p.lead.map((l) => translated(ctx, l)).join("")}\n\n` : "";
  const hint = p.hint ? `\n<i>${ctx.t(p.hint)}</i>` : "";
  const note = p.note ? `\n${translated(ctx, p.note)}` : "";
  const reply_markup = p.contact
    ? new Keyboard().requestContact(ctx.t("registration-share-phone")).resized().oneTime()
    : keyboardOf(ctx, p);
  return { text: `${step}${lead}${translated(ctx, p.ask)}${hint}${note}`, reply_markup };
}

/** The buttons of `q` again, for a reply that refuses an answer to it (the question may have scrolled away). */
export async function buttonsAgain(ctx: ParentContext, db: Db, app: Application, q: Question) {
  if (q.kind === "school" || q.kind === "files" || q.byContact) return {};
  return { reply_markup: keyboardOf(ctx, questionPrompt(app, q, await profileFor(db, app, q), langOf(ctx.session))) };
}

/**
 * Ask `q` of `app`'s form, with what the profile offers in one tap (unless the parent declined
 * it: `offer: false`); the school question shows its lists, the school offered above them.
 */
export async function askQuestion(ctx: ParentContext, db: Db, app: Application, q: Question, opts: { offer?: boolean } = {}) {
  const profile = opts.offer === false ? {} : await profileFor(db, app, q);
  if (q.kind === "school") {
    return showSchools(ctx, db, app.serviceId, { kind: "regions" }, offerOf(q, formOf(app), profile, langOf(ctx.session)).buttons);
  }
  const pages = q.kind === "files" ? await documentPages(db, app, q) : 0;
  const { text, reply_markup } = rendered(ctx, questionPrompt(app, q, profile, langOf(ctx.session), pages));
  await ctx.reply(text, { reply_markup, link_preview_options: { is_disabled: true } });
}

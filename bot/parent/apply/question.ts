/**
 * How a question of the form engine (`flows/form/engine.ts`, `questionAt`: the question a draft
 * is at, read from the draft alone) is shown — with what the parent's profile offers above it
 * (`flows/form/offers.ts`).
 */
import { InlineKeyboard, Keyboard } from "grammy";
import type { Db } from "#root/db/client.ts";
import type { Application } from "#root/db/queries/applications.ts";
import { profileFor } from "#root/flows/form/draft.ts";
import type { Question, RawAnswer } from "#root/flows/form/engine.ts";
import { offerOf, type Offer } from "#root/flows/form/offers.ts";
import { formOf } from "#root/flows/statement.ts";
import { esc } from "#root/bot/shared/html.ts";
import { langOf } from "#root/bot/shared/i18n.ts";
import type { ParentContext } from "#root/bot/parent/context.ts";
import { stepHeader } from "./header.ts";
import { showSchools } from "./school.ts";
import { askDocument } from "./documents.ts";
import { data } from "#root/bot/parent/callbacks.ts";

/**
 * An answer, and what to tell the parent once it is kept (HTML), before the next question;
 * `offered`: it came from the parent's profile (nothing new to save there).
 */
export type Answered = RawAnswer & { kept?: string; offered?: true };

/** The inline buttons of question `q` (not a school's or a document's): what the profile offers, then a choice's options. */
function buttonsOf(ctx: ParentContext, q: Question, offer: Offer): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  for (const o of offer.buttons) keyboard.text(ctx.t(o.label, o.args), data.choice(q.id, o.value)).row();
  if (q.kind === "choice" && q.field.kind === "choice") {
    for (const o of q.field.options) keyboard.text(ctx.t(o.label), data.choice(q.id, o.value)).row();
  }
  return keyboard;
}

/** The buttons of `q` again, for a reply that refuses an answer to it (the question may have scrolled away). */
export async function buttonsAgain(ctx: ParentContext, db: Db, app: Application, q: Question) {
  if (q.kind === "school" || q.kind === "files" || q.byContact) return {};
  return { reply_markup: buttonsOf(ctx, q, offerOf(q, formOf(app), await profileFor(db, app, q), langOf(ctx.session))) };
}

/**
 * Ask `q` of `app`'s form: "Step N of M · Stage", what the profile offers in one tap (unless
 * the parent declined it: `offer: false`), the question, its hint, its buttons (a school: the
 * lists; a document: its pages).
 */
export async function askQuestion(ctx: ParentContext, db: Db, app: Application, q: Question, opts: { offer?: boolean } = {}) {
  const tr = (key: string, vars?: Record<string, string | number>) => ctx.t(key, vars);
  const profile = opts.offer === false ? {} : await profileFor(db, app, q);
  const offer = offerOf(q, formOf(app), profile, langOf(ctx.session));
  if (q.kind === "school") {
    const first = offer.buttons.map((o) => ({ text: tr(o.label, o.args), data: data.school(Number(o.value)) }));
    return showSchools(ctx, db, app.serviceId, { kind: "regions" }, first);
  }
  const head = stepHeader(ctx, app.serviceId, q.stage);
  if (q.kind === "files") return askDocument(ctx, db, app, q, head);
  const keyboard = buttonsOf(ctx, q, offer);
  // What the offer says first (the parent's details the form will state), HTML-escaped.
  const lead = offer.lead.map((l) => tr(l.key, Object.fromEntries(Object.entries(l.args).map(([k, v]) => [k, esc(String(v))])))).join("");
  const hint = q.hint ? `\n<i>${tr(q.hint)}</i>` : "";
  const text = `${head}\n\n${lead ? `${lead}\n\n` : ""}${tr(offer.prompt ?? q.prompt)}${hint}`;
  // A phone is the parent's own contact, shared with Telegram's button (a draft made before the
  // profile's details were kept in it).
  const markup = q.byContact
    ? { reply_markup: new Keyboard().requestContact(tr("registration-share-phone")).resized().oneTime() }
    : { reply_markup: keyboard };
  await ctx.reply(text, { ...markup, link_preview_options: { is_disabled: true } });
}

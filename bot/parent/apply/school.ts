/**
 * The school question: its lists — region → district → school, paged, or the schools found by a
 * typed name or BIN — and its answer. A list is not an answer: where the parent is in the lists
 * is carried by the list's own buttons (nothing is kept for it, and the draft is not read for a
 * move in the list on screen); only a school's button answers the question, and not a school
 * where the child's application for the service stands.
 */
import { InlineKeyboard } from "grammy";
import type { Db } from "#root/db/client.ts";
import type { Application } from "#root/db/queries/applications.ts";
import { getSchool, listDistricts, listRegions, listSchools, searchSchools } from "#root/db/queries/schools.ts";
import { cleanText, type FieldResult } from "#root/flows/form.ts";
import type { Lang } from "#root/flows/i18n.ts";
import { esc } from "#root/bot/shared/html.ts";
import type { ParentContext } from "#root/bot/parent/context.ts";
import { data as cb, patterns } from "#root/bot/parent/callbacks.ts";
import { langOf, nameIn } from "#root/bot/shared/i18n.ts";
import { removeButtons } from "#root/bot/shared/keyboard.ts";
import { stepHeader } from "./header.ts";
import type { Answered } from "./question.ts";
import { standingAt } from "./standing.ts";

const PAGE = 8;

export type SchoolView =
  | { kind: "regions" }
  | { kind: "districts"; regionId: number }
  | { kind: "schools"; regionId: number; districtId: number; page: number }
  | { kind: "search"; query: string };

/** What a button of the lists does: show another list, or choose a school. */
export type SchoolMove = { kind: "view"; view: SchoolView } | { kind: "school"; id: number };

/** The move a button's data names, or undefined for anything else (a forged or foreign button). */
function schoolMove(data: string): SchoolMove | undefined {
  if (data === cb.schoolsBack) return { kind: "view", view: { kind: "regions" } };
  let m = patterns.region.exec(data);
  if (m) return { kind: "view", view: { kind: "districts", regionId: Number(m[1]) } };
  m = patterns.district.exec(data);
  if (m) return { kind: "view", view: { kind: "schools", regionId: Number(m[1]), districtId: Number(m[2]), page: 0 } };
  m = patterns.schoolsPage.exec(data);
  if (m) return { kind: "view", view: { kind: "schools", regionId: Number(m[1]), districtId: Number(m[2]), page: Number(m[3]) } };
  m = patterns.school.exec(data);
  return m ? { kind: "school", id: Number(m[1]) } : undefined;
}

/** A typed search: the cleaned query, or why it cannot be searched for. */
export function searchQuery(text: string): FieldResult {
  const q = cleanText(text);
  if (q.length > 100) return { ok: false, error: "apply-school-search-too-long" };
  return q.length >= 2 ? { ok: true, value: q } : { ok: false, error: "apply-school-search-too-short" };
}

interface Screen {
  items: Array<{ text: string; data: string }>;
  total: number;
  /** The list's title, when not the view's own (`apply-school-ask-<kind>`). */
  title?: string;
  prev?: string;
  next?: string;
  back?: string;
}

/** Regions and districts in the alphabetical order of the parent's language (they are read in Russian order). */
const inOrder = <T extends { nameKk: string; nameRu: string }>(lang: Lang, rows: T[]): T[] => {
  const collator = new Intl.Collator(lang);
  return rows.sort((a, b) => collator.compare(nameIn(lang, a), nameIn(lang, b)));
};

async function screenOf(db: Db, lang: Lang, view: SchoolView): Promise<Screen> {
  switch (view.kind) {
    case "regions": {
      const regions = inOrder(lang, await listRegions(db));
      return { items: regions.map((r) => ({ text: nameIn(lang, r), data: cb.region(r.id) })), total: regions.length };
    }
    case "districts": {
      const districts = inOrder(lang, await listDistricts(db, view.regionId));
      const items = districts.map((d) => ({ text: nameIn(lang, d), data: cb.district(view.regionId, d.id) }));
      return { items, total: districts.length, back: cb.schoolsBack };
    }
    case "schools": {
      const { items, total } = await listSchools(db, view.districtId, view.page, PAGE);
      const at = (page: number) => cb.schoolsPage(view.regionId, view.districtId, page);
      return {
        items: items.map((s) => ({ text: nameIn(lang, s), data: cb.school(s.id) })),
        total,
        ...(view.page > 0 ? { prev: at(view.page - 1) } : {}),
        ...((view.page + 1) * PAGE < total ? { next: at(view.page + 1) } : {}),
        back: cb.region(view.regionId),
      };
    }
    case "search": {
      const found = await searchSchools(db, view.query, PAGE);
      // Nothing found: the regions, to go on from; more than a list: the first ones, and a word to refine.
      if (found.total === 0) return { ...(await screenOf(db, lang, { kind: "regions" })), title: "apply-school-search-none" };
      const items = found.items.map((s) => ({ text: nameIn(lang, s), data: cb.school(s.id) }));
      const title = found.total > items.length ? "apply-school-ask-search-more" : undefined;
      return { items, total: found.total, back: cb.schoolsBack, ...(title ? { title } : {}) };
    }
  }
}

/** Send a list of the school question under its step header (`first`: schools offered above it, one tap each). */
export async function showSchools(ctx: ParentContext, db: Db, head: string, view: SchoolView, first: Screen["items"] = []): Promise<void> {
  const screen = await screenOf(db, langOf(ctx.session), view);
  const keyboard = new InlineKeyboard();
  for (const item of [...first, ...screen.items]) keyboard.text(item.text.slice(0, 60), item.data).row();
  const nav = [...(screen.prev ? [["◀", screen.prev]] : []), ...(screen.next ? [["▶", screen.next]] : [])];
  for (const [text, data] of nav) keyboard.text(text!, data!);
  if (nav.length) keyboard.row();
  if (screen.back) keyboard.text(ctx.t("apply-school-back"), screen.back);
  const query = view.kind === "search" ? esc(view.query) : "";
  const title = ctx.t(screen.title ?? `apply-school-ask-${view.kind}`, { query, count: screen.total, shown: screen.items.length });
  const sent = await ctx.reply(`${head}\n\n${title}\n<i>${ctx.t("apply-school-search-hint")}</i>`, { reply_markup: keyboard });
  if (ctx.session.current) ctx.session.current.prompt = sent.message_id;
}

/** A button of the school question: another list, or a school (not one where the child's application stands). */
export async function schoolButton(
  ctx: ParentContext,
  db: Db,
  app: Application,
  head: string,
  data: string,
): Promise<Answered | undefined> {
  // Only the list on screen is live (when the session knows which one it is).
  const prompt = ctx.session.current?.prompt;
  const move = prompt === undefined || ctx.callbackQuery?.message?.message_id === prompt ? schoolMove(data) : undefined;
  if (move?.kind === "view") return void (await showList(ctx, db, head, move.view));
  // A school's id from a button is an answer only when the school exists; it is named once kept.
  const school = move?.kind === "school" ? await getSchool(db, move.id) : undefined;
  if (!school) return void (await ctx.answerCallbackQuery({ text: ctx.t("button-outdated") }));
  // One application per child and service at a school: this one cannot be chosen again.
  const standing = await standingAt(db, app, school.id, new Date());
  if (!standing)
    return { button: String(school.id), kept: ctx.t("apply-school-chosen", { name: esc(nameIn(langOf(ctx.session), school)) }) };
  await ctx.answerCallbackQuery();
  const mine = standing.parentId === app.parentId;
  await ctx.reply(ctx.t(mine ? "apply-duplicate-school" : "apply-duplicate-school-other", { number: standing.number }), {
    ...(mine ? { reply_markup: { inline_keyboard: [[{ text: ctx.t("my-open"), callback_data: cb.myOpen(standing.id) }]] } } : {}),
  });
}

/** Another school list, in place of the tapped one. */
async function showList(ctx: ParentContext, db: Db, head: string, view: SchoolView): Promise<void> {
  await ctx.answerCallbackQuery();
  await removeButtons(ctx);
  await showSchools(ctx, db, head, view);
}

/**
 * A move in the school list on screen shows another list: it needs nothing from the draft (the
 * session knows the list's message and the form's step), so the draft is not read for it.
 */
export async function listMove(ctx: ParentContext, db: Db): Promise<boolean> {
  const c = ctx.session.current;
  const move = schoolMove(ctx.callbackQuery?.data ?? "");
  if (move?.kind !== "view" || !c?.service || c.prompt === undefined || ctx.callbackQuery?.message?.message_id !== c.prompt) return false;
  await showList(
    ctx,
    db,
    stepHeader((key, vars) => ctx.t(key, vars), c.service, "school"),
    move.view,
  );
  return true;
}

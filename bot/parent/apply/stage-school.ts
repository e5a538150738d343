/**
 * Step 3: the school — region → district → school, paged; or typed text searches by name or BIN
 * at any moment.
 */
import { InlineKeyboard } from "grammy";
import type { Db } from "../../../db/client.ts";
import { getSchool, listDistricts, listRegions, listSchools, searchSchools } from "../../../db/queries/schools.ts";
import { cleanText } from "../../../flows/form.ts";
import type { Lang } from "../../../flows/i18n.ts";
import { esc } from "../../shared/html.ts";
import { ask, say, type Step } from "./ask.ts";
import { finishStage, keepAnswers, type DraftView, type StageMode } from "./draft.ts";
import { stepHeader } from "./header.ts";

const PAGE = 8;
type Named = { id: number; nameKk: string; nameRu: string };
const nameIn = (lang: Lang, x: Named) => (lang === "kk" ? x.nameKk : x.nameRu);

type View = { kind: "regions" } | { kind: "districts"; regionId: number } | { kind: "schools"; regionId: number; districtId: number; page: number } | { kind: "search"; query: string };

export async function schoolStage(step: Step, db: Db, draft: DraftView, mode: StageMode): Promise<void> {
  const { tr, lang, conversation } = step;
  if (mode === "fill" && draft.form.school?.schoolId) return finishStage(step, db, draft, "school");
  const head = stepHeader(tr, draft.serviceId, "school");
  // Where the parent was in the lists: kept in the draft, so a restarted stage shows the same list.
  let view: View = (mode === "fill" && (draft.form.school?.nav as View | undefined)) || { kind: "regions" };
  for (;;) {
    const shown = view;
    const answer = await ask(step, {
      text: "",
      // The list is read, drawn and sent in one go; the conversation keeps only the message id
      // and the buttons' data, not every school's name.
      send: async () => {
        const screen = await render(db, lang, shown);
        const keyboard = new InlineKeyboard();
        for (const item of screen.items) keyboard.text(item.text.slice(0, 60), item.data).row();
        const nav: Array<[string, string]> = [];
        if (screen.prev) nav.push(["◀", "s:prev"]);
        if (screen.next) nav.push(["▶", "s:next"]);
        for (const [text, data] of nav) keyboard.text(text, data);
        if (nav.length) keyboard.row();
        if (shown.kind !== "regions") keyboard.text(tr("apply-school-back"), "s:back");
        const title = tr(`apply-school-ask-${shown.kind}`, { query: shown.kind === "search" ? esc(shown.query) : "", count: screen.total });
        const chatId = step.ctx.chat!.id;
        const message = await step.api.sendMessage(chatId, `${head}\n\n${title}\n<i>${tr("apply-school-search-hint")}</i>`, { parse_mode: "HTML", reply_markup: keyboard });
        return { id: message.message_id, buttons: keyboard.inline_keyboard.flat().flatMap((b) => ("callback_data" in b ? [b.callback_data] : [])) };
      },
      validate: (text) => {
        const q = cleanText(text);
        if (q.length > 100) return { ok: false, error: "apply-school-search-too-long" };
        return q.length >= 2 ? { ok: true, value: q } : { ok: false, error: "apply-school-search-too-short" };
      },
    });
    if (answer.kind === "text") {
      // A search is not an answer: it is not kept in the draft (only list positions are).
      view = { kind: "search", query: answer.value };
      continue;
    }
    if (answer.kind !== "button") continue;
    const [, what, idText] = answer.data.split(":");
    const id = Number(idText);
    const current = view as View;
    if (what === "r") view = { kind: "districts", regionId: id };
    else if (what === "d" && current.kind === "districts") view = { kind: "schools", regionId: current.regionId, districtId: id, page: 0 };
    else if ((what === "next" || what === "prev") && current.kind === "schools") {
      view = { ...current, page: Math.max(0, current.page + (what === "next" ? 1 : -1)) };
    } else if (what === "back") view = current.kind === "schools" ? { kind: "districts", regionId: current.regionId } : { kind: "regions" };
    if (what !== "sc") {
      await keepAnswers(step, db, draft, "school", { nav: view });
      await step.answered?.();
      continue;
    }
    const school = await conversation.external(async () => {
      const s = await getSchool(db, id);
      return s ? { id: s.id, name: nameIn(lang, s) } : null;
    });
    if (!school) continue;
    await keepAnswers(step, db, draft, "school", { schoolId: school.id }, { patch: { schoolId: school.id }, remove: ["nav"], finish: true });
    await say(step, tr("apply-school-chosen", { name: esc(school.name) }), { parse_mode: "HTML" });
    return;
  }
}

interface Screen {
  items: Array<{ text: string; data: string }>;
  total: number;
  prev: boolean;
  next: boolean;
}

async function render(db: Db, lang: Lang, view: View): Promise<Screen> {
  switch (view.kind) {
    case "regions": {
      const regions = await listRegions(db);
      return { items: regions.map((r) => ({ text: nameIn(lang, r), data: `s:r:${r.id}` })), total: regions.length, prev: false, next: false };
    }
    case "districts": {
      const districts = await listDistricts(db, view.regionId);
      return { items: districts.map((d) => ({ text: nameIn(lang, d), data: `s:d:${d.id}` })), total: districts.length, prev: false, next: false };
    }
    case "schools": {
      const { items, total } = await listSchools(db, view.districtId, view.page, PAGE);
      return {
        items: items.map((s) => ({ text: nameIn(lang, s), data: `s:sc:${s.id}` })),
        total,
        prev: view.page > 0,
        next: (view.page + 1) * PAGE < total,
      };
    }
    case "search": {
      const found = await searchSchools(db, view.query, PAGE);
      return { items: found.map((s) => ({ text: nameIn(lang, s), data: `s:sc:${s.id}` })), total: found.length, prev: false, next: false };
    }
  }
}

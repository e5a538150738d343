/**
 * The school question's lists — region → district → school, paged, or the schools found by a
 * typed name or BIN: what each list shows and where each of its buttons leads. A list is not an
 * answer; only a school's button answers the question. Names are in the parent's language, and
 * regions and districts in its alphabetical order (the database gives them in Russian order).
 */
import type { Db } from "#root/db/client.ts";
import type { Application } from "#root/db/queries/applications.ts";
import { getSchool, listDistricts, listRegions, listSchools, searchSchools } from "#root/db/queries/schools.ts";
import { standingAt } from "#root/flows/duplicates.ts";
import { nameIn, type Lang } from "#root/flows/i18n.ts";
import { cleanText } from "./clean.ts";
import type { RawAnswer } from "./engine.ts";
import { otherLayout } from "./layout.ts";
import type { KeyText } from "./prompts.ts";
import type { FieldResult } from "./types.ts";

/** Schools shown at once (a district's page, the first found). */
export const SCHOOLS_PAGE = 8;

export type SchoolView =
  | { kind: "regions" }
  | { kind: "districts"; regionId: number }
  | { kind: "schools"; regionId: number; districtId: number; page: number }
  | { kind: "search"; query: string };

/** A list a button leads to (a search is typed, not tapped). */
export type ListView = Exclude<SchoolView, { kind: "search" }>;

/** Where a button of a list leads: another list, or a school (the answer). */
export type SchoolMove = { kind: "view"; view: ListView } | { kind: "school"; id: number };

export interface SchoolList {
  /** The list's title (a locale key; its arguments: `query`, `count` = `total`, `shown`). */
  title: string;
  /** `place`: the school's district, beside its name where schools of many towns are listed (the schools found). */
  items: Array<{ name: string; place?: string; move: SchoolMove }>;
  /** How many there are in all (a district's schools, the schools found). */
  total: number;
  /** What was searched instead of the query typed, which found nothing: the query on the other keyboard layout. */
  searched?: string;
  prev?: ListView;
  next?: ListView;
  back?: ListView;
}

/** A typed search (a part of the school's name, its number, its district or region, or its BIN): the cleaned query, or why not. */
export function searchQuery(text: string): FieldResult {
  const q = cleanText(text);
  if (q.length > 100) return { ok: false, error: "apply-school-search-too-long" };
  // A school's number alone may be one digit ("1": school № 1).
  return q.length >= 2 || /^\d$/.test(q) ? { ok: true, value: q } : { ok: false, error: "apply-school-search-too-short" };
}

const inOrder = <T extends { nameKk: string; nameRu: string }>(lang: Lang, rows: T[]): T[] => {
  const collator = new Intl.Collator(lang);
  return rows.sort((a, b) => collator.compare(nameIn(lang, a), nameIn(lang, b)));
};

const view = (v: ListView): SchoolMove => ({ kind: "view", view: v });
const school = (lang: Lang) => (s: { id: number; nameKk: string; nameRu: string }) => ({
  name: nameIn(lang, s),
  move: { kind: "school", id: s.id } as const,
});

/** The list `v` shows, in `lang`. */
export async function schoolList(db: Db, lang: Lang, v: SchoolView): Promise<SchoolList> {
  const title = `apply-school-ask-${v.kind}`;
  switch (v.kind) {
    case "regions": {
      const items = inOrder(lang, await listRegions(db)).map((r) => ({
        name: nameIn(lang, r),
        move: view({ kind: "districts", regionId: r.id }),
      }));
      // No school imported yet (a new deployment): said so, not a question without a list to answer it.
      return { title: items.length > 0 ? title : "apply-school-none", items, total: items.length };
    }
    case "districts": {
      const districts = inOrder(lang, await listDistricts(db, v.regionId));
      const items = districts.map((d) => ({
        name: nameIn(lang, d),
        move: view({ kind: "schools", regionId: v.regionId, districtId: d.id, page: 0 }),
      }));
      return { title, items, total: items.length, back: { kind: "regions" } };
    }
    case "schools": {
      const { items, total } = await listSchools(db, v.districtId, v.page, SCHOOLS_PAGE);
      return {
        title,
        items: items.map(school(lang)),
        total,
        ...(v.page > 0 ? { prev: { ...v, page: v.page - 1 } } : {}),
        ...((v.page + 1) * SCHOOLS_PAGE < total ? { next: { ...v, page: v.page + 1 } } : {}),
        back: { kind: "districts", regionId: v.regionId },
      };
    }
    case "search": {
      let found = await searchSchools(db, v.query, SCHOOLS_PAGE);
      // Nothing found: perhaps typed on the other keyboard layout ("Fkvfns" for "Алматы") — searched once more so, only then.
      const other = otherLayout(v.query);
      const instead = found.total === 0 && other !== v.query ? await searchSchools(db, other, SCHOOLS_PAGE) : undefined;
      if (instead && instead.total > 0) found = instead;
      // Nothing found: the regions, to go on from; more than a list: the first ones, and a word to refine.
      if (found.total === 0) {
        const regions = await schoolList(db, lang, { kind: "regions" });
        return regions.total > 0 ? { ...regions, title: "apply-school-search-none" } : regions;
      }
      // One name is in many towns ("школа №1"): the schools found say where they are.
      const items = found.items.map((s) => ({ ...school(lang)(s), place: nameIn(lang, s.district) }));
      return {
        title: found.total > items.length ? "apply-school-ask-search-more" : title,
        items,
        total: found.total,
        back: { kind: "regions" },
        ...(found === instead ? { searched: other } : {}),
      };
    }
  }
}

/**
 * A school's button, tapped: the answer, and how the school is named once kept — or the child's
 * application for the service that stands at that school (it cannot be chosen again); undefined
 * for a school that does not exist.
 */
export async function chooseSchool(
  db: Db,
  app: Application,
  id: number,
  lang: Lang,
  now: Date,
): Promise<{ answer: RawAnswer; said: KeyText } | { standing: Application } | undefined> {
  const school = await getSchool(db, id);
  if (!school) return undefined;
  const standing = await standingAt(db, app, school.id, now);
  if (standing) return { standing };
  return { answer: { button: String(school.id) }, said: { key: "apply-school-chosen", args: { name: nameIn(lang, school) } } };
}

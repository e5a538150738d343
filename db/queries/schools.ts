import { and, asc, count, eq, getTableColumns, like, or, sql } from "drizzle-orm";
import type { Db } from "#root/db/client.ts";
import { cachedRead, schoolKey, writing } from "#root/db/read-cache.ts";
import { districts, regions, SEARCH_FOLD, schools } from "#root/db/schema.ts";

/** The rows as the app sees them: the folded `search_text` is the search's own, read by no one else. */
export type School = Omit<typeof schools.$inferSelect, "searchText">;
export type Region = Omit<typeof regions.$inferSelect, "searchText">;
export type District = Omit<typeof districts.$inferSelect, "searchText">;

const withoutSearchText = <T extends { searchText: unknown }>({ searchText: _, ...columns }: T) => columns;
const schoolColumns = withoutSearchText(getTableColumns(schools));
const regionColumns = withoutSearchText(getTableColumns(regions));
const districtColumns = withoutSearchText(getTableColumns(districts));

export interface SchoolRow {
  region: { kk: string; ru: string };
  district: { kk: string; ru: string };
  nameKk: string;
  nameRu: string;
  bin: string;
  isDemo?: boolean;
}

/** What an import did with each school: added, updated, or found as the file has it. */
export interface UpsertCounts {
  added: number;
  updated: number;
  unchanged: number;
}

/** Regions or districts per statement: 1,000 are 3,000 parameters (PostgreSQL takes 65,535). */
const CHUNK = 1_000;
const chunks = <T>(items: T[]): T[][] =>
  Array.from({ length: Math.ceil(items.length / CHUNK) }, (_, i) => items.slice(i * CHUNK, (i + 1) * CHUNK));

/** Insert or update one school by its BIN, creating its region and district as needed. */
export async function upsertSchool(db: Db, row: SchoolRow): Promise<"added" | "updated" | "unchanged"> {
  const counts = await upsertSchools(db, [row]);
  return counts.added ? "added" : counts.updated ? "updated" : "unchanged";
}

/**
 * Insert or update schools by their BINs, creating their regions and districts as needed, in one
 * transaction (a savepoint when `db` is a transaction): all of them are written, or none. A few
 * statements whatever the number of schools: the schools go as one JSON parameter, which
 * PostgreSQL unpacks (drizzle's multi-row VALUES, 42,000 parameters for 7,000 schools, took
 * several times longer).
 * A region (by its Russian name) or a district given twice with different Kazakh names gets the
 * later one, as when the rows were written one after another.
 */
export async function upsertSchools(db: Db, rows: SchoolRow[]): Promise<UpsertCounts> {
  writing("schools");
  try {
    return await db.transaction((tx) => upsertSchoolsIn(tx, rows));
  } finally {
    // The regions list is read again (a read begun before this write ends is dropped too).
    regionsKept.delete(db);
  }
}

async function upsertSchoolsIn(tx: Db, rows: SchoolRow[]): Promise<UpsertCounts> {
  const counts: UpsertCounts = { added: 0, updated: 0, unchanged: 0 };
  if (rows.length === 0) return counts;
  // One statement may not update a row twice: each region, district and BIN once, the last given.
  const regionNames = new Map(rows.map((r) => [r.region.ru, r.region.kk]));
  const regionIds = new Map<string, number>();
  for (const part of chunks([...regionNames])) {
    const written = await tx
      .insert(regions)
      .values(part.map(([nameRu, nameKk]) => ({ nameKk, nameRu })))
      .onConflictDoUpdate({ target: regions.nameRu, set: { nameKk: sql`excluded.name_kk` } })
      .returning({ id: regions.id, nameRu: regions.nameRu });
    for (const r of written) regionIds.set(r.nameRu, r.id);
  }
  const districtKey = (regionId: number, nameRu: string) => `${regionId}\u0000${nameRu}`;
  const districtNames = new Map(
    rows.map((r) => {
      const regionId = regionIds.get(r.region.ru)!;
      return [districtKey(regionId, r.district.ru), { regionId, nameKk: r.district.kk, nameRu: r.district.ru }];
    }),
  );
  const districtIds = new Map<string, number>();
  for (const part of chunks([...districtNames.values()])) {
    const written = await tx
      .insert(districts)
      .values(part)
      .onConflictDoUpdate({ target: [districts.regionId, districts.nameRu], set: { nameKk: sql`excluded.name_kk` } })
      .returning({ id: districts.id, regionId: districts.regionId, nameRu: districts.nameRu });
    for (const d of written) districtIds.set(districtKey(d.regionId, d.nameRu), d.id);
  }
  type Wanted = { bin: string; district_id: number; name_kk: string; name_ru: string; is_demo: boolean };
  const wanted = new Map<string, Wanted>(
    rows.map((r) => [
      r.bin,
      {
        bin: r.bin,
        district_id: districtIds.get(districtKey(regionIds.get(r.region.ru)!, r.district.ru))!,
        name_kk: r.nameKk,
        name_ru: r.nameRu,
        is_demo: r.isDemo ?? false,
      },
    ]),
  );
  const bins = JSON.stringify([...wanted.keys()]);
  const existing = await tx
    .select({ bin: schools.bin, districtId: schools.districtId, nameKk: schools.nameKk, nameRu: schools.nameRu, isDemo: schools.isDemo })
    .from(schools)
    .where(sql`${schools.bin} in (select json_array_elements_text(${bins}::json))`);
  const was = new Map(existing.map((s) => [s.bin, s]));
  const changed = [...wanted.values()].filter((s) => {
    const old = was.get(s.bin);
    const same =
      old && old.districtId === s.district_id && old.nameKk === s.name_kk && old.nameRu === s.name_ru && old.isDemo === s.is_demo;
    counts[!old ? "added" : same ? "unchanged" : "updated"]++;
    return !same;
  });
  if (changed.length > 0) {
    await tx.execute(sql`
      insert into schools (district_id, bin, name_kk, name_ru, is_demo)
      select district_id, bin, name_kk, name_ru, is_demo
        from json_to_recordset(${JSON.stringify(changed)}::json)
          as r(district_id int, bin text, name_kk text, name_ru text, is_demo boolean)
      on conflict (bin) do update set
        district_id = excluded.district_id, name_kk = excluded.name_kk, name_ru = excluded.name_ru, is_demo = excluded.is_demo,
        updated_at = now()`);
  }
  return counts;
}

export async function countSchools(db: Db): Promise<number> {
  const [row] = await db.select({ n: count() }).from(schools);
  return row?.n ?? 0;
}

/**
 * The regions (listed each time a form asks for the school) kept per database handle for a
 * minute: an import in this process clears them at once, in another process within the minute.
 */
const REGIONS_TTL_MS = 60_000;
const regionsKept = new WeakMap<Db, { until: number; rows: Promise<Region[]> }>();

export async function listRegions(db: Db): Promise<Region[]> {
  const now = Date.now();
  let entry = regionsKept.get(db);
  if (!entry || entry.until <= now) {
    const rows = (async () => await db.select(regionColumns).from(regions).orderBy(asc(regions.nameRu)))();
    const fresh = { until: now + REGIONS_TTL_MS, rows };
    regionsKept.set(db, fresh);
    rows.catch(() => regionsKept.get(db) === fresh && regionsKept.delete(db));
    entry = fresh;
  }
  // Callers may change what they got: never the kept list.
  return structuredClone(await entry.rows);
}

export async function listDistricts(db: Db, regionId: number): Promise<District[]> {
  return db.select(districtColumns).from(districts).where(eq(districts.regionId, regionId)).orderBy(asc(districts.nameRu));
}

/**
 * Schools in the order of their numbers, as parents know them (№ 2 before № 10, not after it as
 * in the names' alphabetical order), the ones without a number after them by name.
 */
const bySchoolNumber = [sql`substring(${schools.nameRu} from '[0-9]{1,6}')::int nulls last`, asc(schools.nameRu)];

/** One page of a district's schools, and the total for the pager. */
export async function listSchools(db: Db, districtId: number, page: number, pageSize = 8): Promise<{ items: School[]; total: number }> {
  const where = eq(schools.districtId, districtId);
  // The page and the district's total in one statement (the total is counted before the limit).
  const rows = await db
    .select({ school: schoolColumns, total: sql<number>`(count(*) over ())::int` })
    .from(schools)
    .where(where)
    .orderBy(...bySchoolNumber)
    .limit(pageSize)
    .offset(page * pageSize);
  if (rows.length > 0) return { items: rows.map((r) => r.school), total: rows[0]!.total };
  const [total] = await db.select({ n: count() }).from(schools).where(where);
  return { items: [], total: total?.n ?? 0 };
}

const FOLDED = new Map([...SEARCH_FOLD.from].map((c, i) => [c, SEARCH_FOLD.to[i] ?? ""]));

/** Text as the search compares it: folded as the directory's `search_text` is (see SEARCH_FOLD). */
const fold = (text: string): string => [...text.toLowerCase()].map((c) => FOLDED.get(c) ?? c).join("");

/**
 * School types as parents write them but the official names do not (СОШ, КГУ, ЖОББМ…), and the
 * word "school" itself (a gymnasium is "школа 14" to a parent): folded, as typed or read from Latin.
 */
const TYPE_WORDS = new Set(
  ["сош", "осш", "сш", "оош", "нш", "шг", "шл", "кгу", "гу", "кмм", "мм", "жоббм", "жббм", "ом", "нм"]
    .concat(["школа", "школу", "мектеп", "мектебі", "school"])
    .map(fold),
);

/** Latin letters that look like Cyrillic ones, inside a Cyrillic word ("мектебi" with a Latin i; "IT-лицей" is read as typed too). */
const LOOKALIKES: Record<string, string> = { a: "а", c: "с", e: "е", i: "и", o: "о", p: "р", x: "х", y: "у", k: "к" };

/**
 * A word typed in Latin letters, read as Cyrillic (folded afterwards): the Kazakh Latin alphabet
 * of 2021 (ä ğ ı ñ ö q ş ū ü; y is ы, ı is і: "mektebı") and the usual transliteration
 * ("Qaragandy", "Karaganda", "shkola", "gimnaziya"). The longest letters that fit are read first
 * (sh before s); y and i are й after a vowel ("Abay", "Abai", "Semei"), y is ы otherwise
 * ("Almaty"); e at the start may be э ("Ekibastuz") or е ("Esil"), so both.
 */
const LATIN: Array<[string, string]> = (
  "shch:щ sh:ш ch:ч zh:ж kh:х gh:ғ ts:ц ya:я yu:ю ye:е yo:ё a:а b:б c:ц d:д e:е f:ф g:г h:х i:и j:ж k:к l:л m:м n:н " +
  "o:о p:п q:қ r:р s:с t:т u:у v:в w:у x:кс y:ы z:з ä:ә ö:ө ü:ү ū:ұ ı:і ğ:ғ ş:ш ç:ч ñ:ң é:е"
)
  .split(" ")
  .map((pair) => pair.split(":") as [string, string]);

function fromLatin(word: string): string[] {
  let out = "";
  for (let i = 0; i < word.length; ) {
    const [latin, cyrillic] = LATIN.find(([l]) => word.startsWith(l, i)) ?? [word[i]!, word[i]!];
    out += (latin === "y" || latin === "i") && /[аәеиіоөуұүыэюя]$/.test(out) ? "й" : cyrillic;
    i += latin.length;
  }
  return out.startsWith("е") ? [out, `э${out.slice(1)}`] : [out];
}

type SearchWord = { number: string } | { spellings: string[] };

/**
 * The words of a school search: a school's number apart from what is written with it ("№25",
 * "школа25" → "25"), an ordinal's ending after it dropped ("25-ші", "25-я"), quotes and signs
 * dropped; at most six. Each word is a number, or the folded spellings any of which is enough:
 * the word itself, and for a word in Latin letters its Cyrillic reading too. A school type or the
 * word "school" (TYPE_WORDS) is left out, unless the query has nothing else.
 */
function searchWords(q: string): SearchWord[] {
  const words = q
    .replace(/(?<=\d)(?=\D)|(?<=\D)(?=\d)/g, " ")
    .replace(/(?<=\d) -(інші|ыншы|ші|шы|ая|ой|ый|ий|я|й)(?![\p{L}\d])/giu, " ")
    .replace(/[№#"'«»().,;:!?]/g, " ")
    .split(/\s+/)
    .map((w) => w.replace(/^[-–]+|[-–]+$/g, ""))
    .filter(Boolean)
    .slice(0, 6)
    .map((w): SearchWord => {
      if (/^\d+$/.test(w)) return { number: w.replace(/^0+(?=\d)/, "") };
      const lower = w.toLowerCase().normalize("NFC");
      if (/\p{Script=Cyrillic}/u.test(lower)) {
        const lookalikes = lower.replace(/[aceiopxyk]/g, (c) => LOOKALIKES[c]!);
        return { spellings: [...new Set([fold(lower), fold(lookalikes)])] };
      }
      if (/^[\p{Script=Latin}-]+$/u.test(lower)) return { spellings: [lower, ...fromLatin(lower).map(fold)] };
      return { spellings: [fold(lower)] };
    });
  const told = words.filter((w) => !("spellings" in w && w.spellings.some((s) => TYPE_WORDS.has(s))));
  return told.length > 0 ? told : words;
}

/**
 * Search by the exact BIN, or by words, each of which must be found: a number is a school's
 * number, whole ("1" finds № 1, not № 10 or № 21); other words are a part of the school's name,
 * or of its district's or region's (either language: "25 Алматы", "гимназия Қарағанды"). The
 * first `limit` found, and how many were.
 *
 * Forgiven, as parents type: a Kazakh letter written as its Russian look-alike, or the other way
 * round ("Караганды" finds "Қарағанды", "Ақтөбе" finds "Актобе"), ё for е, a soft sign left out
 * (SEARCH_FOLD, on the query and the names alike); a Latin look-alike in a Cyrillic word
 * ("мектебi"); a word in Latin letters ("Almaty", "Qaragandy", "shkola": either as typed or read
 * as Cyrillic); a school type the names do not say ("СОШ 14", "КГУ", "ЖОББМ") or the word "school"
 * ("школа 14" finds "Гимназия №14"), unless the query is nothing else. A mistyped letter is not
 * forgiven; the wrong keyboard layout is not here either (the school list searches again on the
 * other layout when nothing is found: flows/form/schools.ts).
 */
export async function searchSchools(
  db: Db,
  query: string,
  limit = 8,
): Promise<{ items: Array<School & { district: { nameKk: string; nameRu: string } }>; total: number }> {
  const q = query.trim();
  // A BIN, also as printed in groups ("9901 4000 0106").
  const bin = q.replace(/[\s-]/g, "");
  const byBin = /^\d{12}$/.test(bin);
  const words = byBin ? [] : searchWords(q);
  if (!byBin && words.length === 0) return { items: [], total: 0 };
  // The folded names (schools.search_text and its district's and region's; LIKE: they are lower case already).
  const found = words.map((w) => {
    if ("number" in w) {
      // The number's digits anywhere first: cheap, and few names are left for the expression.
      const number = `(^|[^0-9])${w.number}([^0-9]|$)`;
      return and(like(schools.searchText, `%${w.number}%`), sql`${schools.searchText} ~ ${number}`);
    }
    const texts = [schools.searchText, districts.searchText, regions.searchText];
    const parts = w.spellings.map((s) => `%${s.replace(/[\\%_]/g, (c) => "\\" + c)}%`);
    return or(...parts.flatMap((part) => texts.map((text) => like(text, part))));
  });
  // The first ones, with their districts (one name is in many towns), and the number found, in
  // one statement (counted before the limit).
  const rows = await db
    .select({
      school: schoolColumns,
      district: { nameKk: districts.nameKk, nameRu: districts.nameRu },
      total: sql<number>`(count(*) over ())::int`,
    })
    .from(schools)
    .innerJoin(districts, eq(districts.id, schools.districtId))
    .innerJoin(regions, eq(regions.id, districts.regionId))
    .where(byBin ? eq(schools.bin, bin) : and(...found))
    .orderBy(...bySchoolNumber)
    .limit(limit);
  return { items: rows.map((r) => ({ ...r.school, district: r.district })), total: rows[0]?.total ?? 0 };
}

export async function getSchool(db: Db, id: number): Promise<School | undefined> {
  return cachedRead(db, schoolKey(id), async () => (await db.select(schoolColumns).from(schools).where(eq(schools.id, id)))[0]);
}

export async function getSchoolByBin(db: Db, bin: string): Promise<School | undefined> {
  const [row] = await db.select(schoolColumns).from(schools).where(eq(schools.bin, bin));
  return row;
}

export async function getDistrict(db: Db, id: number): Promise<(District & { region: Region }) | undefined> {
  const [row] = await db
    .select({ d: districtColumns, r: regionColumns })
    .from(districts)
    .innerJoin(regions, eq(regions.id, districts.regionId))
    .where(and(eq(districts.id, id)));
  return row ? { ...row.d, region: row.r } : undefined;
}

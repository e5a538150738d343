/**
 * The school search as it was before names were compared folded (until 2026-12-07): six ILIKEs
 * per word over the names as stored. Kept only as bench/school-search.ts's reference, verbatim.
 */
import { and, asc, eq, ilike, or, sql } from "drizzle-orm";
import type { Db } from "#root/db/client.ts";
import type { School } from "#root/db/queries/schools.ts";
import { districts, regions, schools } from "#root/db/schema.ts";

const bySchoolNumber = [sql`substring(${schools.nameRu} from '[0-9]{1,6}')::int nulls last`, asc(schools.nameRu)];

/**
 * The words of a school search: a school's number apart from what is written with it ("№25",
 * "школа25" → "25"), an ordinal's ending after it dropped ("25-ші", "25-я"), quotes and signs
 * dropped; at most six.
 */
const searchWords = (q: string): string[] =>
  q
    .replace(/(?<=\d)(?=\D)|(?<=\D)(?=\d)/g, " ")
    .replace(/(?<=\d) -(інші|ыншы|ші|шы|ая|ой|ый|ий|я|й)(?![\p{L}\d])/giu, " ")
    .replace(/[№#"'«»().,;:!?]/g, " ")
    .split(/\s+/)
    .map((w) => w.replace(/^[-–]+|[-–]+$/g, ""))
    .filter(Boolean)
    .slice(0, 6);

/**
 * Search by the exact BIN, or by words, each of which must be found: a number is a school's
 * number, whole ("1" finds № 1, not № 10 or № 21); other words are a part of the school's name,
 * or of its district's or region's (either language: "25 Алматы", "гимназия Қарағанды"). The
 * first `limit` found, and how many were.
 */
export async function referenceSearch(
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
  const found = words.map((w) => {
    if (/^\d+$/.test(w)) {
      const number = `(^|[^0-9])${Number(w)}([^0-9]|$)`;
      return or(sql`${schools.nameRu} ~ ${number}`, sql`${schools.nameKk} ~ ${number}`);
    }
    const part = `%${w.replace(/[\\%_]/g, (c) => "\\" + c)}%`;
    const names = [schools.nameRu, schools.nameKk, districts.nameRu, districts.nameKk, regions.nameRu, regions.nameKk];
    return or(...names.map((name) => ilike(name, part)));
  });
  // The first ones, with their districts (one name is in many towns), and the number found, in
  // one statement (counted before the limit).
  const rows = await db
    .select({
      school: schools,
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

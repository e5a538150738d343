/**
 * The schools directory CSV: UTF-8, header `region,district,name_kk,name_ru,bin`, the BIN is the
 * key. Region and district may be given as "Kazakh name|Russian name" or as one name for both.
 */
import { CsvError, parse } from "csv-parse/sync";
import { isValidBin } from "./iin.ts";

export const SCHOOLS_CSV_HEADER = ["region", "district", "name_kk", "name_ru", "bin"] as const;

export interface ParsedSchool {
  line: number;
  region: { kk: string; ru: string };
  district: { kk: string; ru: string };
  nameKk: string;
  nameRu: string;
  bin: string;
}

export interface ParsedSchoolsCsv {
  rows: ParsedSchool[];
  rejected: Array<{ line: number; reason: string }>;
}

/**
 * Split CSV text into records (RFC 4180, csv-parse): quoted fields, doubled quotes, newlines
 * inside quotes, a BOM; blank lines skipped. Each record has the line it starts on. A file cut
 * inside a quoted field (an unclosed quote) is reported by its line, not thrown.
 */
export function parseCsvRecords(text: string): {
  records: Array<{ line: number; fields: string[] }>;
  broken?: { line: number; reason: string };
} {
  try {
    const parsed = parse(text, { bom: true, relax_column_count: true, skip_empty_lines: true, info: true }) as unknown as Array<{
      record: string[];
      info: { lines: number };
    }>;
    const records = parsed
      // csv-parse counts lines up to the end of a record: a record with newlines inside started earlier.
      .map(({ record, info }) => ({
        line: info.lines - record.reduce((n, f) => n + (f.match(/\r\n|\r|\n/g)?.length ?? 0), 0),
        fields: record,
      }))
      .filter((r) => r.fields.some((f) => f.trim() !== ""));
    return { records };
  } catch (err) {
    if (!(err instanceof CsvError)) throw err;
    const line = (err as CsvError & { lines?: number }).lines ?? 1;
    return { records: [], broken: { line, reason: `not a readable CSV: ${err.message}` } };
  }
}

function pair(value: string): { kk: string; ru: string } {
  const [kk, ru] = value.split("|").map((s) => s.trim());
  return { kk: kk!, ru: ru || kk! };
}

// A line break inside a quoted name is a space; other invisible characters go.
const clean = (s: string) =>
  s
    .replace(/[\t\n\r]+/g, " ")
    .replace(/[\u0000-\u001f\u007f\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]/g, "")
    .replace(/\s+/g, " ")
    .trim();

/** Parse and validate a schools CSV; every rejected row has its line number and a reason. */
export function parseSchoolsCsv(text: string): ParsedSchoolsCsv {
  const { records, broken } = parseCsvRecords(text);
  const rows: ParsedSchool[] = [];
  const rejected: ParsedSchoolsCsv["rejected"] = [];
  if (broken) return { rows, rejected: [broken] };
  const header = records.shift();
  const expected = SCHOOLS_CSV_HEADER.join(",");
  if (!header || header.fields.map((f) => f.trim().toLowerCase()).join(",") !== expected) {
    rejected.push({ line: header?.line ?? 1, reason: `the header must be "${expected}"` });
    return { rows, rejected };
  }
  const seen = new Map<string, number>();
  for (const { line, fields } of records) {
    if (fields.length !== SCHOOLS_CSV_HEADER.length) {
      rejected.push({ line, reason: `expected ${SCHOOLS_CSV_HEADER.length} fields, found ${fields.length}` });
      continue;
    }
    const [region, district, nameKk, nameRu, bin] = fields.map(clean) as [string, string, string, string, string];
    const missing = SCHOOLS_CSV_HEADER.filter((_, i) => [region, district, nameKk, nameRu, bin][i] === "");
    if (missing.length > 0) {
      rejected.push({ line, reason: `empty ${missing.join(", ")}` });
      continue;
    }
    if (!isValidBin(bin)) {
      rejected.push({ line, reason: `BIN "${bin}" is not 12 digits with a valid check digit` });
      continue;
    }
    if ([region, district, nameKk, nameRu].some((s) => s.length > 300)) {
      rejected.push({ line, reason: "a name is longer than 300 characters" });
      continue;
    }
    const first = seen.get(bin);
    if (first !== undefined) {
      rejected.push({ line, reason: `BIN ${bin} already appears on line ${first}` });
      continue;
    }
    seen.set(bin, line);
    rows.push({ line, region: pair(region), district: pair(district), nameKk, nameRu, bin });
  }
  return { rows, rejected };
}

/**
 * The schools directory CSV: UTF-8, header `region,district,name_kk,name_ru,bin`, the BIN is the
 * key. Region and district may be given as "Kazakh name|Russian name" or as one name for both.
 */
import { iinCheckDigit } from "./iin.ts";

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

/** Split CSV text into records (RFC 4180: quoted fields, doubled quotes, newlines inside quotes). */
export function parseCsvRecords(text: string): Array<{ line: number; fields: string[] }> {
  const records: Array<{ line: number; fields: string[] }> = [];
  let fields: string[] = [];
  let field = "";
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  const src = text.replace(/^\uFEFF/, "");
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    if (quoted) {
      if (c === '"' && src[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else {
        if (c === "\n") line++;
        field += c;
      }
    } else if (c === '"' && field === "") quoted = true;
    else if (c === ",") fields.push(field), (field = "");
    else if (c === "\n" || c === "\r") {
      if (c === "\r" && src[i + 1] === "\n") i++;
      fields.push(field);
      if (fields.some((f) => f.trim() !== "")) records.push({ line: recordLine, fields });
      fields = [];
      field = "";
      line++;
      recordLine = line;
    } else field += c;
  }
  fields.push(field);
  if (fields.some((f) => f.trim() !== "")) records.push({ line: recordLine, fields });
  return records;
}

/** A BIN: 12 digits whose last is the check digit (the same algorithm as the IIN). */
export function isValidBin(bin: string): boolean {
  return /^\d{12}$/.test(bin) && iinCheckDigit(bin.slice(0, 11)) === Number(bin[11]);
}

function pair(value: string): { kk: string; ru: string } {
  const [kk, ru] = value.split("|").map((s) => s.trim());
  return { kk: kk!, ru: ru || kk! };
}

const clean = (s: string) => s.replace(/[\u0000-\u001f\u007f\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]/g, "").replace(/\s+/g, " ").trim();

/** Parse and validate a schools CSV; every rejected row has its line number and a reason. */
export function parseSchoolsCsv(text: string): ParsedSchoolsCsv {
  const records = parseCsvRecords(text);
  const rows: ParsedSchool[] = [];
  const rejected: ParsedSchoolsCsv["rejected"] = [];
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

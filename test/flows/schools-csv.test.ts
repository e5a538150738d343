import { describe, expect, it } from "vitest";
import { isValidBin } from "#root/flows/iin.ts";
import { parseSchoolsCsv } from "#root/flows/schools-csv.ts";

const HEADER = "region,district,name_kk,name_ru,bin";

describe("schools CSV", () => {
  it("reads quoted names with commas and quotes, and kk|ru pairs for region and district", () => {
    const csv = `${HEADER}\nАлматы қаласы|город Алматы,Алмалы ауданы|Алмалинский район,"№1 мектеп, гимназия","Школа ""№1""",990140000106\n`;
    const { rows, rejected } = parseSchoolsCsv(csv);
    expect(rejected).toEqual([]);
    expect(rows).toEqual([
      {
        line: 2,
        region: { kk: "Алматы қаласы", ru: "город Алматы" },
        district: { kk: "Алмалы ауданы", ru: "Алмалинский район" },
        nameKk: "№1 мектеп, гимназия",
        nameRu: 'Школа "№1"',
        bin: "990140000106",
      },
    ]);
  });

  it("rejects bad rows with their line number and a reason, keeping the good ones", () => {
    const csv = [
      HEADER,
      "R,D,A,B,990140000106",
      "R,D,A,B,990140000107",
      "R,D,A",
      "R,D,,B,990140000205",
      "R,D,A,B,990140000106",
      "",
      "R,D,C,E,990140000205",
    ].join("\r\n");
    const { rows, rejected } = parseSchoolsCsv(csv);
    expect(rows.map((r) => r.line)).toEqual([2, 8]);
    expect(rejected).toEqual([
      { line: 3, reason: expect.stringContaining("check digit") },
      { line: 4, reason: "expected 5 fields, found 3" },
      { line: 5, reason: "empty name_kk" },
      { line: 6, reason: "BIN 990140000106 already appears on line 2" },
    ]);
  });

  it("names a row by the line it starts on when a quoted name holds a line break, and reads a file saved with a BOM", () => {
    const csv = `\uFEFF${HEADER}\nR,D,"Бірінші\nмектеп",B,990140000106\nR,D,A,B,990140000107\n`;
    const { rows, rejected } = parseSchoolsCsv(csv);
    expect(rows.map((r) => [r.line, r.nameKk])).toEqual([[2, "Бірінші мектеп"]]);
    expect(rejected).toEqual([{ line: 4, reason: expect.stringContaining("check digit") }]);
  });

  it("reports a file cut inside a quoted name instead of reading half of it", () => {
    const { rows, rejected } = parseSchoolsCsv(`${HEADER}\nR,D,A,B,990140000106\nR,D,"unclosed,B,990140000205\n`);
    expect(rows).toEqual([]);
    expect(rejected).toEqual([{ line: expect.any(Number), reason: expect.stringContaining("not a readable CSV") }]);
  });

  it("refuses a file with the wrong header", () => {
    expect(parseSchoolsCsv("bin,name\n1,2").rejected[0]).toEqual({ line: 1, reason: `the header must be "${HEADER}"` });
  });

  it("checks the BIN's check digit", () => {
    expect(isValidBin("990140000106")).toBe(true);
    expect(isValidBin("990140000107")).toBe(false);
    expect(isValidBin("99014000010")).toBe(false);
  });
});

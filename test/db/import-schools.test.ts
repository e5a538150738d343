/**
 * A schools file is imported whole or not at all: a file with a bad row — one the parser rejects
 * or one the database refuses — leaves the schools list as it was and names every bad row; a
 * valid file is applied in full.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asc, sql } from "drizzle-orm";
import type { Database } from "#root/db/client.ts";
import { importSchools } from "#root/db/import-schools.ts";
import { listRegions } from "#root/db/queries/schools.ts";
import { districts, regions, schools } from "#root/db/schema.ts";
import { backends } from "#root/test/helpers/databases.ts";

const HEADER = "region,district,name_kk,name_ru,bin";
const BEFORE = `${HEADER}
Алматы қаласы|город Алматы,Алмалы ауданы|Алмалинский район,№1 мектеп,Школа №1,990140000106
Алматы қаласы|город Алматы,Алмалы ауданы|Алмалинский район,№2 мектеп,Школа №2,990140000205
`;
// Line 2 renames a school, lines 3 to 6 add four in a new region; lines 4 and 6 have long names.
const LONG = "Общеобразовательная школа-гимназия с углублённым изучением языков №";
const NEXT = `${HEADER}
Алматы қаласы|город Алматы,Алмалы ауданы|Алмалинский район,№1 мектеп-гимназия,Школа-гимназия №1,990140000106
Абай облысы|Абайская область,Семей қаласы|город Семей,№3 мектеп,Школа №3,990140000304
Абай облысы|Абайская область,Семей қаласы|город Семей,№4 мектеп,${LONG}4,990140000403
Абай облысы|Абайская область,Семей қаласы|город Семей,№5 мектеп,Школа №5,990140000502
Абай облысы|Абайская область,Семей қаласы|город Семей,№6 мектеп,${LONG}6,990140000601
`;

describe.each(backends)("importing a schools file on $name", (backend) => {
  let database: Database & { dispose(): Promise<void> };
  let db: Database["db"];
  beforeAll(async () => {
    database = await backend.open();
    db = database.db;
    expect(await importSchools(db, BEFORE)).toEqual({ added: 2, updated: 0, unchanged: 0, rejected: [] });
  });
  afterAll(() => database?.dispose());

  /** The schools list as parents and staff see it: regions, districts, schools, every column. */
  const directory = async () => ({
    regions: await db.select().from(regions).orderBy(asc(regions.id)),
    districts: await db.select().from(districts).orderBy(asc(districts.id)),
    schools: await db.select().from(schools).orderBy(asc(schools.id)),
  });

  it("changes nothing when the database refuses a row, and names every refused row's line", async () => {
    const before = await directory();
    const regionsShown = await listRegions(db);
    // A rule the database keeps and the file's check does not know (its names may be 300 long).
    await db.execute(sql`alter table schools add constraint short_school_names check (char_length(name_ru) <= 60)`);
    try {
      const report = await importSchools(db, NEXT);
      expect(report).toEqual({
        added: 0,
        updated: 0,
        unchanged: 0,
        rejected: [
          { line: 4, reason: expect.stringContaining('"short_school_names"') },
          { line: 6, reason: expect.stringContaining('"short_school_names"') },
        ],
      });
    } finally {
      await db.execute(sql`alter table schools drop constraint short_school_names`);
    }
    expect(await directory()).toEqual(before);
    expect(await listRegions(db)).toEqual(regionsShown);
  });

  it("changes nothing when the file has a bad row, and names every bad row's line", async () => {
    const before = await directory();
    const bad = NEXT.replace("990140000502", "990140000500") + "А,Б,В,Г\n";
    expect(await importSchools(db, bad)).toEqual({
      added: 0,
      updated: 0,
      unchanged: 0,
      rejected: [
        { line: 5, reason: 'BIN "990140000500" is not 12 digits with a valid check digit' },
        { line: 7, reason: "expected 5 fields, found 4" },
      ],
    });
    expect(await directory()).toEqual(before);
  });

  it("applies a valid file in full: every school added or updated, the others kept", async () => {
    expect(await importSchools(db, NEXT)).toEqual({ added: 4, updated: 1, unchanged: 0, rejected: [] });
    const after = await directory();
    expect(after.schools.map((s) => [s.bin, s.nameRu])).toEqual([
      ["990140000106", "Школа-гимназия №1"],
      ["990140000205", "Школа №2"],
      ["990140000304", "Школа №3"],
      ["990140000403", `${LONG}4`],
      ["990140000502", "Школа №5"],
      ["990140000601", `${LONG}6`],
    ]);
    expect(after.regions.map((r) => r.nameRu)).toEqual(["город Алматы", "Абайская область"]);
    expect((await listRegions(db)).map((r) => r.nameRu)).toEqual(["Абайская область", "город Алматы"]);
    expect(await importSchools(db, NEXT)).toEqual({ added: 0, updated: 0, unchanged: 5, rejected: [] });
  });
});

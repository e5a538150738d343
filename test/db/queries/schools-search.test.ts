/**
 * A parent finds their school by what they know of it: its number ("1", "№ 25", "школа 25",
 * "25-мектеп"), a part of its name, its city or district — in Russian or Kazakh — or its BIN;
 * typed as parents type: Kazakh letters as their Russian look-alikes ("Караганды" for
 * "Қарағанды"), with a school type the names do not say ("СОШ 14", "школа 14" for a gymnasium),
 * or in Latin letters ("Almaty", "Qaragandy").
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "#root/db/client.ts";
import { importSchools } from "#root/db/import-schools.ts";
import { listDistricts, listRegions, listSchools, searchSchools } from "#root/db/queries/schools.ts";
import { searchQuery } from "#root/flows/form/schools.ts";
import { backends } from "#root/test/helpers/databases.ts";

const CSV = `region,district,name_kk,name_ru,bin
Алматы қаласы|город Алматы,Алмалы ауданы|Алмалинский район,№1 жалпы білім беретін мектеп,Общеобразовательная школа №1,990140000106
Алматы қаласы|город Алматы,Алмалы ауданы|Алмалинский район,№12 мектеп-гимназия,Школа-гимназия №12,990140000205
Алматы қаласы|город Алматы,Бостандық ауданы|Бостандыкский район,№121 жалпы білім беретін мектеп,Общеобразовательная школа №121,990140000304
Астана қаласы|город Астана,Есіл ауданы|Есильский район,№1 гимназия,Гимназия №1,990140000403
Астана қаласы|город Астана,Есіл ауданы|Есильский район,№25 мектеп-лицей,Школа-лицей №25,990140000502
Алматы қаласы|город Алматы,Алмалы ауданы|Алмалинский район,№2 жалпы білім беретін мектеп,Общеобразовательная школа №2,990140000601
Алматы қаласы|город Алматы,Бостандық ауданы|Бостандыкский район,Абай атындағы гимназия,Гимназия имени Абая,990140000700
`;

describe.each(backends)("school search on $name", (backend) => {
  let database: Database & { dispose(): Promise<void> };
  beforeAll(async () => {
    database = await backend.open();
    await importSchools(database.db, CSV);
  });
  afterAll(() => database?.dispose());
  const found = async (q: string) => (await searchSchools(database.db, q)).items.map((s) => s.bin.slice(-3)).sort();

  it("finds a school by its number, whole: «1» is № 1, not № 12 or № 121", async () => {
    expect(await found("1")).toEqual(["106", "403"]);
    expect(await found("2")).toEqual(["601"]);
    expect(await found("№12")).toEqual(["205"]);
    expect(await found("школа 121")).toEqual(["304"]);
    expect(await found("школа121")).toEqual(["304"]);
    expect(await found("25-мектеп")).toEqual(["502"]);
    expect(await found("25-ші мектеп")).toEqual(["502"]);
    expect(await found("121-я школа")).toEqual(["304"]);
    expect(searchQuery("1")).toEqual({ ok: true, value: "1" });
    expect(searchQuery("ш")).toMatchObject({ ok: false });
  });

  it("takes every word: a number with a city or district, a part of the name, in either language", async () => {
    expect(await found("1 Астана")).toEqual(["403"]);
    // One name is in many towns: each school found comes with its district.
    const ones = (await searchSchools(database.db, "1")).items.map((s) => `${s.nameRu} · ${s.district.nameRu}`);
    expect(ones).toEqual(["Гимназия №1 · Есильский район", "Общеобразовательная школа №1 · Алмалинский район"]);
    expect(await found("№ 1 Алматы")).toEqual(["106"]);
    expect(await found("гимназия Алмалинский")).toEqual(["205"]);
    expect(await found("Есіл ауданы")).toEqual(["403", "502"]);
    expect(await found("жалпы Бостандық")).toEqual(["304"]);
    expect(await found("лицей 1")).toEqual([]);
  });

  it("finds by the exact BIN, and treats signs in the query as text", async () => {
    expect(await found("990140000502")).toEqual(["502"]);
    expect(await found("9901 4000 0502")).toEqual(["502"]);
    expect(await found("%")).toEqual([]);
    expect(await found("_")).toEqual([]);
    expect(await found("№")).toEqual([]);
  });

  it("lists a district's schools in the order of their numbers (№ 2 before № 12), the ones without a number last", async () => {
    const db = database.db;
    const almaty = (await listRegions(db)).find((r) => r.nameRu === "город Алматы")!;
    const names = async (district: string) => {
      const d = (await listDistricts(db, almaty.id)).find((x) => x.nameRu === district)!;
      return (await listSchools(db, d.id, 0, 8)).items.map((s) => s.nameRu);
    };
    expect(await names("Алмалинский район")).toEqual([
      "Общеобразовательная школа №1",
      "Общеобразовательная школа №2",
      "Школа-гимназия №12",
    ]);
    expect(await names("Бостандыкский район")).toEqual(["Общеобразовательная школа №121", "Гимназия имени Абая"]);
    expect((await searchSchools(db, "Алматы")).items.map((s) => s.nameRu)).toEqual([
      "Общеобразовательная школа №1",
      "Общеобразовательная школа №2",
      "Школа-гимназия №12",
      "Общеобразовательная школа №121",
      "Гимназия имени Абая",
    ]);
  });
});

// The official names as a directory gives them (one Kazakh name typed without Kazakh letters, as
// some are): the city of Karaganda named in Kazakh only, Aktobe in its region's Kazakh name only.
const EVERYDAY_CSV = `region,district,name_kk,name_ru,bin
Қарағанды облысы|Карагандинская область,Қазыбек би ауданы|район имени Казыбек би,Қарағанды қаласының №7 мектебі,Школа №7,990140001015
Қарағанды облысы|Карагандинская область,Қарағанды қаласы|город Караганда,№3 мектеп-лицей,Школа-лицей №3,990140001025
Ақтөбе облысы|Актюбинская область,Алға ауданы|Алгинский район,№5 орта мектеп,Средняя школа №5,990140001035
Алматы қаласы|город Алматы,Алмалы ауданы|Алмалинский район,№14 гимназия,Гимназия №14,990140001045
Алматы қаласы|город Алматы,Алмалы ауданы|Алмалинский район,Магжан Жумабаев атындагы гимназия,Гимназия имени М. Жумабаева,990140001055
Алматы қаласы|город Алматы,Бостандық ауданы|Бостандыкский район,№14 жалпы білім беретін мектеп,Общеобразовательная школа №14,990140001065
Абай облысы|область Абай,Семей қаласы|город Семей,Абай атындағы гимназия,Гимназия имени Абая,990140001075
Маңғыстау облысы|Мангистауская область,Ақтау қаласы|город Актау,№9 IT-лицей,IT-лицей №9,990140001085
`;

describe.each(backends)("school search as parents type it, on $name", (backend) => {
  let database: Database & { dispose(): Promise<void> };
  beforeAll(async () => {
    database = await backend.open();
    await importSchools(database.db, EVERYDAY_CSV);
  });
  afterAll(() => database?.dispose());
  const found = async (q: string) => (await searchSchools(database.db, q)).items.map((s) => s.bin.slice(-3)).sort();

  it("forgives Kazakh letters typed as their Russian look-alikes, in the query and in the names", async () => {
    expect(await found("Караганды")).toEqual(["015", "025"]);
    expect(await found("караганды 7")).toEqual(["015"]);
    expect(await found("Актобе")).toEqual(["035"]);
    expect(await found("АКТОБЕ 5")).toEqual(["035"]);
    // "мектебі" typed with и, or with a Latin i.
    expect(await found("мектеби")).toEqual(["015"]);
    expect(await found("мектебi")).toEqual(["015"]);
    expect(await found("it-лицей")).toEqual(["085"]);
    // The name typed without Kazakh letters, the query with them.
    expect(await found("Мағжан Жұмабаев")).toEqual(["055"]);
    expect(await found("Алмалы")).toEqual(["045", "055"]);
  });

  it("does not require the school's type or the word «school» beside the number or the town", async () => {
    expect(await found("школа 14 Алматы")).toEqual(["045", "065"]);
    expect(await found("школа 14 Алмалы")).toEqual(["045"]);
    expect(await found("СОШ 14 Алмалинский")).toEqual(["045"]);
    expect(await found("сош№14 Алмалинский")).toEqual(["045"]);
    expect(await found("КГУ ОСШ №7")).toEqual(["015"]);
    expect(await found("мектеп 5")).toEqual(["035"]);
    expect(await found("мектебі 14 Алмалы")).toEqual(["045"]);
    expect(await found("school 3")).toEqual(["025"]);
    // Only such words: searched by them.
    expect(await found("мектеп")).toEqual(["025", "035", "065"]);
    expect(await found("школа")).toEqual(["015", "025", "035", "065"]);
    expect(await found("СОШ")).toEqual([]);
    // Any other word still must be found.
    expect(await found("школа 14 лицей")).toEqual([]);
  });

  it("reads a word typed in Latin letters as its Kazakh or Russian spelling", async () => {
    expect(await found("Almaty")).toEqual(["045", "055", "065"]);
    expect(await found("Qaragandy")).toEqual(["015", "025"]);
    expect(await found("Karaganda")).toEqual(["025"]);
    expect(await found("Aqtöbe")).toEqual(["035"]);
    expect(await found("Aktobe 5")).toEqual(["035"]);
    expect(await found("shkola 14 Almaty")).toEqual(["045", "065"]);
    expect(await found("gimnaziya 14")).toEqual(["045"]);
    expect(await found("mektep")).toEqual(["025", "035", "065"]);
    expect(await found("mektebı")).toEqual(["015"]);
    expect(await found("litsey")).toEqual(["025", "085"]);
    expect(await found("Magzhan Zhumabaev")).toEqual(["055"]);
    expect(await found("Bostandyk 14")).toEqual(["065"]);
    expect(await found("Kazybek bi")).toEqual(["015"]);
    expect(await found("Abai Semei")).toEqual(["075"]);
    expect(await found("Abay Semey")).toEqual(["075"]);
    expect(await found("990140001035")).toEqual(["035"]);
  });
});

/**
 * The school question before any school is imported (a new deployment): the parent is told the list
 * is not loaded yet and that their answers are kept — not asked to choose from a list with nothing
 * in it, nor to search for a school that cannot be found; once schools are imported, the list is there,
 * and a school is found by what a parent types.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { importSchools } from "#root/db/import-schools.ts";
import { schoolPrompt } from "#root/flows/form/prompts.ts";
import { schoolList } from "#root/flows/form/schools.ts";
import { backends } from "#root/test/helpers/databases.ts";
import { seedSchool } from "#root/test/helpers/fixtures.ts";

describe.each(backends)("the school lists on $name", (backend) => {
  let database: Awaited<ReturnType<typeof backend.open>>;
  beforeEach(async () => {
    database = await backend.open();
  });
  afterEach(() => database.dispose());

  it("without any school: says the list is not loaded yet, with no buttons and no hint to search", async () => {
    for (const view of [{ kind: "regions" as const }, { kind: "search" as const, query: "25 Алматы" }]) {
      const list = await schoolList(database.db, "kk", view);
      expect(list).toMatchObject({ title: "apply-school-none", items: [], total: 0 });
      const prompt = schoolPrompt("meals", list, "");
      expect(prompt.ask).toMatchObject({ key: "apply-school-none" });
      expect(prompt.hint).toBeUndefined();
      expect(prompt.rows).toEqual([]);
    }
  });

  it("with schools imported: the regions to choose from, and a search that finds nothing offers them", async () => {
    await seedSchool(database.db, "990140000777");
    const regions = await schoolList(database.db, "ru", { kind: "regions" });
    expect(regions.title).toBe("apply-school-ask-regions");
    expect(regions.items.map((i) => i.name)).toContain("город Алматы");
    expect(schoolPrompt("meals", regions, "").hint).toBe("apply-school-search-hint");
    const none = await schoolList(database.db, "ru", { kind: "search", query: "Несуществующая гимназия" });
    expect(none.title).toBe("apply-school-search-none");
    expect(none.total).toBeGreaterThan(0);
  });

  it("a school found by the parent's own words: «школа 14 Almaty» is Гимназия №14, named in the parent's language", async () => {
    await importSchools(
      database.db,
      `region,district,name_kk,name_ru,bin
Алматы қаласы|город Алматы,Алмалы ауданы|Алмалинский район,№14 гимназия,Гимназия №14,990140001045
Ақтөбе облысы|Актюбинская область,Алға ауданы|Алгинский район,№14 орта мектеп,Средняя школа №14,990140001035
`,
    );
    const list = await schoolList(database.db, "kk", { kind: "search", query: "школа 14 Almaty" });
    expect(list.title).toBe("apply-school-ask-search");
    expect(list.items.map((i) => [i.name, i.place])).toEqual([["№14 гимназия", "Алмалы ауданы"]]);
    const aktobe = await schoolList(database.db, "ru", { kind: "search", query: "СОШ 14 Актобе" });
    expect(aktobe.items.map((i) => [i.name, i.place])).toEqual([["Средняя школа №14", "Алгинский район"]]);
  });

  it("typed on the wrong keyboard layout: the schools meant, and what was searched instead; a right query is searched once", async () => {
    await importSchools(
      database.db,
      `region,district,name_kk,name_ru,bin
Алматы қаласы|город Алматы,Алмалы ауданы|Алмалинский район,№25 жалпы білім беретін мектеп,Общеобразовательная школа №25,990140002519
Астана қаласы|город Астана,Есіл ауданы|Есильский район,№7 гимназия,Гимназия №7,990140000700
`,
    );
    // The statements the list reads (a search is one).
    let selects = 0;
    const db = new Proxy(database.db, {
      get(target, name, receiver) {
        if (name === "select") selects++;
        return Reflect.get(target, name, receiver);
      },
    });
    const search = async (query: string) => {
      selects = 0;
      const list = await schoolList(db, "ru", { kind: "search", query });
      return { title: list.title, names: list.items.map((i) => i.name), searched: list.searched, selects };
    };
    const no25 = ["Общеобразовательная школа №25"];
    expect(await search("Fkvfns")).toEqual({ title: "apply-school-ask-search", names: no25, searched: "Алматы", selects: 2 });
    expect(await search("cji 25")).toEqual({ title: "apply-school-ask-search", names: no25, searched: "сош 25", selects: 2 });
    expect(await search("ubvyfpbz")).toMatchObject({ names: ["Гимназия №7"], searched: "гимназия" });
    expect(await search("Фдьфен 25")).toMatchObject({ names: no25, searched: "Almaty 25" });
    // Found as typed: as before, one statement, nothing said of a layout.
    expect(await search("сош 25 Алматы")).toEqual({ title: "apply-school-ask-search", names: no25, searched: undefined, selects: 1 });
    expect(await search("Almaty")).toMatchObject({ names: no25, searched: undefined, selects: 1 });
    // Found on neither layout: nothing, as before; a number alone is not searched again (the regions, read once, are kept).
    expect(await search("Hogwarts")).toMatchObject({ title: "apply-school-search-none", searched: undefined });
    expect(await search("99")).toMatchObject({ title: "apply-school-search-none", selects: 1 });
  });
});

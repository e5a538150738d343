/** How the operator's commands name a school: both languages' names (once when they are the same) and the BIN. */
import { describe, expect, it } from "vitest";
import { schoolLabel } from "#root/scripts/lib/school.ts";

describe("schoolLabel", () => {
  it("gives the Russian and the Kazakh name, then the BIN", () => {
    expect(schoolLabel({ nameRu: "Школа №4", nameKk: "№4 мектеп", bin: "990140000403" })).toBe("Школа №4 / №4 мектеп (990140000403)");
  });

  it("gives a name once when both languages spell it the same", () => {
    expect(schoolLabel({ nameRu: "IT-лицей №1", nameKk: "IT-лицей №1", bin: "990140000106" })).toBe("IT-лицей №1 (990140000106)");
  });
});

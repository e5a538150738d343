/**
 * A school search typed on the wrong keyboard layout, read as the parent meant it: the English
 * layout's "Fkvfns" is "Алматы", the Russian layout's "Фдьфен" is "Almaty" — a school's number
 * kept as typed.
 */
import { describe, expect, it } from "vitest";
import { otherLayout } from "#root/flows/form/layout.ts";

describe("otherLayout", () => {
  it("reads Latin letters typed for Cyrillic ones on ЙЦУКЕН, capitals kept", () => {
    expect(otherLayout("Fkvfns")).toBe("Алматы");
    expect(otherLayout("fkvfns")).toBe("алматы");
    expect(otherLayout("ubvyfpbz")).toBe("гимназия");
    expect(otherLayout("RFHFUFYLF")).toBe("КАРАГАНДА");
  });

  it("reads the keys that are letters on ЙЦУКЕН as those letters: [ ] ; ' , . ` and shifted", () => {
    expect(otherLayout("ubvyfpb.")).toBe("гимназию");
    expect(otherLayout("j,k")).toBe("обл");
    expect(otherLayout("{hjvnfe")).toBe("Хромтау");
    expect(otherLayout("'rb,fcnep")).toBe("экибастуз");
    expect(otherLayout('"rb,fcnep')).toBe("Экибастуз");
    expect(otherLayout("gjl]tv ;bdjq `;br <fk[fi")).toBe("подъем живой ёжик Балхаш");
  });

  it("reads Cyrillic letters typed for Latin ones on QWERTY", () => {
    expect(otherLayout("Фдьфен")).toBe("Almaty");
    expect(otherLayout("ырлщдф")).toBe("shkola");
  });

  it("keeps digits, spaces and a word without letters; converts only the letters of a word with digits", () => {
    expect(otherLayout("cji 25")).toBe("сош 25");
    expect(otherLayout("cji25 Fkvfns")).toBe("сош25 Алматы");
    expect(otherLayout("25-ji")).toBe("25-ош");
    expect(otherLayout("№ 25, 990140000502")).toBe("№ 25, 990140000502");
    expect(otherLayout("Фдьфен 7")).toBe("Almaty 7");
  });

  it("leaves a Kazakh letter, which is on neither layout, as it is", () => {
    expect(otherLayout("Қфкфпфтвн")).toBe("Қaragandy");
  });
});

/**
 * Grammar that breaks with the values filled in at run time: a school's real name, a number, a
 * date. The text must read correctly whatever the value is.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { LOCALES_DIR, t } from "#root/flows/i18n.ts";

const SCHOOL = "Общеобразовательная школа №1";

describe("run-time values in Kazakh and Russian", () => {
  it("the statement's addressee reads correctly with a school name that is a noun phrase of its own", () => {
    expect(t("ru", "statement-to-director", { school: SCHOOL })).toBe(`Директору организации образования «${SCHOOL}»`);
    expect(t("kk", "statement-to-director", { school: "№1 жалпы білім беретін мектеп" })).toBe(
      "«№1 жалпы білім беретін мектеп» білім беру ұйымының директорына",
    );
  });

  it("no Kazakh message attaches a case suffix or a postposition that agrees with a number or date filled in at run time", () => {
    // \b knows only ASCII letters: a Kazakh word ends where a space, a punctuation mark or the line does.
    const end = String.raw`(?=[\s.,;:!?)]|$)`;
    const suffixes = ["ға|ге|қа|ке|да|де|та|те", "дан|ден|тан|тен|нан|нен", "ның|нің|дың|дің|тың|тің", "ны|ні|ды|ді|ты|ті"].join("|");
    const suffixed = new RegExp(String.raw`\{ \$\w+ \}(?:-?(?:${suffixes})${end}| (?:мен|пен|бен|дейін|дан|ден)${end})`, "u");
    const offenders = readdirSync(join(LOCALES_DIR, "kk"))
      .filter((f) => f.endsWith(".ftl"))
      .flatMap((f) =>
        readFileSync(join(LOCALES_DIR, "kk", f), "utf8")
          .split("\n")
          .filter((l) => suffixed.test(l))
          .map((l) => `${f}: ${l}`),
      );
    expect(offenders).toEqual([]);
  });

  it("Kazakh says a consent, document or application is withdrawn ('кері қайтарып алу'), never 'sent back' ('кері қайтару')", () => {
    const sentBack = /кері қайтар(?!ып ал)/u;
    const offenders = readdirSync(join(LOCALES_DIR, "kk"))
      .filter((f) => f.endsWith(".ftl"))
      .flatMap((f) =>
        readFileSync(join(LOCALES_DIR, "kk", f), "utf8")
          .split("\n")
          .filter((l) => sentBack.test(l))
          .map((l) => `${f}: ${l}`),
      );
    expect(offenders).toEqual([]);
  });

  it("no Kazakh message puts an application's number right after 'мектеп', where it reads as the school's number", () => {
    // «Мектеп №2026-000001 өтінішіңізді…» reads "school №2026-000001": the application's number comes first, or after «сіздің».
    const offenders = readdirSync(join(LOCALES_DIR, "kk"))
      .filter((f) => f.endsWith(".ftl"))
      .flatMap((f) =>
        readFileSync(join(LOCALES_DIR, "kk", f), "utf8")
          .split("\n")
          .filter((l) => /мектеп № ?\{ \$number \}/iu.test(l))
          .map((l) => `${f}: ${l}`),
      );
    expect(offenders).toEqual([]);
  });

  it("Russian counts working days with plural forms, and names the school once", () => {
    const sent = (days: number) => t("ru", "apply-sent", { number: "1", school: SCHOOL, days });
    expect(sent(1)).toContain("1 рабочий день");
    expect(sent(3)).toContain("3 рабочих дня");
    expect(sent(5)).toContain("5 рабочих дней");
    expect(sent(5)).not.toMatch(/школу «Общеобразовательная школа/);
  });

  it("the signing page offers GOST keys only where they can be verified", () => {
    for (const lang of ["kk", "ru"] as const) {
      expect(t(lang, "signing-instructions", { gost: "no" })).not.toContain("GOST");
      expect(t(lang, "signing-instructions", { gost: "yes" })).toContain("GOSTKNCA");
    }
  });
});

/**
 * docs/FORMS.md says what each form asks, in both languages, generated from the question list:
 * it is never stale, and it reads as the bot asks.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { describeForm, formsDocument } from "#root/flows/form/describe.ts";
import { getService, listServices } from "#root/flows/services/index.ts";

describe("docs/FORMS.md", () => {
  it("is what the question list says now (run npm run docs:forms after changing a form)", () => {
    expect(readFileSync(new URL("../../../docs/FORMS.md", import.meta.url), "utf8")).toBe(formsDocument());
  });

  it("has every service in Russian and in Kazakh", () => {
    const doc = formsDocument();
    for (const service of listServices()) expect(doc).toContain(`(\`${service.id}\`)`);
    expect(doc.match(/^### Русский$/gm)).toHaveLength(listServices().length);
    expect(doc.match(/^### Қазақша$/gm)).toHaveLength(listServices().length);
  });

  it("lists a meals form's questions in order, the derived birth date after the IIN, each proof with its category", () => {
    const rows = describeForm(getService("meals"), "ru").split("\n").slice(2);
    expect(rows[4]).toMatch(/^\| 5 \| Ребёнок \| Введите ИИН ребёнка .* \| ИИН ребёнка \| всегда \|$/);
    expect(rows[5]).toBe("| | | _(вычисляется, не спрашивается)_ | Дата рождения ребёнка | всегда |");
    expect(rows.at(-1)).toBe(
      "| 15 | Документы | Документ о чрезвычайной ситуации _(обязательный документ)_ | Документ о чрезвычайной ситуации | " +
        "Категория обучающегося: «Семья пострадала от ЧС» |",
    );
  });

  it("says when a first-grade question depends on the child's age: six by 31 December, at most seven on 1 September", () => {
    expect(describeForm(getService("first-grade"), "ru")).toContain(
      "| если в году приёма ребёнку к 31.12 не исполнится 6 лет или на 01.09 ему будет больше 7 лет |",
    );
    expect(describeForm(getService("first-grade"), "kk")).toContain(
      "| қабылдау жылында бала 31.12 күніне дейін 6 жасқа толмаса немесе 01.09 күні 7 жастан үлкен болса |",
    );
  });
});

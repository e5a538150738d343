/**
 * The review, the staff card and the statement name each answer by its question's label from the
 * question list: every answer the draft holds is shown, in the form's order, in either language.
 */
import { describe, expect, it } from "vitest";
import type { FormAnswers } from "#root/flows/form/answers.ts";
import { shownAnswers } from "#root/flows/form/shown.ts";
import { makeIin } from "#root/flows/iin.ts";
import { getService } from "#root/flows/services/index.ts";

const at = new Date("2026-03-20T06:00:00Z");
const parent = { fullName: "Серікова Айгүл Маратқызы", iin: makeIin("1988-05-14", "female"), phone: "+77011234567" };
const child = { fullName: "Серікова Дана Маратқызы", iin: makeIin("2015-03-09", "female"), birthDate: "2015-03-09", grade: 5 };
const meals: FormAnswers = {
  parent,
  child,
  school: { schoolId: 42 },
  fields: { category: "large-family" },
  documents: { "birth-certificate": "done", "large-family-certificate": "done" },
};
const pages = (id: string) => (id === "birth-certificate" ? 2 : 1);

describe("the answers shown", () => {
  it("are every answer of a meals draft, named by the question list's labels, in the form's order", () => {
    const shown = shownAnswers(getService("meals"), meals, "ru", { at, school: "Школа-гимназия № 12", pages });
    expect(shown.map((a) => `${a.stage} | ${a.label}: ${a.value}`)).toEqual([
      "parent | Фамилия, имя, отчество заявителя: Серікова Айгүл Маратқызы",
      `parent | ИИН заявителя: ${parent.iin}`,
      "parent | Телефон заявителя: +77011234567",
      "child | Фамилия, имя, отчество ребёнка: Серікова Дана Маратқызы",
      `child | ИИН ребёнка: ${child.iin}`,
      // Derived from the IIN, never asked: shown after it.
      "child | Дата рождения ребёнка: 09.03.2015",
      "child | Класс обучения ребёнка: 5",
      "school | Организация образования: Школа-гимназия № 12",
      // A choice shows its option as the parent tapped it.
      "fields | Категория обучающегося: Многодетная семья",
      "documents | Свидетельство о рождении ребёнка: 2 файла",
      "documents | Документ о статусе многодетной семьи: 1 файл",
    ]);
  });

  it("are named in Kazakh for a Kazakh reader, the same answers", () => {
    const shown = shownAnswers(getService("meals"), meals, "kk", { at, school: "№ 12 мектеп-гимназия", pages });
    expect(shown.map((a) => a.label).slice(0, 5)).toEqual([
      "Өтініш берушінің тегі, аты, әкесінің аты",
      "Өтініш берушінің ЖСН-і",
      "Өтініш берушінің телефоны",
      "Баланың тегі, аты, әкесінің аты",
      "Баланың ЖСН-і",
    ]);
    expect(shown.find((a) => a.question === "school")?.value).toBe("№ 12 мектеп-гимназия");
  });

  it("print a choice's official name on a document", () => {
    const official = shownAnswers(getService("meals"), meals, "ru", { at, official: true }).find((a) => a.question === "category");
    const chat = shownAnswers(getService("meals"), meals, "ru", { at }).find((a) => a.question === "category");
    expect(official?.value).not.toBe(chat?.value);
    expect(official?.value).toMatch(/многодетн/i);
  });

  it("leave out what the caller does not name (the school, the documents), a declined email, and answers that no longer apply", () => {
    const draft: FormAnswers = {
      ...meals,
      parent: { ...parent, email: "" },
      // A category's document left from before the category changed.
      documents: { ...meals.documents, "asp-certificate": "done" },
    };
    const shown = shownAnswers(getService("home-schooling"), { ...draft, fields: {} }, "ru", { at });
    expect(shown.map((a) => a.stage)).not.toContain("school");
    expect(shown.map((a) => a.stage)).not.toContain("documents");
    expect(shown.map((a) => a.question)).not.toContain("parent-email");
    const mealsShown = shownAnswers(getService("meals"), draft, "ru", { at, pages });
    expect(mealsShown.map((a) => a.question)).not.toContain("asp-certificate");
  });

  it("show an email kept for a service that sends one, and a date as a date", () => {
    const draft: FormAnswers = {
      parent: { ...parent, email: "aigul@example.kz" },
      child,
      fields: { "conclusion-number": "ВКК-17", "conclusion-date": "2026-03-01" },
    };
    const shown = shownAnswers(getService("home-schooling"), draft, "ru", { at });
    expect(shown.find((a) => a.question === "parent-email")).toMatchObject({
      label: "Электронная почта заявителя",
      value: "aigul@example.kz",
    });
    expect(shown.find((a) => a.question === "conclusion-date")).toMatchObject({ label: "Дата заключения ВКК", value: "01.03.2026" });
  });

  it("show the grade a first-grade application derives, never asked", () => {
    const six = { fullName: "Сериков Ерлан", iin: makeIin("2020-02-10", "male"), birthDate: "2020-02-10", grade: 1 };
    const shown = shownAnswers(getService("first-grade"), { parent, child: six }, "ru", { at });
    expect(shown.filter((a) => a.stage === "child").map((a) => `${a.label}: ${a.value}`)).toEqual([
      "Фамилия, имя, отчество ребёнка: Сериков Ерлан",
      `ИИН ребёнка: ${six.iin}`,
      "Дата рождения ребёнка: 10.02.2020",
      "Класс обучения ребёнка: 1",
    ]);
  });
});

/** The statement, the review and the staff card name each answer by its label — never by the question that asked it. */
import { describe, expect, it } from "vitest";
import { fieldAnswers } from "#root/flows/statement.ts";

describe("answers on the statement", () => {
  it("are named by noun labels in both languages, not by prompts", () => {
    const app = { serviceId: "home-schooling", form: { fields: { "conclusion-number": "ВКК-17", "conclusion-date": "2026-09-01" } } };
    for (const lang of ["kk", "ru"] as const) {
      const answers = fieldAnswers(app as never, lang);
      expect(answers.length, lang).toBeGreaterThan(0);
      for (const a of answers)
        expect(a.label, `${lang}: ${a.label}`).not.toMatch(/Введите|Выберите|Укажите|енгізіңіз|таңдаңыз|жазыңыз|\?$/);
    }
    expect(fieldAnswers(app as never, "ru").map((a) => a.label)).toEqual(["Номер заключения ВКК", "Дата заключения ВКК"]);
    expect(fieldAnswers({ serviceId: "meals", form: { fields: { category: "asp" } } } as never, "ru")[0]!.label).toBe(
      "Категория обучающегося",
    );
  });
});

/**
 * The form as data: what each service's form asks, in which order, which answers it takes and
 * what it keeps — without Telegram and without a database.
 */
import { describe, expect, it } from "vitest";
import type { FormAnswers } from "#root/flows/form/answers.ts";
import {
  answersToEdit,
  applyAnswer,
  applyPatch,
  childCompletedBy,
  formStages,
  nextQuestion,
  questionProblems,
  questionsFor,
  type RawAnswer,
} from "#root/flows/form/engine.ts";
import { t } from "#root/flows/i18n.ts";
import { makeIin } from "#root/flows/iin.ts";
import { getService, serviceProblems, type ServiceDefinition } from "#root/flows/services/index.ts";
import { stagesFor, stepOf } from "#root/flows/stages.ts";

const meals = getService("meals");
const homeSchooling = getService("home-schooling");
const now = new Date("2026-03-20T06:00:00Z");
const at = { lang: "ru" as const, now };
const childIin = makeIin("2015-03-09", "female");

/** A new draft: the registered parent's details are already in it. */
const newDraft = (): FormAnswers => ({
  parent: { fullName: "Серікова Айгүл Маратқызы", iin: makeIin("1988-05-14", "female"), phone: "+77011234567" },
});

/** What a parent answers to each question of a whole form. */
const ANSWERS: Record<string, RawAnswer> = {
  "parent-full-name": { text: "Серікова Айгүл" },
  "parent-iin": { text: makeIin("1988-05-14", "female") },
  "parent-phone": { contact: "77011234567" },
  "parent-email": { text: "aigul@example.kz" },
  "child-full-name": { text: "Серікова Дана Маратқызы" },
  "child-iin": { text: childIin },
  "child-grade": { text: "5 класс" },
  school: { button: "42" },
  category: { button: "asp" },
  "conclusion-number": { text: "№ 125" },
  "conclusion-date": { text: "10.03.2026" },
  "birth-certificate": { pages: 1 },
  "asp-certificate": { pages: 2 },
  "commission-conclusion": { pages: 3 },
};

/** Walk a form from `draft` to the review: the questions asked, in order, and the final draft. */
function walk(service: ServiceDefinition, draft: FormAnswers, answers: Record<string, RawAnswer> = ANSWERS) {
  const asked: string[] = [];
  for (let i = 0; i < 50; i++) {
    const q = nextQuestion(service, draft);
    if (q.kind === "review") return { asked, draft };
    asked.push(q.id);
    const result = applyAnswer(service, draft, q.id, answers[q.id]!, at);
    if (!result.ok) throw new Error(`${q.id}: ${result.error}`);
    draft = applyPatch(draft, result.patch);
  }
  throw new Error(`the form never reached the review: ${asked.join(", ")}`);
}

describe("what each form asks", () => {
  it("meals: the whole list, in order, is the place to read what the form asks", () => {
    expect(
      questionsFor(meals).map(
        (q) => `${q.stage}: ${q.id} (${q.kind})${q.when && "question" in q.when ? ` if ${q.when.question} = ${q.when.in.join("|")}` : ""}`,
      ),
    ).toEqual([
      "parent: parent-full-name (text)",
      "parent: parent-iin (iin)",
      "parent: parent-phone (phone)",
      "child: child-full-name (text)",
      "child: child-iin (iin)",
      "child: child-grade (grade)",
      "school: school (school)",
      "fields: category (choice)",
      "documents: birth-certificate (files)",
      "documents: asp-certificate (files) if category = asp",
      "documents: income-statement (files) if category = low-income",
      "documents: guardianship-decision (files) if category = orphan",
      "documents: large-family-certificate (files) if category = large-family",
      "documents: disability-certificate (files) if category = disability",
      "documents: emergency-certificate (files) if category = emergency",
    ]);
  });

  it("home schooling: the whole list, in order, with the email its order notice needs", () => {
    expect(questionsFor(homeSchooling).map((q) => `${q.stage}: ${q.id} (${q.kind})`)).toEqual([
      "parent: parent-full-name (text)",
      "parent: parent-iin (iin)",
      "parent: parent-phone (phone)",
      "parent: parent-email (email)",
      "child: child-full-name (text)",
      "child: child-iin (iin)",
      "child: child-grade (grade)",
      "school: school (school)",
      "fields: conclusion-number (text)",
      "fields: conclusion-date (date)",
      "documents: commission-conclusion (files)",
    ]);
  });

  it("meals: a new draft is asked what today's bot asks, without the birth date (from the IIN) and without an email", () => {
    const { asked } = walk(meals, newDraft());
    expect(asked).toEqual(["child-full-name", "child-iin", "child-grade", "school", "category", "birth-certificate", "asp-certificate"]);
    // The same prompts, in the same order, as the stages of bot/parent/apply ask them.
    const prompts = asked.map((id) => questionsFor(meals).find((q) => q.id === id)!.prompt);
    expect(prompts).toEqual([
      "apply-child-ask-name",
      "apply-child-ask-iin",
      "apply-child-ask-grade",
      "apply-school-ask-regions",
      "services-meals-field-category",
      "apply-docs-ask",
      "apply-docs-ask",
    ]);
  });

  it("home schooling: the email first, then what today's bot asks, without the birth date", () => {
    const { asked } = walk(homeSchooling, newDraft());
    expect(asked).toEqual([
      "parent-email",
      "child-full-name",
      "child-iin",
      "child-grade",
      "school",
      "conclusion-number",
      "conclusion-date",
      "commission-conclusion",
    ]);
  });

  it("the email is asked by a service that declares it sends email, whatever its id", () => {
    const mailing: ServiceDefinition = { ...meals, id: "meals-by-mail", sendsEmail: true };
    expect(walk(mailing, newDraft()).asked[0]).toBe("parent-email");
    expect(questionsFor(meals).some((q) => q.kind === "email")).toBe(false);
  });

  it("a draft without the parent's details asks them first", () => {
    expect(walk(meals, {}).asked.slice(0, 4)).toEqual(["parent-full-name", "parent-iin", "parent-phone", "child-full-name"]);
  });

  it(
    "the form's steps are the stages the parent is asked in: meals starts " +
      "at the child ('Step 1 of 4'), home schooling at the parent's email",
    () => {
      for (const s of [meals, homeSchooling]) expect(formStages(s)).toEqual(stagesFor(s));
      expect(stepOf(meals, "child")).toEqual({ step: 1, total: 4 });
      expect(stepOf(meals, "documents")).toEqual({ step: 4, total: 4 });
      expect(stepOf(homeSchooling, "parent")).toEqual({ step: 1, total: 5 });
      expect(stepOf(homeSchooling, "child")).toEqual({ step: 2, total: 5 });
    },
  );

  it("every label is a noun phrase naming the answer, in both languages", () => {
    const label = (id: string, lang: "kk" | "ru") => t(lang, questionsFor(homeSchooling).find((q) => q.id === id)!.label);
    expect(label("child-iin", "ru")).toBe("ИИН ребёнка");
    expect(label("child-iin", "kk")).toBe("Баланың ЖСН-і");
    expect(label("conclusion-number", "ru")).toBe("Номер заключения ВКК");
    for (const q of [...questionsFor(meals), ...questionsFor(homeSchooling)]) {
      expect(t("ru", q.label), q.id).not.toMatch(/^(Введите|Напишите|Выберите|Укажите)|\?$/);
      expect(t("kk", q.label), q.id).not.toMatch(/(енгізіңіз|жазыңыз|таңдаңыз)|\?$/);
    }
  });
});

describe("answers", () => {
  it("the child's IIN keeps the birth date it encodes in the same write", () => {
    const draft = { ...newDraft(), child: { fullName: "Серікова Дана" } };
    const result = applyAnswer(meals, draft, "child-iin", { text: childIin.replace(/^(\d{6})/, "$1 ") }, at);
    expect(result).toEqual({
      ok: true,
      patch: {
        question: "child-iin",
        path: ["child", "iin"],
        value: childIin,
        derived: [{ path: ["child", "birthDate"], value: "2015-03-09" }],
      },
    });
  });

  it("the school is kept by its id, also on the application's column; the grade as a number", () => {
    const { draft } = walk(meals, newDraft());
    expect(draft.school).toEqual({ schoolId: 42 });
    expect(draft.child).toEqual({ fullName: "Серікова Дана Маратқызы", iin: childIin, birthDate: "2015-03-09", grade: 5 });
    const atSchool = { ...newDraft(), child: draft.child };
    const result = applyAnswer(meals, atSchool, "school", { button: "42" }, at);
    expect(result.ok && result.patch.column).toBe("schoolId");
  });

  it("the child stage's last answer completes the child (saved to the profile), an earlier one does not", () => {
    const patchOf = (draft: FormAnswers, id: string, raw: RawAnswer) => {
      const result = applyAnswer(meals, draft, id, raw, at);
      if (!result.ok) throw new Error(result.error);
      return result.patch;
    };
    let draft = newDraft();
    const name = patchOf(draft, "child-full-name", { text: "Серікова Дана Маратқызы" });
    expect(childCompletedBy(meals, draft, name)).toBeUndefined();
    draft = applyPatch(draft, name);
    const iin = patchOf(draft, "child-iin", { text: childIin });
    expect(childCompletedBy(meals, draft, iin)).toBeUndefined();
    draft = applyPatch(draft, iin);
    const grade = patchOf(draft, "child-grade", { text: "5" });
    expect(childCompletedBy(meals, draft, grade)).toEqual({
      fullName: "Серікова Дана Маратқызы",
      iin: childIin,
      birthDate: "2015-03-09",
      grade: 5,
    });
    // The first grade asks no grade: the child's IIN completes the child there (with the grade it admits to).
    const firstGrade = getService("first-grade");
    const six = makeIin("2020-05-01", "male");
    const atIin: FormAnswers = { parent: { ...newDraft().parent, email: "aigul@example.kz" }, child: { fullName: "Серіков Ерлан" } };
    const result = applyAnswer(firstGrade, atIin, "child-iin", { text: six }, { lang: "ru", now: new Date("2026-04-10T06:00:00Z") });
    if (!result.ok) throw new Error(result.error);
    expect(childCompletedBy(firstGrade, atIin, result.patch)).toMatchObject({ iin: six, grade: 1 });
    // Any other stage's answer completes no child.
    expect(
      childCompletedBy(meals, applyPatch(draft, grade), { question: "category", path: ["fields", "category"], value: "asp", derived: [] }),
    ).toBeUndefined();
  });

  it("editing a stage from the review asks its answers again, but never the phone Telegram verified", () => {
    // Meals asks no email; home schooling does (the director's order is emailed).
    expect(answersToEdit(meals, "parent")).toEqual({ section: "parent", keys: ["fullName", "iin"] });
    expect(answersToEdit(homeSchooling, "parent")).toEqual({ section: "parent", keys: ["fullName", "iin", "email"] });
    // "Correct my details" under the email question: the name and the IIN, then the email is asked again.
    expect(answersToEdit(homeSchooling, "parent", "parent-email")).toEqual({ section: "parent", keys: ["fullName", "iin"] });
    // A stage with nothing verified goes whole, derived values (the birth date) with it, and the
    // documents with their pages.
    expect(answersToEdit(meals, "child")).toEqual({ section: "child" });
    expect(answersToEdit(meals, "documents")).toEqual({ section: "documents", pages: true });
    // What is cleared is asked next: the parent's name, and the phone stays.
    const parent = newDraft().parent!;
    const { keys } = answersToEdit(homeSchooling, "parent");
    const left = Object.fromEntries(Object.entries({ ...parent, email: "a@b.kz" }).filter(([k]) => !keys!.includes(k)));
    expect(left).toEqual({ phone: parent.phone });
    expect(nextQuestion(homeSchooling, { parent: left })).toMatchObject({ id: "parent-full-name" });
  });

  it("a draft with every answer is at the review", () => {
    const { draft } = walk(homeSchooling, newDraft());
    expect(nextQuestion(homeSchooling, draft)).toEqual({ kind: "review" });
    expect(draft.fields).toEqual({ "conclusion-number": "№ 125", "conclusion-date": "2026-03-10" });
    expect(draft.documents).toEqual({ "commission-conclusion": "done" });
    expect(draft.parent?.email).toBe("aigul@example.kz");
  });

  it("the category decides which proof is asked; the others are skipped", () => {
    const orphan = walk(meals, newDraft(), {
      ...ANSWERS,
      category: { text: "Ребёнок-сирота или без попечения родителей" },
      "guardianship-decision": { pages: 1 },
    });
    expect(orphan.asked.slice(-2)).toEqual(["birth-certificate", "guardianship-decision"]);
    // The category changed from the review: the new category's proof is asked, the old one's no longer counts.
    const changed = { ...orphan.draft, fields: { category: "disability" } };
    expect(nextQuestion(meals, changed)).toMatchObject({ id: "disability-certificate" });
  });

  it("the applicant's IIN asked again from the review is an adult's, and not the child's of this application", () => {
    // ✏️ at the review cleared the applicant's name and IIN; the child stays.
    const draft: FormAnswers = { parent: { fullName: "Серікова Айгүл", phone: "+77011234567" }, child: { iin: childIin } };
    expect(nextQuestion(meals, draft)).toMatchObject({ id: "parent-iin" });
    expect(applyAnswer(meals, draft, "parent-iin", { text: childIin }, at)).toMatchObject({
      ok: false,
      error: "form-error-iin-parent-age",
    });
    const teen = makeIin("2011-01-10", "male"); // 15: of no age to apply
    expect(applyAnswer(meals, draft, "parent-iin", { text: teen }, at)).toMatchObject({ ok: false, error: "form-error-iin-parent-age" });
    const adultChild = { ...draft, child: { iin: makeIin("1990-01-10", "male") } };
    expect(applyAnswer(meals, adultChild, "parent-iin", { text: adultChild.child.iin }, at)).toEqual({
      ok: false,
      error: "form-error-iin-is-child",
    });
    expect(applyAnswer(meals, draft, "parent-iin", { text: makeIin("1988-05-14", "female") }, at)).toMatchObject({ ok: true });
  });

  it("first grade: the reason for an age outside the usual one names its side — a five-year-old is not admitted 'later'", () => {
    const firstGrade = getService("first-grade");
    const may = { lang: "ru" as const, now: new Date("2026-05-15T06:00:00Z") };
    const parent = { ...newDraft().parent, email: "aigul@example.kz" };
    const child = (birthDate: string) => ({ fullName: "Серіков Ерлан", iin: makeIin(birthDate, "male"), birthDate, grade: 1 });
    const young: FormAnswers = { parent, child: child("2021-02-01"), school: { schoolId: 42 } }; // six only in 2027
    expect(nextQuestion(firstGrade, young, may.now)).toMatchObject({ id: "age-reason" });
    expect(applyAnswer(firstGrade, young, "age-reason", { button: "late" }, may)).toEqual({
      ok: false,
      error: "form-error-age-side",
      args: { age: 5, day: "31.12.2026" },
    });
    expect(applyAnswer(firstGrade, young, "age-reason", { button: "early" }, may)).toMatchObject({ ok: true });
    const old: FormAnswers = { ...young, child: child("2018-06-01") }; // 8 on 1 September 2026
    expect(applyAnswer(firstGrade, old, "age-reason", { button: "early" }, may)).toMatchObject({ ok: false, error: "form-error-age-side" });
    expect(applyAnswer(firstGrade, old, "age-reason", { button: "late" }, may)).toMatchObject({ ok: true });
  });

  it("an answer to a question the draft is not at is refused and changes nothing", () => {
    const draft = { ...newDraft(), child: { fullName: "Серікова Дана" } };
    const before = structuredClone(draft);
    expect(applyAnswer(meals, draft, "school", { button: "42" }, at)).toEqual({ ok: false, error: "button-outdated" });
    // A repeated answer to the name, already kept, cannot overwrite it.
    expect(applyAnswer(meals, draft, "child-full-name", { text: "Другое Имя" }, at)).toEqual({ ok: false, error: "button-outdated" });
    expect(applyAnswer(meals, { ...newDraft(), child: { fullName: "Серікова Дана" } }, "no-such-question", { text: "x" }, at).ok).toBe(
      false,
    );
    expect(draft).toEqual(before);
  });

  it("an answer at the review is refused", () => {
    const { draft } = walk(meals, newDraft());
    expect(applyAnswer(meals, draft, "asp-certificate", { pages: 1 }, at)).toEqual({ ok: false, error: "button-outdated" });
  });
});

describe("refused answers say what to send instead", () => {
  const atChildIin = { ...newDraft(), child: { fullName: "Серікова Дана" } };
  const atGrade = { ...atChildIin, child: { ...atChildIin.child, iin: childIin, birthDate: "2015-03-09" } };
  const atSchool = { ...atGrade, child: { ...atGrade.child, grade: 5 } };
  const atCategory = { ...atSchool, school: { schoolId: 42 } };
  const atBirthCertificate = { ...atCategory, fields: { category: "asp" } };
  const atConclusionDate = {
    ...atSchool,
    parent: { ...atSchool.parent, email: "" },
    school: { schoolId: 42 },
    fields: { "conclusion-number": "№ 125" },
  };
  const answer = (service: ServiceDefinition, draft: FormAnswers, id: string, raw: RawAnswer) => applyAnswer(service, draft, id, raw, at);

  it.each([
    ["a wrong check digit", { text: childIin.slice(0, 11) + ((Number(childIin[11]) + 1) % 10) }, "form-error-iin-checksum"],
    ["eleven digits", { text: childIin.slice(0, 11) }, "form-error-iin-format"],
    ["an adult's IIN", { text: makeIin("1990-01-01", "male") }, "apply-child-iin-not-a-pupil"],
    ["a tap on some button", { button: "42" }, "button-outdated"],
    ["a file", { pages: 1 }, "ask-expected-text"],
    ["a skip", { skip: true }, "button-outdated"],
  ] as const)("the child's IIN: %s → %s", (_, raw, error) => {
    expect(answer(meals, atChildIin, "child-iin", raw)).toMatchObject({ ok: false, error });
  });

  it("the grade: 12 is refused with the highest grade named", () => {
    expect(answer(meals, atGrade, "child-grade", { text: "12" })).toEqual({ ok: false, error: "form-error-grade", args: { max: 11 } });
  });

  it("the school: typed text is a search, not an answer; a forged id is an outdated button", () => {
    expect(answer(meals, atSchool, "school", { text: "Школа № 12" })).toEqual({ ok: false, error: "ask-use-buttons" });
    expect(answer(meals, atSchool, "school", { button: "-".repeat(36) })).toEqual({ ok: false, error: "button-outdated" });
  });

  it("the category: an unknown word, or a button that is not an option", () => {
    expect(answer(meals, atCategory, "category", { text: "миллионер" })).toEqual({ ok: false, error: "form-error-choice" });
    expect(answer(meals, atCategory, "category", { button: "millionaire" })).toEqual({ ok: false, error: "button-outdated" });
    expect(applyAnswer(meals, atCategory, "category", { text: "көпбалалы отбасы" }, { lang: "kk", now })).toMatchObject({
      ok: true,
      patch: { value: "large-family" },
    });
  });

  it("a document: no pages, too many pages, text instead of a file", () => {
    expect(answer(meals, atBirthCertificate, "birth-certificate", { pages: 0 })).toEqual({
      ok: false,
      error: "form-error-files-too-few",
      args: { min: 1 },
    });
    expect(answer(meals, atBirthCertificate, "birth-certificate", { pages: 3 })).toEqual({
      ok: false,
      error: "form-error-files-too-many",
      args: { max: 2 },
    });
    expect(answer(meals, atBirthCertificate, "birth-certificate", { text: "вот" })).toEqual({
      ok: false,
      error: "form-error-files-expected",
    });
    expect(answer(meals, atBirthCertificate, "birth-certificate", { skip: true })).toEqual({ ok: false, error: "button-outdated" });
  });

  it("the conclusion's date: more than a year old", () => {
    expect(answer(homeSchooling, atConclusionDate, "conclusion-date", { text: "10.03.2025" })).toEqual({
      ok: false,
      error: "form-error-date-too-old",
      args: { years: 1 },
    });
  });

  it("the parent's phone: only their own shared contact, never a typed number", () => {
    const noPhone = { parent: { fullName: "Серікова Айгүл", iin: makeIin("1988-05-14", "female") } };
    expect(answer(meals, noPhone, "parent-phone", { text: "+7 701 123 45 67" })).toEqual({ ok: false, error: "registration-use-button" });
    expect(answer(meals, noPhone, "parent-phone", { contact: "79161234567" })).toEqual({ ok: false, error: "form-error-phone" });
    expect(answer(meals, noPhone, "parent-phone", { contact: "77011234567" })).toMatchObject({
      ok: true,
      patch: { value: "+77011234567" },
    });
  });

  it("the email may be declined: an empty address is kept and the form goes on", () => {
    const draft = newDraft();
    const result = answer(homeSchooling, draft, "parent-email", { skip: true });
    expect(result).toMatchObject({ ok: true, patch: { path: ["parent", "email"], value: "" } });
    if (!result.ok) return;
    expect(nextQuestion(homeSchooling, applyPatch(draft, result.patch))).toMatchObject({ id: "child-full-name" });
    expect(answer(homeSchooling, draft, "parent-email", { text: "not an address" })).toEqual({ ok: false, error: "form-error-email" });
  });
});

describe("a form that cannot be asked fails when it is loaded", () => {
  it("a service field reusing a common question's id", () => {
    const broken: ServiceDefinition = { ...meals, fields: [{ ...meals.fields[0]!, id: "school" }], documents: [] };
    expect(questionProblems(broken).join("\n")).toMatch(/question id "school" is used twice/);
    expect(() => questionsFor(broken)).toThrow(/used twice/);
  });

  it("a label missing in the locales", () => {
    const broken: ServiceDefinition = { ...meals, fields: [{ ...meals.fields[0]!, answerLabel: "services-meals-label-nope" }] };
    expect(questionProblems(broken)).toEqual([
      'flows/form/questions: service "meals": question "category": "services-meals-label-nope" is missing in locales/kk',
      'flows/form/questions: service "meals": question "category": "services-meals-label-nope" is missing in locales/ru',
    ]);
  });

  it("a condition on a question asked later", () => {
    const [birth, asp] = meals.documents;
    const broken: ServiceDefinition = { ...meals, documents: [{ ...birth!, when: { field: "asp-certificate", in: ["done"] } }, asp!] };
    expect(questionProblems(broken).join("\n")).toMatch(/"birth-certificate" depends on "asp-certificate", which is not asked before it/);
  });

  it("a service with the director's order that would not ask for the email", () => {
    const silent: ServiceDefinition = { ...homeSchooling, sendsEmail: false };
    expect(serviceProblems(silent).join("\n")).toMatch(/order is sent by email: set sendsEmail/);
  });

  it("a service field without a label for the statement", () => {
    const { answerLabel: _, ...field } = meals.fields[0]!;
    expect(serviceProblems({ ...meals, fields: [field] }).join("\n")).toMatch(/field "category" needs an answerLabel/);
  });
});

/**
 * What the parent's profile offers in one tap, as the question list declares it: a repeat
 * application takes the saved child, the email and the last school without typing them again.
 */
import { describe, expect, it } from "vitest";
import { writePath, type DraftPath, type FormAnswers } from "#root/flows/form/answers.ts";
import { applyAnswer, nextQuestion, questionsFor, type Question } from "#root/flows/form/engine.ts";
import { offeredChild, offerOf, takeOffer, type Profile, type StoredChild } from "#root/flows/form/offers.ts";
import { makeIin } from "#root/flows/iin.ts";
import { getService } from "#root/flows/services/index.ts";

const meals = getService("meals");
const homeSchooling = getService("home-schooling");
const firstGrade = getService("first-grade");
const now = new Date("2026-03-20T06:00:00Z");
const question = (service: typeof meals, id: string): Question => questionsFor(service).find((q) => q.id === id)!;

const parent = { fullName: "Серікова Айгүл Маратқызы", iin: makeIin("1988-05-14", "female"), phone: "+77011234567" };
const dana = { id: 7, fullName: "Серікова Дана Маратқызы", iin: makeIin("2015-03-09", "female"), birthDate: "2015-03-09", grade: 5 };
const profile: Profile = {
  children: [dana],
  email: "aigul@example.kz",
  school: { id: 42, nameKk: "№ 12 мектеп-гимназия", nameRu: "Школа-гимназия № 12" },
};

describe("the question list says what is offered", () => {
  it("the child's name offers the saved children, the email the profile's, the school the last one; nothing else offers", () => {
    const offering = questionsFor(homeSchooling)
      .filter((q) => q.offer)
      .map((q) => `${q.id}: ${q.offer}`);
    expect(offering).toEqual(["parent-email: email", "child-full-name: child", "school: school"]);
  });
});

describe("a saved child", () => {
  const q = question(meals, "child-full-name");

  it("is offered by name and grade, with a new child, before the child stage is begun — and not once it is", () => {
    const offer = offerOf(q, { parent }, profile, "ru");
    expect(offer.prompt).toBe("apply-child-pick");
    expect(offer.buttons).toEqual([
      { value: "c7", label: "apply-child-saved", args: { name: dana.fullName, grade: 5 } },
      { value: "new", label: "apply-child-add" },
    ]);
    expect(offerOf(q, { parent, child: { fullName: "Серіков Алихан" } }, profile, "ru").buttons).toEqual([]);
    expect(offerOf(q, { parent }, { children: [] }, "ru").buttons).toEqual([]);
  });

  it("answers the whole child stage in one write, guarded by the child's name, and refers to the saved child", () => {
    const taken = takeOffer(meals, q, "c7", profile, now);
    expect(taken).toEqual({
      keep: {
        guard: ["child", "fullName"],
        columns: { childId: 7 },
        writes: [
          { path: ["child", "childId"], value: 7 },
          { path: ["child", "fullName"], value: dana.fullName },
          { path: ["child", "iin"], value: dana.iin },
          { path: ["child", "birthDate"], value: "2015-03-09" },
          { path: ["child", "grade"], value: 5 },
        ],
      },
    });
  });

  it("that does not fit the service is refused with its reason; another parent's child or a forged id is an outdated button", () => {
    expect(takeOffer(getService("first-grade"), question(firstGrade, "child-full-name"), "c7", profile, now)).toMatchObject({
      refused: "services-first-grade-child-age",
      child: dana.fullName,
    });
    expect(takeOffer(meals, q, "c8", profile, now)).toEqual({ outdated: true });
    expect(takeOffer(meals, q, "c7", {}, now)).toEqual({ outdated: true });
  });

  it("'a new child' asks the child's name itself", () => {
    expect(takeOffer(meals, q, "new", profile, now)).toEqual({ ask: true });
  });
});

describe("a saved child a school year later", () => {
  const q = question(meals, "child-full-name");
  const name = "Серіков Алихан Маратұлы";
  const pupil = (birthDate: string, grade: number, gradeYear: number | null): StoredChild => ({
    id: 9,
    fullName: name,
    iin: makeIin(birthDate, "male"),
    birthDate,
    grade,
    gradeYear,
  });
  // Saved in 4th grade in 2025–2026; `now` is in it, `later` in 2026–2027.
  const fourth = pupil("2016-02-11", 4, 2025);
  const later = new Date("2026-10-05T06:00:00Z");
  /** The saved child's button on `at`'s day, and the draft a tap on it leaves. */
  const offered = (child: StoredChild, at: Date) => {
    const profile: Profile = { children: [offeredChild(child, at)] };
    const taken = takeOffer(meals, q, "c9", profile, at);
    const writes = "keep" in taken ? taken.keep.writes : [];
    const draft = writes.reduce((d, w) => writePath(d, w.path as DraftPath, w.value), { parent } as FormAnswers);
    return { button: offerOf(q, { parent }, profile, "ru").buttons[0], draft, next: nextQuestion(meals, draft, at) };
  };

  it("last school year's 4th-grader is offered and put on the statement as a 5th-grader, in one tap", () => {
    const { button, draft, next } = offered(fourth, later);
    expect(button).toEqual({ value: "c9", label: "apply-child-saved", args: { name, grade: 5 } });
    expect(draft.child).toMatchObject({ childId: 9, iin: fourth.iin, grade: 5 });
    expect(next).toMatchObject({ id: "school" });
  });

  it("a child saved this school year keeps the grade", () => {
    const { button, draft } = offered(fourth, now);
    expect(button?.args).toEqual({ name, grade: 4 });
    expect(draft.child).toMatchObject({ grade: 4 });
  });

  it("past 11th grade, or saved before the year was kept, the child is offered by name and only the grade is asked", () => {
    for (const child of [pupil("2008-02-11", 11, 2025), pupil("2016-02-11", 4, null)]) {
      const { button, draft, next } = offered(child, later);
      expect(button).toEqual({ value: "c9", label: "apply-child-saved-ask-grade", args: { name } });
      expect(draft.child).toEqual({ childId: 9, fullName: name, iin: child.iin, birthDate: child.birthDate });
      expect(next).toMatchObject({ id: "child-grade" });
    }
  });
});

describe("the email", () => {
  const q = question(homeSchooling, "parent-email");
  const draft: FormAnswers = { parent };

  it("shows the parent's details as the statement gives them; the profile's email is offered only when there is one", () => {
    const offer = offerOf(q, draft, profile, "kk");
    expect(offer.buttons.map((b) => b.value)).toEqual(["use", "none", "edit"]);
    expect(offer.lead).toEqual([
      { key: "apply-parent-summary", args: { name: parent.fullName, iin: parent.iin, phone: parent.phone } },
      { key: "apply-parent-email-current", args: { email: "aigul@example.kz" } },
    ]);
    expect(offerOf(q, draft, { email: null }, "kk").buttons.map((b) => b.value)).toEqual(["none", "edit"]);
  });

  it("'use' answers with the profile's email, 'none' declines, 'correct my details' asks the name and IIN again", () => {
    const used = takeOffer(homeSchooling, q, "use", profile, now);
    expect(used).toEqual({ answer: { text: "aigul@example.kz" } });
    // The answer goes through the question's own check, as if typed.
    const kept = "answer" in used ? applyAnswer(homeSchooling, draft, q.id, used.answer, { lang: "kk", now }) : undefined;
    expect(kept).toMatchObject({ ok: true, patch: { path: ["parent", "email"], value: "aigul@example.kz" } });
    expect(takeOffer(homeSchooling, q, "none", profile, now)).toEqual({ answer: { skip: true } });
    expect(takeOffer(homeSchooling, q, "edit", profile, now)).toEqual({ clear: { section: "parent", keys: ["fullName", "iin"] } });
    expect(takeOffer(homeSchooling, q, "use", { email: null }, now)).toEqual({ outdated: true });
  });
});

describe("the last school", () => {
  it("is offered above the lists by its name in the parent's language", () => {
    const q = question(meals, "school");
    expect(offerOf(q, { parent }, profile, "kk").buttons).toEqual([
      { value: "42", label: "apply-school-last", args: { name: "№ 12 мектеп-гимназия" } },
    ]);
    expect(offerOf(q, { parent }, profile, "ru").buttons[0]?.args).toEqual({ name: "Школа-гимназия № 12" });
    expect(offerOf(q, { parent }, {}, "ru").buttons).toEqual([]);
  });
});

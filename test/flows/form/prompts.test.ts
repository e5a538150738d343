/**
 * What the parent is shown at each question, without Telegram: the step, what the profile offers
 * first, the question and its hint, and buttons that each answer the question they stand under.
 */
import { describe, expect, it } from "vitest";
import { documentsOf, type FilesQuestion } from "#root/flows/form/documents.ts";
import { questionsFor, type Question } from "#root/flows/form/engine.ts";
import { pagePrompt, questionPrompt, schoolButtonText, schoolPrompt } from "#root/flows/form/prompts.ts";
import type { SchoolList } from "#root/flows/form/schools.ts";
import { filesDescriptor } from "#root/flows/form.ts";
import { getService } from "#root/flows/services/index.ts";

const question = (serviceId: string, id: string): Question => questionsFor(getService(serviceId)).find((q) => q.id === id)!;
const parent = { fullName: "Серікова <b>Айгүл</b>", iin: "880514400215", phone: "+77011234567" };
const meals = { serviceId: "meals", form: { parent, fields: { category: "asp" } } };
const [birth, certificate] = documentsOf(meals) as [FilesQuestion, FilesQuestion];

describe("a typed or chosen question", () => {
  it("shows its step, the question and a choice's options, one per row, each naming the question", () => {
    const q = question("meals", "category");
    const p = questionPrompt(meals, q, {}, "ru");
    expect(p.step).toEqual({ step: 3, total: 4, stage: "fields" });
    expect(p.ask).toEqual({ key: q.prompt });
    expect(p.rows.length).toBeGreaterThan(2);
    for (const row of p.rows)
      expect(row).toEqual([{ label: { key: expect.any(String) }, action: { question: "category", choice: expect.any(String) } }]);
    expect(p.rows.map(([b]) => (b!.action as { choice: string }).choice)).toContain("asp");
  });

  it("the email states the parent's details first (their own data, to be escaped) and offers the saved email, none, or correcting", () => {
    const p = questionPrompt(
      { serviceId: "home-schooling", form: { parent } },
      question("home-schooling", "parent-email"),
      { email: "a@b.kz" },
      "kk",
    );
    expect(p.step).toEqual({ step: 1, total: 5, stage: "parent" });
    expect(p.lead).toEqual([
      { key: "apply-parent-summary", args: { name: parent.fullName, iin: parent.iin, phone: parent.phone } },
      { key: "apply-parent-email-current", args: { email: "a@b.kz" } },
    ]);
    expect(p.rows.map(([b]) => b!.action)).toEqual(["use", "none", "edit"].map((choice) => ({ question: "parent-email", choice })));
    // Declined (or nothing saved): asked as it is, without offers.
    expect(questionPrompt(meals, question("home-schooling", "parent-email"), {}, "kk").rows.map(([b]) => b!.action)).toEqual([
      { question: "parent-email", choice: "none" },
      { question: "parent-email", choice: "edit" },
    ]);
  });

  it("a saved child is offered in place of typing the name; a phone is answered by sharing the contact", () => {
    const child = { id: 7, fullName: "Дана", iin: "150309600123", birthDate: "2015-03-09", grade: 5 };
    const p = questionPrompt(meals, question("meals", "child-full-name"), { children: [child] }, "ru");
    expect(p.ask).toEqual({ key: "apply-child-pick" });
    expect(p.rows[0]).toEqual([
      { label: { key: "apply-child-saved", args: { name: "Дана", grade: 5 } }, action: { question: "child-full-name", choice: "c7" } },
    ]);
    const phone = questionPrompt(meals, question("meals", "parent-phone"), {}, "ru");
    expect(phone.contact).toBe(true);
    expect(phone.rows).toEqual([]);
  });
});

describe("a document", () => {
  it("is asked as «document N of M», its name a text of its own; «Done» and «Replace» once pages are in, with how many", () => {
    const first = questionPrompt(meals, birth, {}, "ru");
    expect(first.step?.stage).toBe("documents");
    expect(first.ask).toEqual({ key: "apply-docs-ask", args: { n: 1, total: 2, name: { key: birth.label }, max: birth.files.maxCount } });
    expect(first.rows).toEqual([]);
    expect(first.note).toBeUndefined();
    const again = questionPrompt(meals, birth, {}, "ru", 2);
    expect(again.note).toEqual({ key: "apply-docs-so-far", args: { count: 2 } });
    expect(again.rows.map(([b]) => b!.action)).toEqual([
      { question: birth.id, document: "done" },
      { question: birth.id, document: "redo" },
    ]);
  });

  it("after a page: «received» with «Done» while it needs more; else kept, «add a page», and «↩️ a page of» the document before", () => {
    const twoPages: FilesQuestion = { ...birth, files: filesDescriptor(2, 4) };
    const received = pagePrompt(meals, twoPages, 1, true);
    expect(received).toMatchObject({ kept: false, ask: { key: "apply-docs-received", args: { count: 1 } } });
    expect(received.rows).toEqual([[{ label: { key: "apply-docs-done" }, action: { question: birth.id, document: "done" } }]]);
    const kept = pagePrompt(meals, certificate, 1, true);
    expect(kept).toMatchObject({ kept: true, ask: { key: "apply-docs-kept", args: { count: 1, name: { key: certificate.label } } } });
    expect(kept.rows).toEqual([
      [{ label: { key: "apply-docs-add-page" }, action: { question: certificate.id, document: "more" } }],
      [
        {
          label: { key: "apply-docs-page-of", args: { name: { key: birth.label } } },
          action: { question: certificate.id, document: "back" },
        },
      ],
    ]);
  });
});

describe("a school list", () => {
  const list: SchoolList = {
    title: "apply-school-ask-search-more",
    items: [
      {
        name: "Общеобразовательная школа №1 имени очень длинного названия для проверки",
        place: "Алмалинский район",
        move: { kind: "school", id: 1 },
      },
      { name: "Школа №1", move: { kind: "school", id: 2 } },
    ],
    total: 30,
    next: { kind: "schools", regionId: 1, districtId: 2, page: 1 },
    prev: { kind: "schools", regionId: 1, districtId: 2, page: 0 },
    back: { kind: "regions" },
  };

  it("lists the school offered first, then each school, ◀ ▶ side by side, then back; the typed query is the title's", () => {
    const p = schoolPrompt("meals", list, "школа 1", [{ value: "42", label: "apply-school-last", args: { name: "№ 42" } }]);
    expect(p.step).toEqual({ step: 2, total: 4, stage: "school" });
    expect(p.ask).toEqual({ key: "apply-school-ask-search-more", args: { query: "школа 1", count: 30, shown: 2 } });
    expect(p.hint).toBe("apply-school-search-hint");
    expect(p.rows.map((r) => r.map((b) => b.action))).toEqual([
      [{ school: { kind: "school", id: 42 } }],
      [{ school: { kind: "school", id: 1 } }],
      [{ school: { kind: "school", id: 2 } }],
      [{ school: { kind: "view", view: list.prev } }, { school: { kind: "view", view: list.next } }],
      [{ school: { kind: "view", view: { kind: "regions" } } }],
    ]);
  });

  it("schools found on the other keyboard layout: a line above says what was searched instead, and the title counts by it", () => {
    const p = schoolPrompt("meals", { ...list, searched: "Алматы" }, "Fkvfns");
    expect(p.lead).toEqual([{ key: "apply-school-search-instead", args: { typed: "Fkvfns", query: "Алматы" } }]);
    expect(p.ask).toEqual({ key: "apply-school-ask-search-more", args: { query: "Алматы", count: 30, shown: 2 } });
    expect(schoolPrompt("meals", list, "школа 1").lead).toEqual([]);
  });

  it("a school's button keeps its district in sight: the name is shortened first", () => {
    const text = schoolButtonText(list.items[0]!);
    expect(text.endsWith(" · Алмалинский район")).toBe(true);
    expect(text.length).toBeLessThanOrEqual(60);
    expect(text).toContain("…");
    expect(schoolButtonText({ name: "Школа №1" })).toBe("Школа №1");
  });

  it("a school's button is never cut inside an emoji (Telegram refuses half of one), with or without its district", () => {
    const lone = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
    const place = "Алмалинский район";
    const room = 60 - place.length - 3;
    // The emoji's halves either side of the name's cut, and of the button's 60 characters.
    const named = { name: `${"Ш".repeat(room - 2)}🏫 гимназия`, place };
    const bare = { name: `${"Ш".repeat(59)}🏫 гимназия` };
    expect(schoolButtonText(named).indexOf("🏫")).toBe(-1);
    expect(schoolButtonText(named)).toMatch(/^Ш+… · Алмалинский район$/);
    const p = schoolPrompt("meals", { ...list, items: [named, bare].map((i) => ({ ...i, move: { kind: "school", id: 3 } })) }, "ш");
    const labels = p.rows.flat().map((b) => ("raw" in b.label ? b.label.raw : ""));
    expect(labels.filter((l) => l.startsWith("Ш"))).toHaveLength(2);
    for (const label of labels) {
      expect(label).not.toMatch(lone);
      expect(label.length).toBeLessThanOrEqual(60);
    }
  });
});

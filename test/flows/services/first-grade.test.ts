/**
 * Admission to the first grade, read from its service file: who may apply and when, what the
 * form asks for which child, which documents it wants, and how the school's decision goes —
 * receipt, then the enrolment order or a reasoned refusal. And the promise of the house: the
 * service is named in its own file (and its locale keys), nowhere else.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import type { FormAnswers } from "#root/flows/form/answers.ts";
import { applyAnswer, applyPatch, nextQuestion, type RawAnswer } from "#root/flows/form/engine.ts";
import { t } from "#root/flows/i18n.ts";
import { makeIin } from "#root/flows/iin.ts";
import { availableActions, canTransition, statusLabelKey } from "#root/flows/lifecycle.ts";
import {
  ageOnDay,
  getService,
  periodState,
  requiredDocuments,
  serviceProblems,
  type ServiceDefinition,
} from "#root/flows/services/index.ts";

const service = getService("first-grade");
/** A spring day of the admission campaign (Almaty 12:00). */
const MAY = new Date("2026-05-15T07:00:00Z");
const parent = { fullName: "Серікова Айгүл Маратқызы", iin: makeIin("1990-05-14", "female"), phone: "+77011234567" };

/** Walk the form on `now` with `answers`, from a draft with the registered parent's details. */
function walk(answers: Record<string, RawAnswer>, now = MAY): { asked: string[]; draft: FormAnswers; refused?: string } {
  let draft: FormAnswers = { parent };
  const asked: string[] = [];
  for (let i = 0; i < 40; i++) {
    const q = nextQuestion(service, draft, now);
    if (q.kind === "review") return { asked, draft };
    asked.push(q.id);
    const answer = answers[q.id] ?? (q.kind === "files" ? { pages: 1 } : undefined);
    if (!answer) throw new Error(`no answer for ${q.id}`);
    const result = applyAnswer(service, draft, q.id, answer, { lang: "kk", now });
    if (!result.ok) return { asked, draft, refused: result.error };
    draft = applyPatch(draft, result.patch);
  }
  throw new Error("the form never reached the review");
}

const base = (childBorn: string): Record<string, RawAnswer> => ({
  "parent-email": { skip: true },
  "child-full-name": { text: "Серіков Алихан Маратұлы" },
  "child-iin": { text: makeIin(childBorn, "male", 3) },
  school: { button: "7" },
  priority: { button: "none" },
  "born-abroad": { button: "no" },
});

describe("first grade: the form", () => {
  it("a child who turns six before 1 September: no grade question, no reason asked, the usual documents only", () => {
    const { asked, draft, refused } = walk(base("2020-03-10"));
    expect(refused).toBeUndefined();
    expect(asked).toEqual([
      "parent-email",
      "child-full-name",
      "child-iin",
      "school",
      "priority",
      "born-abroad",
      "vaccination-card",
      "health-passport",
      "photo",
    ]);
    // The grade comes with the service: the first.
    expect(draft.child).toMatchObject({ birthDate: "2020-03-10", grade: 1 });
  });

  it("a child who turns six only next year is asked why, and the commission's conclusion", () => {
    // Five in May 2026, six in February 2027: too young for the school year from 1 September 2026.
    const answers = { ...base("2021-02-01"), "age-reason": { button: "early" } };
    const { asked, draft } = walk(answers);
    expect(asked).toContain("age-reason");
    expect(asked).toContain("age-conclusion");
    expect(requiredDocuments(service, draft.fields ?? {}).map((d) => d.id)).toContain("age-conclusion");
    expect(ageOnDay(service, "2021-02-01", MAY)).toEqual({
      min: { day: "2026-12-31", age: 5 },
      max: { day: "2026-09-01", age: 5 },
      side: "below",
    });
  });

  it("a child of eight on 1 September (a year late) is asked why too; the same child is on time a year earlier", () => {
    expect(walk({ ...base("2018-01-20"), "age-reason": { button: "late" } }).asked).toContain("age-reason");
    expect(walk(base("2018-01-20"), new Date("2025-05-15T07:00:00Z")).asked).not.toContain("age-reason");
  });

  it("a four-year-old's IIN is refused with the first grade's ages, not the school's", () => {
    const { refused } = walk(base("2022-06-01"));
    expect(refused).toBe("services-first-grade-child-age");
    expect(t("kk", "services-first-grade-child-age", { date: "01.06.2022", min: 5, max: 9 })).toContain("1-сыныпқа");
  });

  it("priority by area asks proof of residence; a social category its status document; born abroad the birth certificate", () => {
    const docs = (fields: Record<string, string>) => requiredDocuments(service, fields).map((d) => d.id);
    expect(docs({ priority: "none", "born-abroad": "no" })).toEqual(["vaccination-card", "health-passport", "photo"]);
    expect(docs({ priority: "area", "born-abroad": "no" })).toContain("residence");
    expect(docs({ priority: "social", "born-abroad": "no" })).toContain("status");
    expect(docs({ priority: "none", "born-abroad": "yes" })).toContain("birth-certificate");
    const { asked } = walk({ ...base("2020-03-10"), priority: { button: "area" }, "born-abroad": { button: "yes" } });
    expect(asked.slice(-5)).toEqual(["vaccination-card", "health-passport", "photo", "residence", "birth-certificate"]);
  });
});

describe("first grade: the ages of the Standard rules (the school year from 1 September 2027, applying in April 2027)", () => {
  const APRIL = new Date("2027-04-15T07:00:00Z");
  /** The questions asked for a child born on `born`, with `reason` when the form asks for one. */
  const ask = (born: string, reason?: "early" | "late", now = APRIL) =>
    walk({ ...base(born), ...(reason ? { "age-reason": { button: reason } } : {}) }, now);
  const ON_TIME = ["parent-email", "child-full-name", "child-iin", "school", "priority", "born-abroad"];

  it("a child who turns six in 2027, even in October or on 31 December, is admitted without a reason", () => {
    for (const born of ["2021-10-15", "2021-12-31", "2021-01-01"]) {
      const { asked, refused } = ask(born);
      expect({ born, refused, asked: asked.slice(0, 6), reason: asked.includes("age-reason") }).toEqual({
        born,
        refused: undefined,
        asked: ON_TIME,
        reason: false,
      });
    }
  });

  it("a child of seven on 1 September 2027 is admitted without a reason, up to one born on 2 September 2019", () => {
    for (const born of ["2020-03-10", "2019-09-05", "2019-09-02"]) {
      expect({ born, asked: ask(born).asked.includes("age-reason") }).toEqual({ born, asked: false });
    }
  });

  it("a child of eight on 1 September 2027 (born 1 September 2019 or earlier) is asked why, and only 'late' fits", () => {
    for (const born of ["2019-09-01", "2019-08-20"]) {
      expect(ask(born, "early")).toMatchObject({ refused: "form-error-age-side" });
      const late = ask(born, "late");
      expect(late.refused).toBeUndefined();
      expect(late.asked).toEqual(expect.arrayContaining(["age-reason", "age-conclusion"]));
    }
    expect(ageOnDay(service, "2019-09-01", APRIL)).toMatchObject({ max: { day: "2027-09-01", age: 8 }, side: "above" });
    expect(ageOnDay(service, "2019-09-02", APRIL)).toMatchObject({ max: { day: "2027-09-01", age: 7 }, side: "within" });
  });

  it("a child who turns only five in 2027 is asked why: 'early' fits, 'late' is refused with the age on 31 December", () => {
    const early = ask("2022-02-01", "early");
    expect(early.refused).toBeUndefined();
    expect(early.asked).toEqual(expect.arrayContaining(["age-reason", "age-conclusion"]));
    const young = (born: string): FormAnswers => ({
      parent: { ...parent, email: "" },
      child: { fullName: "Серіков Алихан", iin: makeIin(born, "male", 3), birthDate: born, grade: 1 },
      school: { schoolId: 7 },
    });
    const late = (born: string) => applyAnswer(service, young(born), "age-reason", { button: "late" }, { lang: "ru", now: APRIL });
    expect(late("2022-01-01")).toEqual({ ok: false, error: "form-error-age-side", args: { age: 5, day: "31.12.2027" } });
    expect(late("2022-02-01")).toEqual({ ok: false, error: "form-error-age-side", args: { age: 5, day: "31.12.2027" } });
    expect(t("ru", "form-error-age-side", { age: 5, day: "31.12.2027" })).toBe(
      "По ИИН ребёнку 31.12.2027 будет полных лет: 5. Выберите вариант, который подходит по возрасту.",
    );
    expect(t("kk", "form-error-age-side", { age: 5, day: "31.12.2027" })).toBe(
      "ЖСН бойынша 31.12.2027 балаға толық 5 жас болады. Жасына сәйкес келетін нұсқаны таңдаңыз.",
    );
  });

  it("a child two years late, already nine in August 2027, may still apply, for the reason 'late'", () => {
    const { asked, refused } = ask("2018-08-20", "late", new Date("2027-08-25T07:00:00Z"));
    expect(refused).toBeUndefined();
    expect(asked).toContain("age-reason");
  });
});

describe("first grade: the period", () => {
  it("takes applications from 1 April to 31 August, both days included (Almaty time)", () => {
    expect(periodState(service, new Date("2026-04-01T00:30:00+05:00"))).toEqual({ open: true });
    expect(periodState(service, new Date("2026-08-15T12:00:00+05:00"))).toEqual({ open: true });
    expect(periodState(service, new Date("2026-08-31T23:30:00+05:00"))).toEqual({ open: true });
    expect(periodState(service, new Date("2026-03-31T23:30:00+05:00"))).toEqual({ open: false, from: "2026-04-01", to: "2026-08-31" });
    expect(periodState(service, new Date("2026-09-01T00:30:00+05:00"))).toEqual({ open: false, from: "2027-04-01", to: "2027-08-31" });
  });

  it("in 2027: open on 15 August; on 1 September it names the next period, 1 April – 31 August 2028", () => {
    expect(periodState(service, new Date("2027-08-15T12:00:00+05:00"))).toEqual({ open: true });
    expect(periodState(service, new Date("2027-09-01T12:00:00+05:00"))).toEqual({ open: false, from: "2028-04-01", to: "2028-08-31" });
  });

  it("a service without a period is open all year", () => {
    expect(periodState(getService("meals"), new Date("2026-12-31T12:00:00Z"))).toEqual({ open: true });
  });

  it("a period that is not a day of the year is a mistake found at start-up", () => {
    const broken: ServiceDefinition = { ...service, open: { from: "04-31", to: "08-01" } };
    expect(serviceProblems(broken).join("\n")).toContain("open.from and open.to");
  });

  it("an age rule with a day that is not one, or its youngest older than its oldest, is a mistake found at start-up", () => {
    const rule = service.ageOn!;
    const badDay: ServiceDefinition = { ...service, ageOn: { ...rule, min: { age: 6, by: "12-32" } } };
    expect(serviceProblems(badDay).join("\n")).toContain("ageOn.admission, ageOn.min.by and ageOn.max.on must be days of the year");
    const empty: ServiceDefinition = { ...service, ageOn: { ...rule, min: { age: 8, by: "12-31" } } };
    expect(serviceProblems(empty).join("\n")).toContain("0 ≤ min.age ≤ max.age");
    expect(serviceProblems(service)).toEqual([]);
  });

  it("a reason asked by age without an age rule is a mistake found at start-up", () => {
    const { ageOn: _ageOn, ...noRule } = service;
    expect(serviceProblems(noRule as ServiceDefinition).join("\n")).toContain("outside ageOn");
  });
});

describe("first grade: the decision", () => {
  const director = { kind: "staff", role: "director" } as const;
  const specialist = { kind: "staff", role: "specialist" } as const;

  it("the receipt is given at once, from the submitted application; home schooling still registers first", () => {
    expect(availableActions(service, "submitted", specialist)).toEqual(["register", "refuse", "issue"]);
    expect(canTransition(service, "submitted", "issue", specialist)).toEqual({ ok: true, to: "completed" });
    expect(canTransition(getService("home-schooling"), "submitted", "issue", specialist)).toEqual({
      ok: false,
      reason: "not_allowed_from_status",
    });
  });

  it("a receipt first, then the director's enrolment order", () => {
    expect(canTransition(service, "registered", "issue", specialist)).toEqual({ ok: true, to: "completed" });
    expect(canTransition(service, "completed", "order", director)).toEqual({ ok: true, to: "order_signed" });
    expect(canTransition(service, "completed", "order", specialist)).toEqual({ ok: false, reason: "forbidden_for_actor" });
    expect(t("ru", statusLabelKey(service, "completed"))).not.toBe(t("ru", statusLabelKey(service, "order_signed")));
  });

  it("after the receipt the school may still refuse, with a listed reason: no places, the age, the documents", () => {
    expect(availableActions(service, "completed", director)).toEqual(["refuse", "order"]);
    expect(canTransition(service, "completed", "refuse", specialist, { reason: "no-places" })).toEqual({ ok: true, to: "refused" });
    expect(canTransition(service, "completed", "refuse", specialist, { reason: "because" })).toEqual({
      ok: false,
      reason: "unknown_reason",
    });
    expect(t("kk", statusLabelKey(service, "refused", "no-places"))).toContain("бос орын жоқ");
    expect(t("ru", statusLabelKey(service, "refused", "age"))).toContain("возраст");
    expect(t("ru", statusLabelKey(service, "refused", "missing-document"))).toContain("неполный пакет");
  });

  it("other services keep their decisions: home schooling's receipt cannot be refused afterwards", () => {
    expect(availableActions(getService("home-schooling"), "completed", director)).toEqual(["order"]);
  });
});

describe("a service is one file", () => {
  const ROOT = join(import.meta.dirname, "../../..");
  const SOURCES = ["api", "bot", "db", "flows", "scripts", "bench", "config.ts", "main.ts", "system.ts"];
  /** The registry lists each service once: its import and its place in the catalog order. */
  const REGISTRY = "flows/services/index.ts";

  function files(path: string): string[] {
    const full = join(ROOT, path);
    if (statSync(full, { throwIfNoEntry: false }) === undefined) return [];
    if (statSync(full).isFile()) return /\.(ts|js|mjs|html|sql)$/.test(path) ? [path] : [];
    return readdirSync(full).flatMap((name) => (name === "node_modules" ? [] : files(join(path, name))));
  }

  it("names the first grade only in flows/services/first-grade.ts, its locale keys and the registry's list", () => {
    const named = SOURCES.flatMap(files)
      .filter((f) => f !== "flows/services/first-grade.ts")
      .flatMap((f) =>
        readFileSync(join(ROOT, f), "utf8")
          .split("\n")
          .map((line, i) => ({ where: `${relative(".", f)}:${i + 1}`, line }))
          .filter(({ line }) => /first-grade|firstGrade/i.test(line)),
      );
    const outsideRegistry = named.filter((n) => !n.where.startsWith(`${REGISTRY}:`));
    expect(outsideRegistry).toEqual([]);
    // The registry: one import and one entry in the list, nothing else.
    expect(named.map((n) => n.line.trim())).toEqual([
      'import { firstGrade } from "./first-grade.ts";',
      "export const services: readonly ServiceDefinition[] = [meals, homeSchooling, firstGrade];",
    ]);
  });

  it("no source branches on a service's id", () => {
    const branching = SOURCES.flatMap(files).filter((f) =>
      /service(Id)?\s*===?\s*["'][a-z-]+["']|\.id\s*===?\s*["'](meals|home-schooling|first-grade)["']/.test(
        readFileSync(join(ROOT, f), "utf8"),
      ),
    );
    expect(branching).toEqual([]);
  });
});

describe("first grade: the enrolment order notice", () => {
  it(
    "says the child is enrolled in the first grade for the school " + "year, in the parent's language; home schooling keeps its words",
    async () => {
      const { orderNoticeLayout } = await import("#root/flows/documents/order-notice.ts");
      const { demo } = await import("#root/flows/documents/demo.ts");
      const notice = (lang: "kk" | "ru", texts = service.result.then!.notice) =>
        orderNoticeLayout({
          ...demo.order(lang),
          child: { ...demo.order(lang).child, grade: 1 },
          order: { number: "45-Ж", date: "2026-08-20" },
          schoolYear: 2026,
          texts,
        });
      const ru = notice("ru");
      expect(ru.subtitle).toBe("о приказе директора о зачислении в 1 класс");
      expect(JSON.stringify(ru.body)).toContain(
        "приказом директора № 45-Ж от 20.08.2026 указанный ниже ребёнок зачислен в 1 класс на 2026–2027 учебный год",
      );
      expect(ru.facts.map(([name]) => name)).toEqual(["Приказ"]);
      expect(JSON.stringify(notice("kk").body)).toContain("2026–2027 оқу жылына 1-сыныпқа оқуға қабылданғанын");
      expect(notice("ru", getService("home-schooling").result.then!.notice).subtitle).toContain("на дому");
    },
  );
});

describe("a reasoned refusal is a document", () => {
  it("names the service, the applicant and the ground in the parent's language, and how to appeal", async () => {
    const { refusalLayout } = await import("#root/flows/documents/refusal.ts");
    const { demo } = await import("#root/flows/documents/demo.ts");
    const base = demo.order("kk");
    const layout = refusalLayout({
      ...base,
      service: { title: t("kk", service.catalog.officialName) },
      parent: { fullName: "Сәрсенова Айгүл Болатқызы", iin: "920211400005" },
      reason: t("kk", "services-first-grade-refusal-no-places"),
    });
    expect(layout.title).toBe("ДӘЛЕЛДІ БАС ТАРТУ");
    expect(JSON.stringify(layout.body)).toContain("оқуға қабылдау");
    expect(layout.facts).toContainEqual(["Бас тарту негізі", t("kk", "services-first-grade-refusal-no-places")]);
    expect(JSON.stringify(layout.after)).toContain("шағым");
  });
});

describe("a child saved in the parent's profile", () => {
  it(
    "is taken for the first grade with grade 1, not the saved grade; " + "a saved pupil too old is refused with the first grade's ages",
    async () => {
      const { savedChildAnswers } = await import("#root/flows/form/engine.ts");
      const young = { fullName: "Серіков Алихан Маратұлы", iin: makeIin("2020-03-10", "male", 3), birthDate: "2020-03-10", grade: 0 };
      const result = savedChildAnswers(service, young, MAY);
      expect(result.ok && Object.fromEntries(result.writes.map((w) => [w.path.join("."), w.value]))).toEqual({
        "child.fullName": "Серіков Алихан Маратұлы",
        "child.iin": young.iin,
        "child.birthDate": "2020-03-10",
        "child.grade": 1,
      });
      const pupil = { fullName: "Серікова Дана Маратқызы", iin: makeIin("2015-03-09", "female"), birthDate: "2015-03-09", grade: 5 };
      expect(savedChildAnswers(service, pupil, MAY)).toMatchObject({
        ok: false,
        error: "services-first-grade-child-age",
        args: { min: 5, max: 9 },
      });
      // Meals asks the grade: the saved one is kept.
      expect(savedChildAnswers(getService("meals"), pupil, MAY)).toMatchObject({
        ok: true,
        writes: expect.arrayContaining([{ path: ["child", "grade"], value: 5 }]),
      });
    },
  );
});

describe("an answer that no longer applies", () => {
  it("is not printed and asks for no document once the child changed to one who is six on time", async () => {
    const { effectiveFields, fieldAnswers } = await import("#root/flows/statement.ts");
    const form: FormAnswers = {
      parent,
      child: { fullName: "Серіков Алихан Маратұлы", iin: makeIin("2020-03-10", "male", 3), birthDate: "2020-03-10", grade: 1 },
      // Answered for another child (born in February 2021, six only in 2027) before the parent changed the child.
      fields: { "age-reason": "early", priority: "none", "born-abroad": "no" },
    };
    // A draft not sent yet counts from the day it is shown: here, a day in May 2026.
    const app = { form: form as Record<string, Record<string, unknown>>, serviceId: "first-grade", createdAt: MAY, submittedAt: null };
    expect(effectiveFields(app, MAY)).toEqual({ priority: "none", "born-abroad": "no" });
    expect(fieldAnswers(app, "ru", { now: MAY }).map((a) => a.label)).toEqual(["Приоритет при зачислении", "Место рождения ребёнка"]);
    expect(requiredDocuments(service, effectiveFields(app, MAY)).map((d) => d.id)).not.toContain("age-conclusion");
    // The younger child keeps the reason.
    const younger = {
      ...app,
      form: { ...form, child: { ...form.child, birthDate: "2021-02-01" } } as Record<string, Record<string, unknown>>,
    };
    expect(effectiveFields(younger, MAY)).toMatchObject({ "age-reason": "early" });
  });
});

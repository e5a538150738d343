import { describe, expect, it } from "vitest";
import { LANGS, t } from "#root/flows/i18n.ts";
import {
  getService,
  listServices,
  requiredDocuments,
  serviceLocaleKeys,
  serviceProblems,
  services,
  type ServiceDefinition,
} from "#root/flows/services/index.ts";
import { validateField } from "#root/flows/form.ts";

const meals = getService("meals");
const homeSchooling = getService("home-schooling");

describe("service registry", () => {
  it("lists meals, home schooling and the first grade, in catalog order", () => {
    expect(listServices().map((s) => s.id)).toEqual(["meals", "home-schooling", "first-grade"]);
  });

  it("an unknown id fails with the list of known services", () => {
    expect(() => getService("passport")).toThrow(/Unknown service "passport".*meals, home-schooling/);
  });

  it("every service definition is consistent", () => {
    for (const s of services) expect(serviceProblems(s), s.id).toEqual([]);
  });

  it("a document depending on an answer the service never asks is reported", () => {
    const broken: ServiceDefinition = {
      ...meals,
      documents: [{ ...meals.documents[1]!, when: { field: "kategory", in: ["asp"] } }],
    };
    expect(serviceProblems(broken).join("\n")).toMatch(/depends on field "kategory"/);
    const wrongValue: ServiceDefinition = {
      ...meals,
      documents: [{ ...meals.documents[1]!, when: { field: "category", in: ["millionaire"] } }],
    };
    expect(serviceProblems(wrongValue).join("\n")).toMatch(/"millionaire", which is not one of its options/);
  });
});

describe("locale keys of services", () => {
  it.each(services.map((s) => [s.id, s] as const))("%s: every key renders in Kazakh and Russian", (_, service) => {
    const keys = serviceLocaleKeys(service);
    expect(keys.length).toBeGreaterThan(10);
    for (const key of keys) {
      for (const lang of LANGS) expect(t(lang, key).trim(), `${lang}: ${key}`).not.toBe("");
    }
  });

  it("Kazakh and Russian texts differ (nothing left untranslated)", () => {
    for (const key of services.flatMap(serviceLocaleKeys)) {
      if (/-hint$/.test(key)) continue;
      expect(t("kk", key), key).not.toBe(t("ru", key));
    }
  });
});

describe("meals", () => {
  it("is decided within 5 working days and results in a certificate", () => {
    expect(meals.sla.workingDays).toBe(5);
    expect(meals.result).toEqual({ kind: "certificate" });
  });

  it("asks the category, with six categories as buttons", () => {
    const category = meals.fields.find((f) => f.id === "category");
    expect(category?.kind).toBe("choice");
    if (category?.kind !== "choice") return;
    expect(category.options.map((o) => o.value)).toEqual(["asp", "low-income", "orphan", "large-family", "disability", "emergency"]);
  });

  it("requires the birth certificate and the chosen category's proof, and nothing else", () => {
    const ids = (answers: Record<string, string>) => requiredDocuments(meals, answers).map((d) => d.id);
    expect(ids({ category: "asp" })).toEqual(["birth-certificate", "asp-certificate"]);
    expect(ids({ category: "large-family" })).toEqual(["birth-certificate", "large-family-certificate"]);
    expect(ids({ category: "orphan" })).toEqual(["birth-certificate", "guardianship-decision"]);
    expect(ids({})).toEqual(["birth-certificate"]);
    expect(requiredDocuments(meals, { category: "disability" }).every((d) => d.required)).toBe(true);
  });

  it("each category has its own document", () => {
    const category = meals.fields[0];
    if (category?.kind !== "choice") throw new Error("meals must start with the category");
    const proofs = category.options.map((o) => requiredDocuments(meals, { category: o.value }).at(-1)?.id);
    expect(new Set(proofs).size).toBe(category.options.length);
  });
});

describe("home schooling", () => {
  it("takes 1 working day: a receipt, then the director's order", () => {
    expect(homeSchooling.sla.workingDays).toBe(1);
    expect(homeSchooling.result.kind).toBe("receipt");
    expect(homeSchooling.result.then).toMatchObject({ kind: "order", status: "order_signed", by: ["director"] });
    expect(homeSchooling.result.then?.refusable).toBeUndefined();
  });

  it("asks the commission's conclusion number and a date within the last year", () => {
    const [number, date] = homeSchooling.fields;
    const now = new Date("2026-03-20T06:00:00Z");
    expect(validateField(number!, "№ 125", "ru", now)).toEqual({ ok: true, value: "№ 125" });
    expect(validateField(date!, "10.03.2026", "ru", now)).toEqual({ ok: true, value: "2026-03-10" });
    expect(validateField(date!, "10.03.2025", "ru", now).ok).toBe(false);
    expect(validateField(date!, "10.04.2026", "ru", now).ok).toBe(false);
  });

  it("always requires the conclusion file", () => {
    expect(requiredDocuments(homeSchooling, {}).map((d) => [d.id, d.required])).toEqual([["commission-conclusion", true]]);
  });

  it("offers refusal reasons for an incomplete application", () => {
    expect(homeSchooling.refusalReasons.map((r) => r.id)).toContain("missing-document");
    expect(homeSchooling.refusalReasons.map((r) => r.id)).toContain("conclusion-expired");
  });
});

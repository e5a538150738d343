/**
 * Demo data for every document kind in both languages: the sample script, tests and the bench
 * render these. The service's words (official name, answer labels, document names) are read from
 * the live flow's keys; the school and the people are made up.
 */
import { t, type Lang } from "#root/flows/i18n.ts";
import { makeIin } from "#root/flows/iin.ts";
import { getService } from "#root/flows/services/index.ts";
import type { CertificateData, OrderNoticeData, ReceiptData, RefusalNoticeData, SchoolInfo, StatementData, StaffInfo } from "./types.ts";

const school: SchoolInfo = {
  nameKk: "Астана қаласы әкімдігінің «№ 12 мектеп-гимназиясы» ШЖҚ КМК",
  nameRu: "ГКП на ПХВ «Школа-гимназия № 12» акимата города Астаны",
  bin: "010540001234",
  directorName: "Сейтқалиева Айгүл Бақытқызы",
};

const child = { fullName: "Әлімов Ұлан Нұрланұлы", iin: makeIin("2014-05-21", "male", 17), birthDate: "2014-05-21", grade: 4 };
const parent = {
  fullName: "Әлімова Гауһар Құрманқызы",
  iin: makeIin("1988-11-03", "female", 42),
  phone: "+7 701 234 56 78",
  email: "gauhar.alimova@example.kz",
};

/** A check code as printed on the demo documents (they are never in a database: it checks nothing). */
const check = (number: string) => ({ number, code: "DEM0-C0DE-0000-0000", url: "https://desk.example.kz/check/DEM0-C0DE-0000-0000" });

/** A service's own words in `lang`: the official name, the answers' labels, the documents' names. */
function serviceTexts(lang: Lang) {
  const meals = getService("meals");
  const home = getService("home-schooling");
  const category = meals.fields.find((f) => f.id === "category")!;
  const asp = category.kind === "choice" ? category.options.find((o) => o.value === "asp")! : undefined;
  const doc = (service: typeof meals, id: string) => t(lang, service.documents.find((d) => d.id === id)!.label);
  const officialCategory = t(lang, asp?.official ?? asp?.label ?? "");
  return {
    meals: t(lang, meals.catalog.officialName),
    home: t(lang, home.catalog.officialName),
    category: officialCategory,
    answers: [{ label: t(lang, category.answerLabel ?? category.label), value: officialCategory }],
    attachments: [
      { label: doc(meals, "birth-certificate"), pages: 2 },
      { label: doc(meals, "asp-certificate"), pages: 1 },
    ],
    homeDocs: [{ label: doc(home, "commission-conclusion"), pages: 2 }],
    refusalReason: t(lang, meals.refusalReasons[0]!.label),
  };
}

/**
 * Per-language texts of the demo application: the service's words come from the same keys the
 * live flow uses (so a sample shows what a parent receives); only the people are made up.
 */
const texts = {
  kk: {
    ...serviceTexts("kk"),
    staff: { fullName: "Жұмабаева Әйгерім Серікқызы", position: "Директордың оқу ісі жөніндегі орынбасары" } satisfies StaffInfo,
  },
  ru: {
    ...serviceTexts("ru"),
    staff: { fullName: "Жұмабаева Әйгерім Серікқызы", position: "Заместитель директора по учебной работе" } satisfies StaffInfo,
  },
};

/** Demo documents; each call returns a fresh object, so callers may modify it. */
export const demo = {
  statement(lang: Lang): StatementData {
    const x = texts[lang];
    return {
      lang,
      number: "MEAL-2025-000123",
      date: "2025-08-20T10:15:00+05:00",
      school: { ...school },
      child: { ...child },
      service: { title: x.meals },
      parent: { ...parent },
      answers: x.answers.map((a) => ({ ...a })),
      attachments: x.attachments.map((a) => ({ ...a })),
    };
  },
  certificate(lang: Lang): CertificateData {
    const x = texts[lang];
    return {
      lang,
      number: "MEAL-2025-000123",
      date: "2025-08-20T10:15:00+05:00",
      issuedAt: "2025-08-26T15:40:00+05:00",
      school: { ...school },
      child: { ...child },
      staff: { ...x.staff },
      check: check("2025/000311"),
      category: x.category,
      period: { from: "2025-09-01", to: "2026-05-25" },
    };
  },
  receipt(lang: Lang): ReceiptData {
    const x = texts[lang];
    return {
      lang,
      number: "HOME-2025-000045",
      date: "2025-09-02T09:05:00+05:00",
      issuedAt: "2025-09-02T16:20:00+05:00",
      school: { ...school },
      child: { ...child },
      staff: { ...x.staff },
      check: check("2025/000342"),
      service: { title: x.home },
      parent: { fullName: parent.fullName, iin: parent.iin },
      documents: x.homeDocs.map((d) => ({ ...d })),
    };
  },
  order(lang: Lang): OrderNoticeData {
    const x = texts[lang];
    return {
      lang,
      number: "HOME-2025-000045",
      date: "2025-09-02T09:05:00+05:00",
      issuedAt: "2025-09-04T11:00:00+05:00",
      school: { ...school },
      child: { ...child },
      staff: { ...x.staff },
      check: check("2025/000350"),
      order: { number: "147", date: "2025-09-03" },
      schoolYear: 2025,
      period: { from: "2025-09-04", to: "2025-12-26" },
      texts: { subtitle: "order-subtitle", body: "order-body", period: "order-field-period" },
    };
  },
  refusal(lang: Lang): RefusalNoticeData {
    const x = texts[lang];
    return {
      lang,
      number: "MEAL-2025-000124",
      date: "2025-08-21T12:30:00+05:00",
      issuedAt: "2025-08-22T10:10:00+05:00",
      school: { ...school },
      child: { ...child },
      staff: { ...x.staff },
      check: check("2025/000318"),
      service: { title: x.meals },
      parent: { fullName: parent.fullName, iin: parent.iin },
      reason: x.refusalReason,
    };
  },
};

/** The document kinds, as named by the sample script. */
export const DOCUMENT_KINDS = ["statement", "certificate", "receipt", "order", "refusal"] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

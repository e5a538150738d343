/**
 * Demo data for every document kind in both languages: the sample script, tests and the bench
 * render these. It stands for what the application engine will pass in production (texts already
 * resolved into the parent's language), so it is data, not interface labels.
 */
import type { Lang } from "../i18n.ts";
import { makeIin } from "../iin.ts";
import type { CertificateData, OrderNoticeData, ReceiptData, SchoolInfo, StatementData, StaffInfo } from "./types.ts";

const school: SchoolInfo = {
  nameKk: "Астана қаласы әкімдігінің «№ 12 мектеп-гимназиясы» ШЖҚ КМК",
  nameRu: "ГКП на ПХВ «Школа-гимназия № 12» акимата города Астаны",
  bin: "010540001234",
  directorName: "Сейтқалиева Айгүл Бақытқызы",
};

const child = { fullName: "Әлімов Ұлан Нұрланұлы", iin: makeIin("2014-05-21", "male", 17), birthDate: "2014-05-21", grade: 4 };
const parent = { fullName: "Әлімова Гауһар Құрманқызы", iin: makeIin("1988-11-03", "female", 42), phone: "+7 701 234 56 78", email: "gauhar.alimova@example.kz" };

/** A check code as printed on the demo documents (they are never in a database: it checks nothing). */
const check = (number: string) => ({ number, code: "DEM0-C0DE-0000-0000", url: "https://desk.example.kz/check/DEM0-C0DE-0000-0000" });

/** Per-language texts of the demo application. */
const texts = {
  kk: {
    meals: "Орта білім беру ұйымдарында білім алушылардың жекелеген санаттарына тегін және жеңілдетілген тамақтануды ұсыну",
    home: "Денсаулығына байланысты ұзақ уақыт бойы білім беру ұйымдарына бара алмайтын балаларды үйде жеке тегін оқытуды ұйымдастыру үшін құжаттарды қабылдау",
    category: "Атаулы әлеуметтік көмек алатын отбасылардың балалары",
    answers: [
      { label: "Санаты", value: "Атаулы әлеуметтік көмек алатын отбасылардың балалары" },
      { label: "Отбасы мүшелерінің саны", value: "5" },
      { label: "Тамақтану кезеңі", value: "2025–2026 оқу жылы" },
      { label: "Ескертпе", value: "Баланың тағамдық аллергиясы жоқ." },
    ],
    attachments: [
      { label: "Атаулы әлеуметтік көмек алушы екенін растайтын анықтама", pages: 1 },
      { label: "Баланың туу туралы куәлігі", pages: 2 },
    ],
    homeDocs: [
      { label: "Өтініш", pages: 1 },
      { label: "Дәрігерлік-консультациялық комиссияның қорытындысы", pages: 2 },
      { label: "Баланың туу туралы куәлігі", pages: 1 },
    ],
    staff: { fullName: "Жұмабаева Әйгерім Серікқызы", position: "Директордың оқу ісі жөніндегі орынбасары" } satisfies StaffInfo,
  },
  ru: {
    meals: "Предоставление бесплатного и льготного питания отдельным категориям обучающихся и воспитанников в организациях среднего образования",
    home: "Приём документов для организации индивидуального бесплатного обучения на дому детей, которые по состоянию здоровья в течение длительного времени не могут посещать организации образования",
    category: "Дети из семей, получающих адресную социальную помощь",
    answers: [
      { label: "Категория", value: "Дети из семей, получающих адресную социальную помощь" },
      { label: "Количество членов семьи", value: "5" },
      { label: "Период питания", value: "2025–2026 учебный год" },
      { label: "Примечание", value: "Пищевой аллергии у ребёнка нет." },
    ],
    attachments: [
      { label: "Справка о получении адресной социальной помощи", pages: 1 },
      { label: "Свидетельство о рождении ребёнка", pages: 2 },
    ],
    homeDocs: [
      { label: "Заявление", pages: 1 },
      { label: "Заключение врачебно-консультационной комиссии", pages: 2 },
      { label: "Свидетельство о рождении ребёнка", pages: 1 },
    ],
    staff: { fullName: "Жұмабаева Әйгерім Серікқызы", position: "Заместитель директора по учебной работе" } satisfies StaffInfo,
  },
} as const;

/** Demo documents; each call returns a fresh object, so callers may modify it. */
export const demo = {
  statement(lang: Lang): StatementData {
    const x = texts[lang];
    return {
      lang, number: "MEAL-2025-000123", date: "2025-08-20T10:15:00+05:00", school: { ...school }, child: { ...child },
      service: { title: x.meals }, parent: { ...parent },
      answers: x.answers.map((a) => ({ ...a })), attachments: x.attachments.map((a) => ({ ...a })),
    };
  },
  certificate(lang: Lang): CertificateData {
    const x = texts[lang];
    return {
      lang, number: "MEAL-2025-000123", date: "2025-08-20T10:15:00+05:00", issuedAt: "2025-08-26T15:40:00+05:00",
      school: { ...school }, child: { ...child }, staff: { ...x.staff }, check: check("2025/000311"),
      category: x.category, period: { from: "2025-09-01", to: "2026-05-25" },
    };
  },
  receipt(lang: Lang): ReceiptData {
    const x = texts[lang];
    return {
      lang, number: "HOME-2025-000045", date: "2025-09-02T09:05:00+05:00", issuedAt: "2025-09-02T16:20:00+05:00",
      school: { ...school }, child: { ...child }, staff: { ...x.staff }, check: check("2025/000342"),
      service: { title: x.home }, parent: { fullName: parent.fullName, iin: parent.iin },
      documents: x.homeDocs.map((d) => ({ ...d })),
    };
  },
  order(lang: Lang): OrderNoticeData {
    const x = texts[lang];
    return {
      lang, number: "HOME-2025-000045", date: "2025-09-02T09:05:00+05:00", issuedAt: "2025-09-04T11:00:00+05:00",
      school: { ...school }, child: { ...child }, staff: { ...x.staff }, check: check("2025/000350"),
      order: { number: "147", date: "2025-09-03" }, period: { from: "2025-09-04", to: "2025-12-26" },
    };
  },
};

/** The document kinds, as named by the sample script. */
export const DOCUMENT_KINDS = ["statement", "certificate", "receipt", "order"] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

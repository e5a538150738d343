/**
 * Every document a parent or school holds — the statement, the meals certificate, the receipt and
 * the order notice — rendered in Kazakh and in Russian through the live flow: an application
 * taken through the form's stages and the provider's actions, the PDFs read back with pdftotext.
 * Each must name the service by its official name (statement, receipt), print answers under
 * their labels (never the question that asked them), and keep to one language: no
 * Kazakh-only letter in Russian text, no Russian function word in Kazakh text. The people's
 * names here have no Kazakh letters, so any such letter comes from the template. PGlite and
 * PostgreSQL.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { performAction } from "#root/bot/provider/perform.ts";
import { getApplication } from "#root/db/queries/applications.ts";
import { getStoredFile } from "#root/db/queries/files.ts";
import { listIssued } from "#root/db/queries/issued.ts";
import type { Db } from "#root/db/client.ts";
import { LANGS, t, type Lang } from "#root/flows/i18n.ts";
import { getService } from "#root/flows/services/index.ts";
import { backends } from "#root/test/helpers/databases.ts";
import { seedSchool, seedStaff, submittedApplication } from "#root/test/helpers/fixtures.ts";

const NOW = new Date("2026-10-05T10:00:00+05:00");
type Kind = "statement" | "certificate" | "receipt" | "order";

/** The text of a PDF, with its line breaks and runs of spaces made single spaces. */
function pdfText(bytes: Uint8Array): string {
  const dir = mkdtempSync(join(tmpdir(), "pdf-"));
  try {
    writeFileSync(join(dir, "doc.pdf"), bytes);
    return execFileSync("pdftotext", ["-enc", "UTF-8", join(dir, "doc.pdf"), "-"], { encoding: "utf8" }).replace(/\s+/g, " ");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
const oneLine = (s: string) => s.replace(/\s+/g, " ").trim();

/** Words that are Russian and never Kazakh: one of them in Kazakh text is a Russian phrase left in. */
const RUSSIAN_WORDS = new Set([
  "и",
  "в",
  "во",
  "на",
  "с",
  "со",
  "по",
  "для",
  "от",
  "не",
  "что",
  "или",
  "о",
  "об",
  "к",
  "из",
  "за",
  "при",
  "без",
  "до",
  "его",
  "её",
  "это",
  "который",
  "которая",
  "приказ",
  "заявление",
  "справка",
]);
const KAZAKH_LETTERS = /[ӘҒҚҢӨҰҮҺІәғқңөұүһі]/u;
/** Imperative prompts of the form's questions: printed on a document they are a question as a label. */
const PROMPT = /Введите|Выберите|Укажите|Напишите|енгізіңіз|таңдаңыз|жазыңыз|көрсетіңіз|\?/u;

async function render(db: Db, lang: Lang, serial: number): Promise<Record<Kind, string>> {
  const school = await seedSchool(db, `12345678${String(serial).padStart(4, "0")}`, "Школа-гимназия №12");
  const specialist = await seedStaff(db, {
    schoolId: school.id,
    telegramId: 5000 + serial,
    role: "specialist",
    fullName: "Елена Иванова",
    position: lang === "kk" ? "Директордың оқу ісі жөніндегі орынбасары" : "Заместитель директора по учебной работе",
  });
  const director = await seedStaff(db, { schoolId: school.id, telegramId: 6000 + serial, role: "director", fullName: "Ирина Петрова" });
  const deps = { db, now: () => NOW, config: { publicUrl: "https://desk.example.kz" } };
  const act = async (telegramId: number, applicationId: string, action: "register" | "issue" | "order") => {
    const app = (await getApplication(db, applicationId))!;
    const order = action === "order" ? { order: { number: "45-Ж", date: "2026-10-05" } } : {};
    const r = await performAction(deps, telegramId, { applicationId, action, version: app.version, ...order });
    expect(r.ok, r.html).toBe(true);
  };
  const file = async (id: string | null | undefined) => pdfText((await getStoredFile(db, id!))!.bytes);
  const issued = async (applicationId: string, kind: string) =>
    file((await listIssued(db, applicationId)).find((d) => d.kind === kind)!.fileId);

  const meals = await submittedApplication(db, {
    serviceId: "meals",
    schoolId: school.id,
    parentTelegramId: 7000 + serial,
    lang,
    childName: "Арман Сапаров",
    parentName: "Алия Сапарова",
    now: NOW,
  });
  await act(specialist.telegramId, meals.id, "register");
  await act(specialist.telegramId, meals.id, "issue");
  const home = await submittedApplication(db, {
    serviceId: "home-schooling",
    schoolId: school.id,
    parentTelegramId: 8000 + serial,
    lang,
    childName: "Тимур Сапаров",
    parentName: "Алия Сапарова",
    now: NOW,
  });
  await act(specialist.telegramId, home.id, "register");
  await act(specialist.telegramId, home.id, "issue");
  await act(director.telegramId, home.id, "order");
  return {
    statement: (await file(meals.statementFileId)) + " " + (await file(home.statementFileId)),
    certificate: await issued(meals.id, "certificate"),
    receipt: await issued(home.id, "receipt"),
    order: await issued(home.id, "order"),
  };
}

describe.each(backends)("documents in Kazakh and Russian on $name", (backend) => {
  let database: Awaited<ReturnType<typeof backend.open>>;
  const texts = {} as Record<Lang, Record<Kind, string>>;

  beforeAll(async () => {
    database = await backend.open();
    let serial = 0;
    for (const lang of LANGS) texts[lang] = await render(database.db, lang, ++serial);
  }, 120_000);
  afterAll(async () => {
    await database?.dispose();
  });

  describe.each(LANGS)("in %s", (lang) => {
    it("the statement and the receipt name the service by its official name", () => {
      for (const [kind, id] of [
        ["statement", "meals"],
        ["statement", "home-schooling"],
        ["receipt", "home-schooling"],
      ] as const) {
        expect(texts[lang][kind], `${kind}: ${id}`).toContain(oneLine(t(lang, getService(id).catalog.officialName)));
      }
    });

    it("the meals category is printed by its official name, not the button's text", () => {
      const official = oneLine(t(lang, "services-meals-category-large-family-official"));
      for (const kind of ["statement", "certificate"] as const) expect(texts[lang][kind]).toContain(official);
    });

    it("no document prints a question where a label belongs", () => {
      const prompts = ["meals", "home-schooling"].flatMap((id) => getService(id).fields.map((f) => oneLine(t(lang, f.label))));
      // The check hint tells anyone how to check the document (scan, type the code): the one imperative allowed.
      // Compared without spaces and hyphens: pdftotext breaks lines where it likes and drops a hyphen at a break.
      const squash = (x: string) => x.replace(/[\s-]+/g, "");
      const checkHint = squash(t(lang, "doc-check-hint"));
      for (const [kind, text] of Object.entries(texts[lang])) {
        for (const prompt of prompts) expect(text, kind).not.toContain(prompt);
        const rest = squash(text).split(checkHint).join(" ");
        expect(rest.match(new RegExp(`.{0,30}(?:${PROMPT.source}).{0,30}`, "gu")) ?? [], kind).toEqual([]);
      }
    });

    it("every document keeps to its language", () => {
      for (const [kind, text] of Object.entries(texts[lang])) {
        if (lang === "ru") {
          expect(text.match(new RegExp(`\\S*${KAZAKH_LETTERS.source}\\S*`, "gu")) ?? [], kind).toEqual([]);
        } else {
          const words = text
            .toLowerCase()
            .split(/[^\p{L}]+/u)
            .filter((w) => RUSSIAN_WORDS.has(w));
          expect(words, kind).toEqual([]);
        }
      }
    });
  });
});

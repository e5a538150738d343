/**
 * What each service's form asks, in words, from the question list (`questions.ts`): the text of
 * `docs/FORMS.md` (`npm run docs:forms` writes it; a test fails when it is stale). For whoever
 * checks the forms without reading code — a methodologist, a translator, a school.
 */
import { t, type Lang } from "#root/flows/i18n.ts";
import { listServices } from "#root/flows/services/index.ts";
import type { ServiceDefinition } from "#root/flows/services/types.ts";
import { questionsFor, type Question } from "./questions.ts";

const cell = (s: string) => s.replace(/\s+/g, " ").replace(/\|/g, "\\|").trim();

/** A question as asked: its own prompt, or (a document, a school) how its answer is named. */
function askedText(q: Question, lang: Lang): string {
  if (q.kind === "files" || q.kind === "school") return t(lang, q.label);
  return t(lang, q.prompt);
}

function whenText(service: ServiceDefinition, q: Question, lang: Lang): string {
  const when = q.when;
  if (!when) return t(lang, "forms-doc-always");
  if ("ageOutside" in when) {
    const { min, max } = when.ageOutside;
    const dayMonth = (day: string) => day.split("-").reverse().join(".");
    return t(lang, "forms-doc-age", { minDay: dayMonth(min.by), min: min.age, maxDay: dayMonth(max.on), max: max.age });
  }
  const on = questionsFor(service).find((o) => o.id === when.question)!;
  const options = on.kind === "choice" && on.field.kind === "choice" ? on.field.options : [];
  const values = when.in.map((v) => {
    const option = options.find((o) => o.value === v);
    return `«${option ? t(lang, option.label) : v}»`;
  });
  return `${t(lang, on.label)}: ${values.join(", ")}`;
}

function notesOf(q: Question, lang: Lang): string[] {
  const notes: string[] = [];
  if (q.stage === "parent" && !q.offer) notes.push("forms-doc-profile"); // the email is asked, the profile's offered
  if (q.offer) notes.push("forms-doc-offer");
  if (q.kind !== "school" && q.kind !== "files" && q.byContact) notes.push("forms-doc-contact");
  if (q.kind === "files" && q.required) notes.push("forms-doc-required");
  else if (q.skip !== undefined) notes.push("forms-doc-skip");
  return notes.map((key) => t(lang, key));
}

/** One service's questions as a Markdown table, in `lang`. */
export function describeForm(service: ServiceDefinition, lang: Lang): string {
  const col = (name: string) => t(lang, `forms-doc-col-${name}`);
  const rows = [`| ${["n", "stage", "asked", "named", "when"].map(col).join(" | ")} |`, "|---|---|---|---|---|"];
  let i = 0;
  for (const q of questionsFor(service)) {
    const notes = notesOf(q, lang);
    const asked = `${askedText(q, lang)}${notes.length ? ` _(${notes.join("; ")})_` : ""}`;
    const when = cell(whenText(service, q, lang));
    rows.push(`| ${++i} | ${t(lang, `apply-stage-${q.stage}`)} | ${cell(asked)} | ${cell(t(lang, q.label))} | ${when} |`);
    if (q.kind === "school" || q.kind === "files") continue;
    for (const d of q.derive ?? []) rows.push(`| | | _(${t(lang, "forms-doc-derived")})_ | ${cell(t(lang, d.label))} | ${when} |`);
  }
  return rows.join("\n");
}

/** `docs/FORMS.md`: every service's form, in Russian and in Kazakh. */
export function formsDocument(): string {
  const parts = [
    "# What the forms ask",
    "",
    "Generated from the question list (`flows/form/questions.ts`) by `npm run docs:forms`; do not edit by hand",
    "(`test/flows/form/describe.test.ts` fails when this file is stale). Each service's questions in the order the",
    "bot asks them, in Russian and in Kazakh, with how each answer is named on the statement, the review and the",
    "staff card, and when the question is asked.",
  ];
  for (const service of listServices()) {
    parts.push("", `## ${t("ru", service.catalog.title)} / ${t("kk", service.catalog.title)} (\`${service.id}\`)`);
    for (const lang of ["ru", "kk"] as const)
      parts.push("", `### ${lang === "ru" ? "Русский" : "Қазақша"}`, "", describeForm(service, lang));
  }
  return `${parts.join("\n")}\n`;
}

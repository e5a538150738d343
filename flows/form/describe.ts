/**
 * What each service's form asks, in words, from the question list (`questions.ts`): the text of
 * `docs/FORMS.md` (`npm run docs:forms` writes it; a test fails when it is stale). For whoever
 * checks the forms without reading code — a methodologist, a translator, a school.
 */
import { t, type Lang } from "#root/flows/i18n.ts";
import { listServices } from "#root/flows/services/index.ts";
import type { ServiceDefinition } from "#root/flows/services/types.ts";
import { questionsFor, type Question } from "./questions.ts";

const HEAD: Record<Lang, { n: string; stage: string; asked: string; named: string; when: string; always: string }> = {
  ru: { n: "№", stage: "Шаг", asked: "Вопрос", named: "Как назван ответ в заявлении", when: "Когда задаётся", always: "всегда" },
  kk: { n: "№", stage: "Қадам", asked: "Сұрақ", named: "Жауаптың өтініштегі атауы", when: "Қашан қойылады", always: "әрқашан" },
};

const NOTE: Record<Lang, Record<string, string>> = {
  ru: {
    profile: "из профиля, если он заполнен",
    derived: "вычисляется, не спрашивается",
    offer: "предлагается одним нажатием",
    skip: "можно пропустить",
    contact: "только своим контактом Telegram",
    required: "обязательный документ",
    age: "если возраст ребёнка на {day} вне {min}–{max} лет",
    ageOne: "если ребёнку на {day} не {min} лет",
  },
  kk: {
    profile: "профильде болса, сол жерден алынады",
    derived: "есептеледі, сұралмайды",
    offer: "бір басумен ұсынылады",
    skip: "өткізіп жіберуге болады",
    contact: "тек өз Telegram контактісімен",
    required: "міндетті құжат",
    age: "баланың {day}-дағы жасы {min}–{max} жастан тыс болса",
    ageOne: "баланың {day}-дағы жасы {min} емес болса",
  },
};

const cell = (s: string) => s.replace(/\s+/g, " ").replace(/\|/g, "\\|").trim();

/** A question as asked: its own prompt, or (a document, a school) how its answer is named. */
function askedText(q: Question, lang: Lang): string {
  if (q.kind === "files" || q.kind === "school") return t(lang, q.label);
  return t(lang, q.prompt);
}

function whenText(service: ServiceDefinition, q: Question, lang: Lang): string {
  const when = q.when;
  if (!when) return HEAD[lang].always;
  if ("ageOutside" in when) {
    const [month, day] = when.ageOutside.on.split("-");
    const { min, max } = when.ageOutside;
    return NOTE[lang]
      [min === max ? "ageOne" : "age"]!.replace("{day}", `${day}.${month}`)
      .replace("{min}", String(when.ageOutside.min))
      .replace("{max}", String(when.ageOutside.max));
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
  const n = NOTE[lang];
  const notes: string[] = [];
  if (q.stage === "parent") notes.push(n.profile!);
  if (q.offer) notes.push(n.offer!);
  if (q.kind !== "school" && q.kind !== "files" && q.byContact) notes.push(n.contact!);
  if (q.kind === "files" && q.required) notes.push(n.required!);
  else if (q.skip !== undefined) notes.push(n.skip!);
  return notes;
}

/** One service's questions as a Markdown table, in `lang`. */
export function describeForm(service: ServiceDefinition, lang: Lang): string {
  const h = HEAD[lang];
  const rows = [`| ${h.n} | ${h.stage} | ${h.asked} | ${h.named} | ${h.when} |`, "|---|---|---|---|---|"];
  let i = 0;
  for (const q of questionsFor(service)) {
    const notes = notesOf(q, lang);
    const asked = `${askedText(q, lang)}${notes.length ? ` _(${notes.join("; ")})_` : ""}`;
    const when = cell(whenText(service, q, lang));
    rows.push(`| ${++i} | ${t(lang, `apply-stage-${q.stage}`)} | ${cell(asked)} | ${cell(t(lang, q.label))} | ${when} |`);
    if (q.kind === "school" || q.kind === "files") continue;
    for (const d of q.derive ?? []) {
      rows.push(`| | | _(${NOTE[lang].derived})_ | ${cell(t(lang, d.label))} | ${when} |`);
    }
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

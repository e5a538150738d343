/**
 * Locale parity over every .ftl file (all features, not only this one): the same files and the
 * same message keys in Kazakh and Russian, every message formats without errors, and the number
 * sign is written one way in all of them ("№ 5", as the official documents write it).
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { FluentResource, type FluentVariable } from "@fluent/bundle";
import { describe, expect, it } from "vitest";
import { LANGS, LOCALES_DIR, t, type Lang } from "#root/flows/i18n.ts";

type Pattern = NonNullable<FluentResource["body"][number]["value"]>;
type Node = Pattern | Pattern[number] | { type: string; [key: string]: unknown };

const ftlFiles = (lang: Lang) =>
  readdirSync(join(LOCALES_DIR, lang))
    .filter((f) => f.endsWith(".ftl"))
    .sort();
const resourceOf = (lang: Lang, file: string) => new FluentResource(readFileSync(join(LOCALES_DIR, lang, file), "utf8"));
/** Message ids (terms start with "-" and are not messages). */
const messageIds = (lang: Lang, file: string) =>
  resourceOf(lang, file)
    .body.filter((m) => !m.id.startsWith("-"))
    .map((m) => m.id)
    .sort();

/** The variables a pattern uses, so that each message can be formatted with sample values. */
function variablesOf(node: Node | null | undefined, into = new Set<string>()): Set<string> {
  if (node === null || node === undefined || typeof node === "string") return into;
  if (Array.isArray(node)) {
    for (const element of node) variablesOf(element as Node, into);
    return into;
  }
  const n = node as Record<string, unknown>;
  if (n.type === "var") into.add(n.name as string);
  if (n.type === "select") {
    variablesOf(n.selector as Node, into);
    for (const v of n.variants as { value: Node }[]) variablesOf(v.value, into);
  }
  if (n.type === "func" || n.type === "term") for (const a of n.args as Node[]) variablesOf(a, into);
  if (n.type === "narg") variablesOf(n.value as Node, into);
  return into;
}

/**
 * A pattern's text as a reader sees it, a placeable other than a quoted literal standing as "{}", and
 * each variant of a select expression as a text of its own: "№{ $number }" reads "№{}".
 */
function textsOf(pattern: Pattern): string[] {
  if (typeof pattern === "string") return [pattern];
  let text = "";
  const variants: string[] = [];
  for (const element of pattern) {
    if (typeof element === "string") text += element;
    else if (element.type === "str") text += element.value;
    else {
      text += "{}";
      if (element.type === "select") for (const v of element.variants) variants.push(...textsOf(v.value));
    }
  }
  return [text, ...variants];
}

describe("locale files", () => {
  it("Kazakh and Russian have the same .ftl files", () => {
    expect(ftlFiles("kk")).toEqual(ftlFiles("ru"));
    expect(ftlFiles("kk").length).toBeGreaterThan(0);
  });

  const files = [...new Set([...ftlFiles("kk"), ...ftlFiles("ru")])];

  it.each(files)("%s: the same message keys in both languages", (file) => {
    expect(messageIds("kk", file)).toEqual(messageIds("ru", file));
  });

  it.each(files)("%s: parses without errors and has no duplicate keys", (file) => {
    for (const lang of LANGS) {
      const source = readFileSync(join(LOCALES_DIR, lang, file), "utf8");
      // FluentResource skips broken entries silently: a junk line means a lost message.
      const ids = messageIds(lang, file);
      expect(new Set(ids).size, `${lang}/${file}: duplicate keys`).toBe(ids.length);
      const declared = source.split("\n").filter((line) => /^[a-zA-Z][\w-]*\s*=/.test(line)).length;
      expect(ids.length, `${lang}/${file}: some messages did not parse`).toBe(declared);
    }
  });

  it.each(files)("%s: every message formats in both languages", (file) => {
    for (const lang of LANGS) {
      for (const message of resourceOf(lang, file).body.filter((m) => !m.id.startsWith("-"))) {
        const patterns = [message.value, ...Object.values(message.attributes)];
        const vars = new Set<string>();
        for (const p of patterns) variablesOf(p as Node, vars);
        // Numbers exercise plural selectors and format as text where a string is expected.
        for (const sample of [1, 3, 5]) {
          const args: Record<string, FluentVariable> = Object.fromEntries([...vars].map((v) => [v, sample]));
          if (message.value === null) continue; // attribute-only messages are read by the bots
          expect(() => t(lang, message.id, args), `${lang}/${file}: ${message.id}`).not.toThrow();
        }
      }
    }
  });

  it.each(files)("%s: '№' stands apart from the number after it, as in the documents ('№ 2026-000001', never '№2026-000001')", (file) => {
    // A space or a no-break space after the sign; a table column's heading may be the sign alone.
    const offenders = LANGS.flatMap((lang) =>
      resourceOf(lang, file).body.flatMap((entry) =>
        [entry.value, ...Object.values(entry.attributes)]
          .filter((p) => p !== null)
          .flatMap((p) => textsOf(p))
          .filter((text) => /№(?![ \u00a0]|$)/u.test(text))
          .map((text) => `${lang}/${file}: ${entry.id}: ${text}`),
      ),
    );
    expect(offenders).toEqual([]);
  });
});

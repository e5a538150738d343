/**
 * The text part of the hostile corpus: what every text question meets, and each field's own
 * traps. Each pair is [what the parent types, why it is here]; every one must be refused at its
 * question (the school search only checks the reply's shape: any 2–100 characters search).
 */
import { iinCheckDigit } from "#root/flows/iin.ts";
import type { Field } from "./corpus.ts";

/** An IIN with a correct check digit for any 11 first digits (the serial is bumped when 10). */
function withCheckDigit(first6: string, century: string): string {
  for (let serial = 1; ; serial++) {
    const first11 = `${first6}${century}${String(serial).padStart(4, "0")}`;
    const c = iinCheckDigit(first11);
    if (c !== null) return first11 + c;
  }
}
/** 11 digits whose check digit cannot exist (both weightings give 10). */
function noCheckDigit(): string {
  for (let s = 0; ; s++) {
    const first11 = `150309${5}${String(s).padStart(4, "0")}`;
    if (iinCheckDigit(first11) === null) return `${first11}0`;
  }
}

const toArabicIndic = (s: string) => s.replace(/\d/g, (d) => String.fromCharCode(0x0660 + Number(d)));
const toFullWidth = (s: string) => s.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

/** What every text question meets (the school search skips the empty message: that is no search). */
export function common(field: Field): Array<[string, string]> {
  return [
    ["", "empty text"],
    ["   ", "spaces only"],
    ["\n\t \n", "line breaks and a tab only"],
    ["\u00a0\u00a0\u00a0", "no-break spaces only"],
    ["\u200b\u200d\ufeff", "zero-width space, joiner and BOM only"],
    ["\u202e\u202d\u2066", "bidirectional overrides only"],
    ["\u0000\u0001\u0007\u001b[31m", "NUL, bell and an ANSI escape"],
    ["ж".repeat(10_000), "10,000 characters"],
    ["x".repeat(4097), "one character over the raw limit"],
    ["😀😀😀", "emoji"],
    ["👨\u200d👩\u200d👧\u200d👦", "an emoji ZWJ family"],
    ["مرحبا بالعالم", "Arabic (right-to-left)"],
    ["שלום עולם", "Hebrew (right-to-left)"],
    ["\u202eвонавИ", "a word behind a right-to-left override"],
    ["<b>Иван</b> <i>Петров</i>", "HTML bold/italic"],
    ['<a href="http://evil.example/">нажмите</a>', "HTML link"],
    ["<script>alert(1)</script>", "a script tag"],
    ["**Иван** __Петров__", "Markdown emphasis"],
    ["[Иван Петров](http://evil.example)", "a Markdown link"],
    ["`Иван` ```Петров```", "Markdown code"],
    ["'; DROP TABLE applications; --", "SQL injection"],
    ['" OR 1=1 --', "SQL tautology"],
    ["%s %s %n %x", "printf format"],
    ["{0} {1}", ".NET format"],
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the literal text a parent might type
    ["${process.env.BOT_TOKEN}", "template literal"],
    ["{ $name } { -brand }", "a Fluent placeable"],
    ["{{7*7}}", "template injection"],
    ["/unknown", "an unknown command"],
    ["/start@other_bot extra", "a command addressed to another bot"],
    ["undefined", "the word undefined"],
    ["null", "the word null"],
    ["Z̷̧̛a̴l̶g̵o̷", "combining marks (zalgo)"],
    ["\ud800", "a lone surrogate"],
  ].filter(([text]) => field !== "school-search" || text !== "") as Array<[string, string]>;
}

export const NAME_TRAPS: Array<[string, string]> = [
  ["Иван", "one word only"],
  ["Петров Иван Сергеевич Ахметұлы Кайрат", "five words"],
  ["Петров2 Иван", "a digit in a name"],
  ["Петр0в Иван", "zero for O"],
  ["Петров Иван 3", "a number as a word"],
  ["Петров_Иван", "an underscore"],
  ["Петров, Иван", "a comma"],
  ["Петров Иван.", "a final dot"],
  ["Петров -- Иван", "a lone dash word"],
  ["'Петров Иван", "a leading apostrophe"],
  ["Петров Иван 😀", "an emoji word"],
  ["Петров Ива\u0301н", "a combining accent"],
  ["Ｐｅｔｒｏｖ Ｉｖａｎ", "full-width Latin"],
  ["Πετρόβ Ιβάν", "Greek"],
  ["Петров Иван&amp;", "an HTML entity"],
  ["Петров <Иван>", "angle brackets"],
  ["Петров\u200bИван", "a zero-width space glues two words into one"],
  [`${"А".repeat(60)} ${"Б".repeat(60)}`, "longer than 100 characters"],
  ["Robert'); DROP TABLE users;--", "Bobby Tables"],
];

export function iinTraps(valid: string): Array<[string, string]> {
  const wrong = valid.slice(0, 11) + String((Number(valid[11]) + 1) % 10);
  return [
    ["12345", "five digits"],
    [valid.slice(0, 11), "11 digits"],
    [`${valid}0`, "13 digits"],
    [wrong, "a wrong check digit"],
    [withCheckDigit("151309", "5"), "month 13 (check digit right)"],
    [withCheckDigit("150332", "5"), "day 32 (check digit right)"],
    [withCheckDigit("150230", "5"), "30 February (check digit right)"],
    [withCheckDigit("150309", "0"), "century digit 0"],
    [withCheckDigit("150309", "9"), "century digit 9"],
    [noCheckDigit(), "11 digits that cannot have a check digit"],
    ["000000000000", "all zeros"],
    ["ABCDEFGHIJKL", "twelve letters"],
    [valid.replace("0", "O"), "letter O for zero"],
    [toArabicIndic(valid), "Arabic-Indic digits"],
    [toFullWidth(valid), "full-width digits"],
    [`+${valid}`, "a plus sign"],
    [`${valid.slice(0, 6)}.${valid.slice(6)}`, "a dot inside"],
    [`${valid} ${valid}`, "the IIN twice"],
    [`ИИН ${valid}`, "a word before the IIN"],
    [`<b>${valid}</b>`, "the IIN in HTML"],
    ["9".repeat(40), "40 digits"],
    ["1.5e11", "a float"],
  ];
}

export const EMAIL_TRAPS: Array<[string, string]> = [
  ["not-an-email", "no at sign"],
  ["a@b", "no top-level domain"],
  ["@mail.kz", "no local part"],
  ["name@", "no domain"],
  ["name@@mail.kz", "two at signs"],
  ["name @mail.kz", "a space inside"],
  [".name@mail.kz", "a leading dot"],
  ["name@mail..kz", "two dots in the domain"],
  ["<script>@mail.kz", "a tag as the local part"],
  ["name@mail.kz<script>alert(1)</script>", "a tag after the address"],
  ["name@mail.kz'; DROP TABLE users; --", "SQL after the address"],
  ["name@mail.kz\r\nBcc: victim@mail.kz", "header injection"],
  ["name@mail.kz, other@mail.kz", "two addresses"],
  ["mailto:name@mail.kz", "a mailto: link"],
  [`${"a".repeat(250)}@mail.kz`, "longer than 254 characters"],
  ["name@localhost", "no public domain"],
  ["name@mail.kz😀", "an emoji in the domain"],
  ["[name@mail.kz](http://evil.example)", "a Markdown link"],
];

export function dateTraps(valid: string): Array<[string, string]> {
  return [
    ["31.02.2015", "31 February"],
    ["29.02.2015", "29 February of a common year"],
    ["00.00.2015", "day and month 0"],
    ["32.01.2015", "day 32"],
    ["09.13.2015", "month 13"],
    ["01.01.2099", "in the future"],
    ["01.01.1899", "before 1900"],
    ["09.03.15", "a two-digit year"],
    ["9 марта 2015", "the month in words"],
    [`${valid} г.`, "with 'г.'"],
    ["09-03/2015", "mixed separators"],
    ["2015/03/09", "year first with slashes"],
    [toArabicIndic(valid), "Arabic-Indic digits"],
    [toFullWidth(valid), "full-width digits"],
    [`${valid}; DROP TABLE applications`, "SQL after the date"],
    ["NaN.NaN.NaN", "NaN"],
    ["-1.-1.2015", "negative numbers"],
    ["1e1.03.2015", "exponent notation"],
    ["10000-01-01", "a five-digit year"],
    ["сегодня", "'today' in words"],
  ];
}

export const GRADE_TRAPS: Array<[string, string]> = [
  ["12", "grade 12"],
  ["-1", "a negative grade"],
  ["100", "grade 100"],
  ["011", "three digits"],
  ["5.5", "a fraction"],
  ["5,5", "a decimal comma"],
  ["+5", "a plus sign"],
  ["пять", "in words (ru)"],
  ["бесінші", "in words (kk)"],
  ["V", "a Roman numeral"],
  ["٥", "an Arabic-Indic digit"],
  ["５", "a full-width digit"],
  ["5 5", "two numbers"],
  ["5 лет", "an age instead of a grade"],
  ["Infinity", "Infinity"],
  ["0x5", "hexadecimal"],
  ["5<b>", "a digit and a tag"],
];

export const CATEGORY_TRAPS: Array<[string, string]> = [
  ["богатая семья", "not an option"],
  ["Многодетная семья<b>", "an option with a tag"],
  ["Mногодетная семья", "a Latin M in a Cyrillic label"],
  ["Kөпбалалы отбасы", "a Latin K in a Kazakh label"],
  ["Многодетная\u200bсемья", "a zero-width space instead of a space"],
  ["ASP", "an option value in capitals"],
  ["f:asp", "the button's callback data as text"],
  ["asp; DROP TABLE applications", "SQL after a value"],
  ["Многодетная семья, АСП", "two options at once"],
  ["*", "a wildcard"],
  ["1", "an option number"],
  ["{ $category }", "a Fluent placeable"],
];

export const SEARCH_TRAPS: Array<[string, string]> = [
  ["я", "one character"],
  ["ш".repeat(101), "101 characters"],
  ["%%", "LIKE wildcards"],
  ["_ _", "LIKE single-character wildcards"],
  ["' OR 1=1 --", "SQL tautology"],
  ["000000000000", "a BIN that is no school"],
  ["&lt;b&gt;школа&lt;/b&gt;", "escaped HTML must not be unescaped twice"],
  ["<b>школа</b> <u>№1</u>", "HTML tags"],
];

export const NUMBER_TRAPS: Array<[string, string]> = [
  ["№ <b>125</b>", "HTML around a document number"],
  ["без номера", "no digit"],
  ["№", "the number sign alone"],
  ["125; DROP TABLE applications", "SQL after the number"],
  ["125'", "a quote"],
  ['125"', "a double quote"],
  ["125@", "an at sign"],
  // biome-ignore lint/suspicious/noTemplateCurlyInString: the literal text a parent might type
  ["${x}1", "a template literal"],
  ["%s1", "a format string"],
  ["{0}1", "a .NET format"],
  ["[125](http://evil.example)", "a Markdown link"],
  ["**125**", "Markdown bold"],
  ["125 😀", "an emoji"],
  ["١٢٥", "Arabic-Indic digits only"],
  ["125&lt;", "an HTML entity"],
  ["`125`", "backticks"],
  ["1".repeat(51), "longer than 50 characters"],
  ["125\u202e<К/", "an RTL override hiding a tag"],
];

export function conclusionDateTraps(valid: string): Array<[string, string]> {
  return [
    ["01.01.2001", "older than a year"],
    ["01.01.2099", "in the future"],
    ["31.02.2024", "31 February"],
    [valid.replace(/\./g, " "), "spaces instead of dots"],
    ["сегодня", "'today' in words"],
    [`${valid}<b>`, "a tag after the date"],
    [toArabicIndic(valid), "Arabic-Indic digits"],
  ];
}

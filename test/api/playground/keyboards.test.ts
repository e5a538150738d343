/**
 * What real Telegram refuses, the playground refuses too, with Telegram's words: a text, a caption or a
 * button's text cut inside an emoji (half a surrogate pair is not UTF-8), and more than 100 inline buttons.
 */
import { describe, expect, it } from "vitest";
import { formattedText } from "#root/api/playground/compose.ts";
import { validateMarkup } from "#root/api/playground/keyboards.ts";
import { Params } from "#root/api/playground/params.ts";

const half = "🙂".slice(0, 1);
const refused = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return (e as { code?: number; description?: string }).description ?? String(e);
  }
  return "accepted";
};

describe("the playground's Bot API", () => {
  it("refuses a text, a caption or a button cut inside an emoji, and takes whole emoji", () => {
    const notUtf8 = "Bad Request: strings must be encoded in UTF-8";
    expect(refused(() => formattedText(new Params({ text: `Сауле ${half}` }), "text"))).toBe(notUtf8);
    expect(refused(() => formattedText(new Params({ text: `<b>${half}</b>`, parse_mode: "HTML" }), "text"))).toBe(notUtf8);
    expect(refused(() => formattedText(new Params({ caption: `${"🙂".slice(1)} заявление` }), "caption"))).toBe(notUtf8);
    expect(refused(() => validateMarkup({ inline_keyboard: [[{ text: `🚫 Сауле ${half}`, callback_data: "x" }]] }))).toBe(notUtf8);
    expect(refused(() => validateMarkup({ keyboard: [[{ text: `Сауле ${half}` }]] }))).toBe(notUtf8);
    expect(refused(() => validateMarkup({ keyboard: [[`Сауле ${half}`]] }))).toBe(notUtf8);

    expect(formattedText(new Params({ text: "Сауле 🙂" }), "text")?.text).toBe("Сауле 🙂");
    expect(validateMarkup({ inline_keyboard: [[{ text: "🚫 Сауле 🙂", callback_data: "x" }]] }).inline).toBeDefined();
  });

  it("takes 100 inline buttons and refuses 101", () => {
    const rows = (n: number) => Array.from({ length: n }, (_, i) => [{ text: `№${i}`, callback_data: `b${i}` }]);
    expect(validateMarkup({ inline_keyboard: rows(100) }).inline?.inline_keyboard).toHaveLength(100);
    expect(refused(() => validateMarkup({ inline_keyboard: rows(101) }))).toBe("Bad Request: reply markup is too long");
  });
});

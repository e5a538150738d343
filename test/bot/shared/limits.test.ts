/**
 * Telegram's limits as Telegram counts them: what a client shows once the HTML is parsed. What
 * staff or parents typed is cut to a length without breaking an escape or an emoji in half.
 */
import { describe, expect, it } from "vitest";
import { esc } from "#root/bot/shared/html.ts";
import { linesThatFit, shorten, shownLength } from "#root/bot/shared/limits.ts";

describe("shownLength", () => {
  it("counts the text a client shows: tags left out, an escaped character as one", () => {
    expect(shownLength(`<b>Причина:</b> ${esc("<форма 086> & справка")}`)).toBe("Причина: <форма 086> & справка".length);
  });
});

describe("shorten", () => {
  it("leaves a text that fits as it is", () => {
    expect(shorten("Спасибо", 7)).toBe("Спасибо");
  });

  it("cuts at a word's end with an ellipsis, never longer than asked", () => {
    const cut = shorten("Долго ждали ответа, и звонок не дошёл", 30);
    expect(cut).toBe("Долго ждали ответа, и звонок…");
    expect(cut.length).toBeLessThanOrEqual(30);
  });

  it("never leaves half of an emoji", () => {
    expect(shorten("Ок👍👍👍", 4)).toBe("Ок…");
  });
});

describe("linesThatFit", () => {
  it("counts the lines that fit with their newlines, and at least one", () => {
    expect(linesThatFit(["aaaa", "bbbb", "cccc"], 9)).toBe(2);
    expect(linesThatFit(["a".repeat(50)], 10)).toBe(1);
    expect(linesThatFit([], 10)).toBe(0);
  });
});

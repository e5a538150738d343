/**
 * Telegram's limits as Telegram counts them: what a client shows once the HTML is parsed. What
 * staff or parents typed is cut (`flows/text.ts`'s `shorten`) before it is escaped.
 */
import { describe, expect, it } from "vitest";
import { esc } from "#root/bot/shared/html.ts";
import { linesThatFit, shownLength } from "#root/bot/shared/limits.ts";

describe("shownLength", () => {
  it("counts the text a client shows: tags left out, an escaped character as one", () => {
    expect(shownLength(`<b>Причина:</b> ${esc("<форма 086> & справка")}`)).toBe("Причина: <форма 086> & справка".length);
  });
});

describe("linesThatFit", () => {
  it("counts the lines that fit with their newlines, and at least one", () => {
    expect(linesThatFit(["aaaa", "bbbb", "cccc"], 9)).toBe(2);
    expect(linesThatFit(["a".repeat(50)], 10)).toBe(1);
    expect(linesThatFit([], 10)).toBe(0);
  });
});

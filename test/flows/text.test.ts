/**
 * Text shared by the bots and the documents: what parents or staff typed, escaped for HTML and cut
 * to a length without breaking an emoji in half (Telegram refuses a lone surrogate).
 */
import { describe, expect, it } from "vitest";
import { escapeHtml, shorten } from "#root/flows/text.ts";

describe("escapeHtml", () => {
  it("escapes what would be read as markup, quotes included", () => {
    expect(escapeHtml(`<b>"Асқар" & 'Ко'</b>`)).toBe("&lt;b&gt;&quot;Асқар&quot; &amp; &#39;Ко&#39;&lt;/b&gt;");
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

/** Telegram's HTML subset, as the emulator accepts and refuses it. */
import { describe, expect, it } from "vitest";
import { EntityParseError, parseTelegramHtml } from "#root/api/playground/html.ts";

describe("parseTelegramHtml", () => {
  it("turns Telegram's tags into entities with UTF-16 offsets and decodes entities", () => {
    expect(parseTelegramHtml("<b>Өтініш</b> №12 &lt;ok&gt; &amp; <i>😀 <u>x</u></i>")).toEqual({
      text: "Өтініш №12 <ok> & 😀 x",
      entities: [
        { type: "bold", offset: 0, length: 6 },
        { type: "italic", offset: 18, length: 4 },
        { type: "underline", offset: 21, length: 1 },
      ],
    });
  });

  it("knows links, spoilers, code blocks with a language and expandable quotes", () => {
    const { entities } = parseTelegramHtml(
      '<a href="https://egov.kz/x?a=1&amp;b=2">e</a><span class="tg-spoiler">s</span><tg-spoiler>t</tg-spoiler><pre><code ' +
        'class="language-ts">c</code></pre><blockquote expandable>q</blockquote><a href="tg://user?id=5">m</a>',
    );
    expect(entities).toEqual([
      { type: "text_link", offset: 0, length: 1, url: "https://egov.kz/x?a=1&b=2" },
      { type: "spoiler", offset: 1, length: 1 },
      { type: "spoiler", offset: 2, length: 1 },
      { type: "pre", offset: 3, length: 1, language: "ts" },
      { type: "expandable_blockquote", offset: 4, length: 1 },
      { type: "text_mention", offset: 5, length: 1, user: { id: 5, is_bot: false, first_name: "" } },
    ]);
  });

  it("drops a link whose URL Telegram would not accept but keeps its text", () => {
    expect(parseTelegramHtml('<a href="javascript:alert(1)">x</a>')).toEqual({ text: "x", entities: [] });
  });

  it.each([
    ["line<br>break", 'Unsupported start tag "br" at byte offset 4'],
    ["<b>bold", 'Can\'t find end tag corresponding to start tag "b"'],
    ["<b>x</i>", 'Unmatched end tag at byte offset 4, expected "</b>", found "</i>"'],
    ["x</b>", "Unexpected end tag at byte offset 1"],
    ["Сәлем <script>", 'Unsupported start tag "script" at byte offset 11'],
    ['<span class="red">x</span>', 'Tag "span" must have class "tg-spoiler" at byte offset 0'],
    ["1 < 2", 'Unsupported start tag "" at byte offset 2'],
    ["<b", "Unclosed start tag at byte offset 0"],
  ])("refuses %j like Telegram", (html, message) => {
    expect(() => parseTelegramHtml(html)).toThrow(new EntityParseError(message));
  });

  it("keeps a stray ampersand and unknown named entities as text", () => {
    expect(parseTelegramHtml("A & B &nbsp; &#1179;").text).toBe("A & B &nbsp; қ");
  });
});

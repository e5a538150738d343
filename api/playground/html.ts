/**
 * Telegram's HTML formatting subset (parse_mode "HTML"): parses a bot's text
 * into plain text plus MessageEntity[], refusing what Telegram refuses
 * (unknown tags such as <br>, unbalanced tags) with Telegram's error texts.
 * Offsets are UTF-16 code units, as in the Bot API; error offsets are UTF-8
 * bytes, as in Telegram's messages.
 */
import type { MessageEntity } from "grammy/types";

/** The result of parsing: what a Telegram client would display. */
export interface ParsedText {
  text: string;
  entities: MessageEntity[];
}

/** Thrown for HTML that Telegram would refuse; `message` is Telegram's text after "can't parse entities: ". */
export class EntityParseError extends Error {}

const SIMPLE_TAGS: Record<string, MessageEntity["type"]> = {
  b: "bold",
  strong: "bold",
  i: "italic",
  em: "italic",
  u: "underline",
  ins: "underline",
  s: "strikethrough",
  strike: "strikethrough",
  del: "strikethrough",
  code: "code",
  pre: "pre",
  blockquote: "blockquote",
  "tg-spoiler": "spoiler",
};
const NAMED: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"' };

type EntityBody = MessageEntity extends infer E ? (E extends unknown ? Omit<E, "offset" | "length"> : never) : never;

interface Open {
  tag: string;
  start: number;
  entity: EntityBody | undefined;
}

/** Parses Telegram-flavoured HTML. Throws {@link EntityParseError} on what Telegram rejects. */
export function parseTelegramHtml(source: string): ParsedText {
  const byteAt = (i: number) => Buffer.byteLength(source.slice(0, i), "utf8");
  const stack: Open[] = [];
  const entities: MessageEntity[] = [];
  let out = "";
  let i = 0;
  while (i < source.length) {
    const c = source[i]!;
    if (c === "&") {
      const m = /^&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-zA-Z]{1,10});/.exec(source.slice(i, i + 12));
      const decoded = m ? decodeEntity(m[1]!) : undefined;
      if (m && decoded !== undefined) {
        out += decoded;
        i += m[0].length;
      } else {
        out += c; // Telegram keeps a stray "&" as text
        i++;
      }
      continue;
    }
    if (c !== "<") {
      out += c;
      i++;
      continue;
    }
    const close = source.indexOf(">", i);
    if (source[i + 1] === "/") {
      if (close < 0) throw new EntityParseError(`Unclosed end tag at byte offset ${byteAt(i)}`);
      const name = source
        .slice(i + 2, close)
        .trim()
        .toLowerCase();
      const top = stack.pop();
      if (!top) throw new EntityParseError(`Unexpected end tag at byte offset ${byteAt(i)}`);
      if (top.tag !== name) {
        throw new EntityParseError(`Unmatched end tag at byte offset ${byteAt(i)}, expected "</${top.tag}>", found "</${name}>"`);
      }
      if (top.entity && out.length > top.start) {
        entities.push({ ...top.entity, offset: top.start, length: out.length - top.start } as MessageEntity);
      }
      i = close + 1;
      continue;
    }
    const nameMatch = /^[a-zA-Z][a-zA-Z0-9-]*/.exec(source.slice(i + 1));
    const name = (nameMatch?.[0] ?? "").toLowerCase();
    if (!name) throw new EntityParseError(`Unsupported start tag "" at byte offset ${byteAt(i)}`);
    if (close < 0) throw new EntityParseError(`Unclosed start tag at byte offset ${byteAt(i)}`);
    const attrs = parseAttributes(source.slice(i + 1 + name.length, close), name, byteAt(i));
    const entity = entityFor(name, attrs, byteAt(i), stack);
    stack.push({ tag: name, start: out.length, entity });
    i = close + 1;
  }
  const unclosed = stack.pop();
  if (unclosed) throw new EntityParseError(`Can't find end tag corresponding to start tag "${unclosed.tag}"`);
  entities.sort((a, b) => a.offset - b.offset || b.length - a.length);
  return { text: out, entities };
}

function decodeEntity(body: string): string | undefined {
  if (body.startsWith("#x") || body.startsWith("#X")) return safeCodePoint(parseInt(body.slice(2), 16));
  if (body.startsWith("#")) return safeCodePoint(parseInt(body.slice(1), 10));
  return NAMED[body.toLowerCase()];
}

function safeCodePoint(n: number): string | undefined {
  return n > 0 && n <= 0x10ffff ? String.fromCodePoint(n) : undefined;
}

function parseAttributes(raw: string, tag: string, offset: number): Map<string, string> {
  const attrs = new Map<string, string>();
  const re = /\s*([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/y;
  let pos = 0;
  while (pos < raw.length) {
    if (/^\s*\/?\s*$/.test(raw.slice(pos))) break;
    re.lastIndex = pos;
    const m = re.exec(raw);
    if (!m || m[0].length === 0) {
      throw new EntityParseError(`Expected equal sign in declaration of an attribute of the tag "${tag}" at byte offset ${offset}`);
    }
    const value = m[2] ?? m[3] ?? m[4] ?? "";
    attrs.set(m[1]!.toLowerCase(), decodeAttr(value));
    pos = re.lastIndex;
  }
  return attrs;
}

function decodeAttr(value: string): string {
  return value.replace(/&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-zA-Z]{1,10});/g, (all, body: string) => decodeEntity(body) ?? all);
}

function entityFor(tag: string, attrs: Map<string, string>, offset: number, stack: Open[]): Open["entity"] {
  if (tag === "a") {
    const url = normaliseUrl(attrs.get("href") ?? "");
    if (!url) return undefined;
    const mention = /^tg:\/\/user\?id=(\d+)$/.exec(url);
    if (mention) return { type: "text_mention", user: { id: Number(mention[1]), is_bot: false, first_name: "" } };
    return { type: "text_link", url };
  }
  if (tag === "span") {
    if (attrs.get("class") !== "tg-spoiler") {
      throw new EntityParseError(`Tag "span" must have class "tg-spoiler" at byte offset ${offset}`);
    }
    return { type: "spoiler" };
  }
  if (tag === "tg-emoji") {
    const id = attrs.get("emoji-id");
    if (!id) throw new EntityParseError(`Custom emoji identifier must be specified at byte offset ${offset}`);
    return { type: "custom_emoji", custom_emoji_id: id };
  }
  const type = SIMPLE_TAGS[tag];
  if (!type) throw new EntityParseError(`Unsupported start tag "${tag}" at byte offset ${offset}`);
  if (tag === "code") {
    const parent = stack.at(-1);
    const language = /^language-(.+)$/.exec(attrs.get("class") ?? "")?.[1];
    // <pre><code class="language-x"> is one pre entity with a language, as in Telegram.
    if (parent?.tag === "pre" && parent.entity) {
      if (language) parent.entity = { type: "pre", language };
      return undefined;
    }
  }
  if (tag === "blockquote" && attrs.has("expandable")) return { type: "expandable_blockquote" };
  return { type } as Open["entity"];
}

/** Keeps links Telegram would keep: http(s) and tg:, bare domains get "http://". */
function normaliseUrl(href: string): string | undefined {
  const url = href.trim();
  if (/^(https?|tg):/i.test(url)) return url;
  if (/^[a-z0-9-]+(\.[a-z0-9-]+)+(\/.*)?$/i.test(url)) return `http://${url}`;
  return undefined;
}

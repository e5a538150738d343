/**
 * Plays corpus entries at a question of the parent bot and checks what a parent would notice:
 * a reply comes, it is not the generic error, it is in the parent's language with no raw
 * Fluent key, and the draft (or, before there is one, the registration) did not change.
 *
 * Replies are attributed exactly: after each input the driver waits until the bot has
 * finished handling that update (the `desk_updates_total` counter of /metrics), then reads
 * every bot message and callback answer that appeared since the input was sent.
 */
import { expect } from "vitest";
import type { Message } from "grammy/types";
import { getApplication, listDocuments } from "#root/db/queries/applications.ts";
import { findUserByTelegramId } from "#root/db/queries/users.ts";
import { allPageChecksDone } from "#root/flows/form/pages.ts";
import { cleanText } from "#root/flows/form.ts";
import { t, type Lang } from "#root/flows/i18n.ts";
import type { TestSystem } from "#root/test/helpers/system.ts";
import type { TgChat } from "#root/test/helpers/tg-client.ts";
import type { HostileInput } from "./corpus.ts";
import { expectedReplies } from "./replies.ts";

const GENERIC = /Что-то пошло не так|Қате орын алды|временно недоступен|уақытша қолжетімсіз/;
const RAW_KEY =
  /\b(?:form|apply|ask|registration|services|review|sign|button|error|catalog|consent|fallback|resume|my|support)-[a-z]+(?:-[a-z0-9]+)*\b/;
const LEAK = /undefined|\bNaN\b|\{ ?\$|\[object Object\]/;
const KK_LETTERS = /[әғқңөұүһі]/i;
/** HTML tags a parent may type (a payload with these must be shown as text if echoed). */
const TAG = /<\/?[a-z][^>]*>/gi;
const HAS_TAG = /<\/?[a-z][^>]*>/i;

/** What the bot said in answer to one input. */
export interface Reply {
  texts: string[];
  messages: Message[];
}

/** Text (or caption) of a message, as the user sees it. */
export const textOf = (m: Message): string => m.text ?? m.caption ?? "";

export class Driver {
  /** Updates this driver sent to the parent bot (all parents of the system go through one driver). */
  private sent = 0;
  private errorsSeen = 0;
  private appId: string | undefined;
  /** How many entries were played, per field, for the summary. */
  readonly played = new Map<string, number>();

  constructor(
    private readonly system: TestSystem,
    public parent: TgChat,
    public lang: Lang,
  ) {}

  /** Switch to another parent (and language); "unchanged" means their registration until a draft exists. */
  use(parent: TgChat, lang: Lang): void {
    this.parent = parent;
    this.lang = lang;
    this.appId = undefined;
  }

  /** From now on, "unchanged" means this draft (before: the parent's registration). */
  watchDraft(appId: string): void {
    this.appId = appId;
  }

  private async counters(): Promise<{ total: number; errors: number; limited: number }> {
    const res = await fetch(`http://127.0.0.1:${this.system.port}/metrics`);
    const body = await res.text();
    let total = 0;
    let errors = 0;
    let limited = 0;
    for (const m of body.matchAll(/^desk_updates_total\{([^}]*)\} (\d+)$/gm)) {
      if (!m[1]!.includes('bot="parent"')) continue;
      const n = Number(m[2]);
      total += n;
      if (m[1]!.includes('outcome="error"')) errors += n;
      if (m[1]!.includes('outcome="rate_limited"')) limited += n;
    }
    return { total, errors, limited };
  }

  /** Wait until the bot has handled every update sent so far; answers how many of them failed. */
  private async settle(context: string): Promise<number> {
    const deadline = Date.now() + 15_000;
    for (;;) {
      const c = await this.counters();
      if (c.total >= this.sent) {
        const newErrors = c.errors - this.errorsSeen;
        this.errorsSeen = c.errors;
        expect(c.limited, `rate limited after ${context}`).toBe(0);
        return newErrors;
      }
      if (Date.now() > deadline)
        throw new Error(`The bot did not finish handling ${context} within 15 s (${c.total}/${this.sent} updates).`);
      await new Promise((r) => setTimeout(r, 3));
    }
  }

  /** Do one user action and return everything the bot said until it finished handling it. */
  async act(
    what: string,
    action: () => unknown,
    /** What else to wait for once the update is handled (work it left running). */
    after?: (() => Promise<void>) | false,
  ): Promise<Reply & { callbackTexts: string[]; errors: number }> {
    const log = this.system.playground!.state.events;
    const cursor = log.seq;
    const result = await action();
    this.sent++;
    const errors = await this.settle(what);
    if (after) await after();
    const key = this.parent.chat.chat.key;
    const messages: Message[] = [];
    const callbackTexts: string[] = [];
    for (const e of log.since(cursor)) {
      if ((e.type === "message" || e.type === "edit") && e.sender === "bot" && e.chatKey === key) messages.push(e.message);
      if (e.type === "callback_answer" && e.queryId === result) callbackTexts.push(e.text ?? "");
    }
    return { messages, texts: messages.map(textOf), callbackTexts, errors };
  }

  /** A valid step: the bot must answer with something matching `expected`. */
  async step(what: string, action: () => unknown, expected: RegExp): Promise<Reply> {
    const reply = await this.act(what, action);
    expect(reply.errors, `unhandled error in the bot after ${what}`).toBe(0);
    for (const text of reply.texts) expect(text, `after ${what}`).not.toMatch(GENERIC);
    expect(reply.texts.join("\n---\n"), `after ${what}`).toMatch(expected);
    return reply;
  }

  private async snapshot(answersOnly?: boolean): Promise<unknown> {
    const db = this.system.database.db;
    if (!this.appId) {
      const user = await findUserByTelegramId(db, this.parent.chat.user.id);
      return user ? { phone: user.phone, fullName: user.fullName, iin: user.iin, lang: user.lang } : null;
    }
    const app = await getApplication(db, this.appId);
    const docs = await listDocuments(db, this.appId);
    // A section all of whose answers went is no answer, as none.
    const form = answersOnly ? Object.fromEntries(Object.entries(app?.form ?? {}).filter(([, v]) => !isEmptyObject(v))) : app?.form;
    return {
      form,
      stage: app?.stage,
      status: app?.status,
      childId: app?.childId,
      schoolId: app?.schoolId,
      statementFileId: app?.statementFileId,
      ...(answersOnly ? {} : { updatedAt: app?.updatedAt?.toISOString() }),
      documents: docs.map((d) => ({ requirementId: d.requirementId, fileId: d.fileId, position: d.position })),
    };
  }

  /** The latest bot message with an inline keyboard (the question), else the latest bot message. */
  private questionId(): number {
    const bots = this.parent.botMessages();
    return (bots.filter((m) => m.reply_markup).at(-1) ?? bots.at(-1))!.message_id;
  }

  private send(e: HostileInput): unknown {
    const { parent } = this;
    const chat = parent.chat;
    switch (e.kind) {
      case "text":
        return parent.send(e.text);
      case "sticker":
        return chat.sendSticker(e.emoji);
      case "voice":
        return chat.sendVoice(e.bytes, e.seconds);
      case "location":
        return chat.sendLocation(e.latitude, e.longitude);
      case "contact":
        return parent.sendContact(e.contact);
      case "forward":
        return chat.sendForwarded(e.text);
      case "photo":
        return parent.sendPhoto(e.bytes, e.caption);
      case "document":
        return parent.sendDocument(e.file.bytes(), e.file.fileName, e.file.mimeType);
      case "callback":
        return chat.tapButton(this.questionId(), e.data);
      case "edit": {
        const own = chat.messages().filter((m) => m.sender === "user" && m.message.text !== undefined);
        return chat.edit(own.at(-1)!.message.message_id, e.text);
      }
    }
  }

  /**
   * Survey mode, for exploring a new corpus by hand: set it to `[]` to record failures and go
   * on instead of stopping at the first (and `transcript` to `[]` to keep every reply).
   */
  survey: string[] | undefined;

  /** Play one hostile entry at the current question and check the reply and the draft. */
  async play(e: HostileInput): Promise<void> {
    if (!this.survey) return this.playOne(e);
    try {
      await this.playOne(e);
    } catch (err) {
      const texts = this.lastReply.join(" | ").slice(0, 300);
      this.survey.push(`${(err as Error).message.split("\n")[0]}\n      bot said: ${texts}`);
    }
  }

  private lastReply: string[] = [];
  /** Development aid: every input and what the bot said. */
  transcript: string[] | undefined;

  private async playOne(e: HostileInput): Promise<void> {
    const label = `${e.field} ← ${e.kind} (${e.note})${e.kind === "text" ? ` ${JSON.stringify(e.text.slice(0, 40))}` : ""} [${this.lang}]`;
    this.played.set(e.field, (this.played.get(e.field) ?? 0) + 1);
    const before = await this.snapshot(e.later);
    // Refused after the answer: what the bot said until the photo's check was done.
    const reply = await this.act(label, () => this.send(e), e.later && allPageChecksDone);
    const all = [...reply.texts, ...reply.callbackTexts];
    this.lastReply = all;
    this.transcript?.push(
      `${label}\n    → ${all
        .join("\n    → ")
        .replace(/\n(?! {4}→)/g, " ⏎ ")
        .slice(0, 400)}`,
    );
    // (b) no unhandled error: the bot's error counter did not move.
    expect(reply.errors, `unhandled error in the bot after ${label}`).toBe(0);
    // (a) no silence: a message, or an answer to the tapped button that says something.
    expect(
      all.filter((t) => t.trim() !== ""),
      `no reply to ${label}`,
    ).not.toHaveLength(0);
    const payload = e.kind === "text" || e.kind === "forward" ? e.text : e.kind === "photo" ? (e.caption ?? "") : "";
    for (const text of all) this.checkLocalized(text, payload, label);
    if (e.says) expect(all.join("\n"), `the refusal of ${label}`).toMatch(e.says);
    // The first reply answers this question, not another one; refused after the answer, the last asks it again.
    // (Refused after the answer, the first says the page was taken: "Получено страниц: 1 ✅ …".)
    const taken = t(this.lang, "apply-docs-kept", { count: 1, name: "" }).split(":")[0]!;
    if (e.later) expect(all[0], `the first reply to ${label}`).toContain(taken);
    else expect(all[0], `the first reply to ${label}`).toMatch(expectedReplies(e.field, this.lang));
    if (e.later) expect(all.at(-1), `the last reply to ${label}`).toContain(`· ${t(this.lang, "apply-stage-documents")}\n`);
    if (e.kind === "text") this.checkEcho(e.field, e.text, reply.messages, label);
    // (d) the draft is exactly as before (refused after the answer: its answers and pages, written twice since).
    expect(await this.snapshot(e.later), `the draft after ${label}`).toEqual(before);
  }

  /** (b) and (c): not the generic error, the parent's language, no raw key or leaked placeholder. */
  checkLocalized(text: string, payload: string, label: string): void {
    expect(text, `reply to ${label}`).not.toMatch(GENERIC);
    // What the parent typed may be quoted back: judge only the bot's own words.
    const cleaned = payload ? cleanText(payload) : "";
    const own = cleaned ? text.split(cleaned).join(" ") : text;
    expect(own, `reply to ${label} is not localized`).toMatch(/[а-яё]/i);
    if (this.lang === "kk") expect(own, `reply to ${label} is not Kazakh`).toMatch(KK_LETTERS);
    else expect(own, `reply to ${label} is not Russian`).not.toMatch(KK_LETTERS);
    expect(own, `reply to ${label} shows a raw key`).not.toMatch(RAW_KEY);
    expect(own, `reply to ${label} leaks a placeholder`).not.toMatch(LEAK);
  }

  /**
   * User-provided HTML is never rendered: no formatting entity of a reply covers text that
   * came from the parent's tagged input; and where the bot quotes the input back (the school
   * search does), the quote is the cleaned input character for character — tags visible as
   * text, entities not decoded a second time.
   */
  private checkEcho(field: string, raw: string, messages: Message[], label: string): void {
    const cleaned = cleanText(raw);
    if (HAS_TAG.test(raw)) {
      const visible = cleanText(raw.replace(TAG, ""));
      for (const m of messages) {
        const text = textOf(m);
        for (const en of m.entities ?? m.caption_entities ?? []) {
          const covered = text.slice(en.offset, en.offset + en.length);
          if (covered.trim().length >= 2 && visible.includes(covered.trim()) && !text.includes(cleaned)) {
            throw new Error(
              `The bot rendered the parent's HTML for ${label}: ${en.type} over ${JSON.stringify(covered)} in ${JSON.stringify(text)}`,
            );
          }
        }
      }
    }
    if (field === "school-search" && cleaned.length >= 2 && cleaned.length <= 100 && !raw.startsWith("/")) {
      expect(messages.map(textOf).join("\n"), `the search for ${label} quotes the query as typed`).toContain(`«${cleaned}»`);
    }
  }

  /** Every bot message of the chat, as a final sweep: nothing generic, raw or leaked anywhere. */
  sweep(): void {
    for (const m of this.parent.botMessages()) {
      const text = textOf(m);
      expect(text).not.toMatch(GENERIC);
      expect(text).not.toMatch(RAW_KEY);
    }
  }
}

const isEmptyObject = (v: unknown) => typeof v === "object" && v !== null && !Array.isArray(v) && Object.keys(v).length === 0;

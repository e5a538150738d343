/**
 * accept(): what a message means at a question of the form or of registration — the answer, or
 * what the parent is told instead. Every kind of message a phone can send gets an answer or a
 * clear reply; nothing is taken that was not asked for.
 */
import type { Message } from "grammy/types";
import { describe, expect, it } from "vitest";
import { accept } from "#root/bot/parent/ask.ts";

const from = { id: 7001, is_bot: false, first_name: "Айгерим" };
const msg = (extra: Partial<Message>): Message =>
  ({ message_id: 1, date: 0, chat: { id: 7001, type: "private", first_name: "Айгерим" }, from, ...extra }) as Message;
const digits = (text: string) =>
  /^\d{12}$/.test(text) ? { ok: true as const, value: text } : { ok: false as const, error: "form-error-iin", args: { n: 12 } };

describe("accept", () => {
  it("takes a valid typed answer, and answers an invalid one with its validator's message", () => {
    expect(accept(msg({ text: "880714450217" }), { validate: digits })).toMatchObject({ answer: { kind: "text", value: "880714450217" } });
    expect(accept(msg({ text: "12" }), { validate: digits })).toMatchObject({ reply: "form-error-iin", args: { n: 12 } });
  });

  it("refuses a forwarded message, whatever it holds", () => {
    expect(
      accept(msg({ text: "880714450217", forward_origin: { type: "hidden_user", date: 0, sender_user_name: "x" } }), { validate: digits }),
    ).toEqual({ reply: "ask-no-forwards" });
  });

  it("a command is not an answer: an unknown one is named as such", () => {
    expect(accept(msg({ text: "/foo" }), { validate: digits })).toEqual({ reply: "ask-unknown-command" });
  });

  it("a sticker, a location or a voice message where text is asked gets the question's own hint", () => {
    for (const other of [
      { sticker: { file_id: "s" } },
      { location: { latitude: 43.2, longitude: 76.9 } },
      { voice: { file_id: "v", duration: 2 } },
    ] as Array<Partial<Message>>) {
      expect(accept(msg(other), { validate: digits })).toMatchObject({ reply: "hint" });
    }
  });

  it("takes the parent's own contact only, and only where a contact is asked", () => {
    const own = msg({ contact: { phone_number: "+77011234567", first_name: "Айгерим", user_id: 7001 } });
    expect(accept(own, { contact: true })).toEqual({ answer: { kind: "contact", phone: "+77011234567", userId: 7001 } });
    expect(accept(msg({ contact: { phone_number: "+77017654321", first_name: "Гүлнар", user_id: 9 } }), { contact: true })).toMatchObject({
      reply: "registration-contact-not-own",
    });
    expect(accept(own, { validate: digits })).toMatchObject({ reply: "hint" });
  });

  it("a photo or a document where text is asked is not an answer: the question's own re-prompt", () => {
    const photo = msg({
      photo: [
        { file_id: "small", file_unique_id: "a", width: 90, height: 90 },
        { file_id: "large", file_unique_id: "b", width: 1280, height: 960, file_size: 200_000 },
      ],
    });
    const pdf = msg({
      document: { file_id: "d", file_unique_id: "c", file_name: "scan.pdf", mime_type: "application/pdf", file_size: 1000 },
    });
    expect(accept(pdf, { validate: digits })).toMatchObject({ reply: "hint" });
    expect(accept(photo, { validate: digits })).toMatchObject({ reply: "hint" });
  });
});

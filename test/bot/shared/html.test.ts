import { describe, expect, it } from "vitest";
import { htmlByDefault } from "#root/bot/shared/html.ts";

/** What the bots send is HTML unless a call keeps it plain: `<b>` shows bold, never as tags. */
describe("htmlByDefault", () => {
  const sent = async (method: string, payload: Record<string, unknown>) => {
    let seen: Record<string, unknown> | undefined;
    const prev = (async (_m: string, p: Record<string, unknown>) => {
      seen = p;
      return { ok: true, result: true };
    }) as never;
    await htmlByDefault(prev, method as never, payload as never);
    return seen;
  };

  it("formats a text or a caption as HTML when the call says nothing", async () => {
    expect((await sent("sendMessage", { chat_id: 1, text: "<b>№ 1</b>" }))?.parse_mode).toBe("HTML");
    expect((await sent("editMessageText", { chat_id: 1, message_id: 2, text: "x" }))?.parse_mode).toBe("HTML");
    expect((await sent("sendDocument", { chat_id: 1, document: "id", caption: "x" }))?.parse_mode).toBe("HTML");
  });

  it("keeps a call's own choice, a file without a caption and other methods as they are", async () => {
    expect(await sent("sendMessage", { chat_id: 1, text: "a < b", parse_mode: undefined })).toEqual({
      chat_id: 1,
      text: "a < b",
      parse_mode: undefined,
    });
    expect(await sent("sendDocument", { chat_id: 1, document: "id" })).not.toHaveProperty("parse_mode");
    expect(await sent("answerCallbackQuery", { callback_query_id: "q", text: "x" })).not.toHaveProperty("parse_mode");
    expect(await sent("copyMessage", { chat_id: 1, from_chat_id: 2, message_id: 3 })).not.toHaveProperty("parse_mode");
  });
});

import { InlineKeyboard, Keyboard } from "grammy";
import { describe, expect, it } from "vitest";
import { compactKeyboards } from "#root/bot/shared/keyboard.ts";

/** A keyboard goes out without the empty row grammY's `.row()` after its last button leaves. */
describe("compactKeyboards", () => {
  const sent = async (payload: Record<string, unknown>) => {
    let seen: Record<string, unknown> | undefined;
    const prev = (async (_m: string, p: Record<string, unknown>) => {
      seen = p;
      return { ok: true, result: true };
    }) as never;
    await compactKeyboards(prev, "sendMessage" as never, payload as never);
    return JSON.parse(JSON.stringify(seen));
  };

  it("drops the empty rows of an inline keyboard and of a reply keyboard, and keeps every button in order", async () => {
    const inline = new InlineKeyboard().text("a", "1").row().text("b", "2").text("c", "3").row();
    expect((await sent({ chat_id: 1, text: "x", reply_markup: inline })).reply_markup).toEqual({
      inline_keyboard: [
        [{ text: "a", callback_data: "1" }],
        [
          { text: "b", callback_data: "2" },
          { text: "c", callback_data: "3" },
        ],
      ],
    });
    const reply = new Keyboard().requestContact("📱").row().resized().oneTime();
    const markup = (await sent({ chat_id: 1, text: "x", reply_markup: reply })).reply_markup;
    expect(markup.keyboard).toEqual([[{ text: "📱", request_contact: true }]]);
    expect(markup).toMatchObject({ resize_keyboard: true, one_time_keyboard: true });
  });

  it("sends no keyboard at all when an inline keyboard has no button", async () => {
    expect(await sent({ chat_id: 1, text: "x", reply_markup: new InlineKeyboard() })).toEqual({ chat_id: 1, text: "x" });
    // Built from no rows at all (a question without options), it is not sent either.
    expect(await sent({ chat_id: 1, text: "x", reply_markup: InlineKeyboard.from([]) })).toEqual({ chat_id: 1, text: "x" });
  });

  it("passes a call without an empty row as it is", async () => {
    const payload = { chat_id: 1, text: "x", reply_markup: { inline_keyboard: [[{ text: "a", callback_data: "1" }]] } };
    expect(await sent(payload)).toEqual(payload);
    expect(await sent({ chat_id: 1, text: "x", reply_markup: { remove_keyboard: true } })).toMatchObject({
      reply_markup: { remove_keyboard: true },
    });
  });
});

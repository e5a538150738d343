/**
 * The director's order date: not in the future, and not before the application it decides was
 * sent (the last of them, in bulk) — the director is told the earliest date they may write.
 */
import { InlineKeyboard } from "grammy";
import { describe, expect, it } from "vitest";
import { askOrderDetails } from "#root/bot/provider/order-details.ts";
import { t, type Lang } from "#root/flows/i18n.ts";

/** The dialog with `answers` typed in turn: what the director was told, and what came of it. */
async function dialog(lang: Lang, answers: string[], key = "provider-order-date-before-sent") {
  const said: string[] = [];
  const typed = [...answers];
  const order = await askOrderDetails({
    tr: (k, vars) => t(lang, k, vars),
    reply: async (text) => said.push(text),
    next: async () => {
      const text = typed.shift();
      return text === undefined ? { button: "cancel" } : { text };
    },
    today: async () => "2026-05-20",
    notBefore: { date: "2026-04-10", key },
    cancelKeyboard: new InlineKeyboard(),
    cancel: "cancel",
  });
  return { said, order };
}

describe.each(["ru", "kk"] as const)("the order date (%s)", (lang) => {
  it("before the application was sent: refused with the earliest date; that day is taken", async () => {
    const { said, order } = await dialog(lang, ["5-Ж", "09.04.2026", "10.04.2026"]);
    expect(said[2]).toBe(t(lang, "provider-order-date-before-sent", { date: "10.04.2026" }));
    expect(said[2]).toContain("10.04.2026");
    expect(said).toHaveLength(3);
    expect(order).toEqual({ number: "5-Ж", date: "2026-04-10" });
  });

  it("in bulk, the last application sent is named; a date in the future is still refused as before", async () => {
    const { said, order } = await dialog(lang, ["5-Ж", "21.05.2026", "01.03.2026"], "provider-bulk-order-date-before-sent");
    expect(said[2]).toBe(t(lang, "provider-order-date-invalid"));
    expect(said[3]).toBe(t(lang, "provider-bulk-order-date-before-sent", { date: "10.04.2026" }));
    expect(order).toBeUndefined();
  });
});

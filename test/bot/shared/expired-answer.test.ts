import { Api, GrammyError } from "grammy";
import { describe, expect, it, vi } from "vitest";
import { tolerateExpiredAnswers } from "#root/bot/shared/expired-answer.ts";
import type { Logger } from "#root/log.ts";

const TOO_OLD = "Bad Request: query is too old and response timeout expired or query ID is invalid";

/** An Api whose Telegram answers every call with `res`, behind the transformer. */
function apiAnswering(res: { ok: false; error_code: number; description: string }) {
  const log = { debug: vi.fn() };
  const api = new Api("1:x");
  api.config.use(async () => res as never, tolerateExpiredAnswers(log as unknown as Logger, "parent"));
  return { api, log };
}

/** A tap answered after Telegram's short while goes on as answered; any other refusal stops the handler as before. */
describe("tolerateExpiredAnswers", () => {
  it("takes Telegram's 'query is too old' refusal of a tap's answer as answered, and says so at debug level", async () => {
    const { api, log } = apiAnswering({ ok: false, error_code: 400, description: TOO_OLD });
    await expect(api.answerCallbackQuery("q1", { text: "ok" })).resolves.toBe(true);
    expect(log.debug).toHaveBeenCalledWith(expect.objectContaining({ bot: "parent", error: TOO_OLD }), expect.any(String));
  });

  it("still throws another 400 of answerCallbackQuery, and the same words from another method", async () => {
    for (const description of ["Bad Request: message is not modified", "Bad Request: MESSAGE_TOO_LONG"]) {
      const { api } = apiAnswering({ ok: false, error_code: 400, description });
      const err = await api.answerCallbackQuery("q1").catch((e: unknown) => e);
      expect(err).toBeInstanceOf(GrammyError);
      expect((err as GrammyError).description).toBe(description);
    }
    const other = apiAnswering({ ok: false, error_code: 400, description: TOO_OLD });
    await expect(other.api.sendMessage(1, "x")).rejects.toBeInstanceOf(GrammyError);
    const tooMany = apiAnswering({ ok: false, error_code: 429, description: `Too Many Requests: ${TOO_OLD}` });
    await expect(tooMany.api.answerCallbackQuery("q1")).rejects.toBeInstanceOf(GrammyError);
  });
});

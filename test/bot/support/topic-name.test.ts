/**
 * A support topic's title names the parent within Telegram's 128 characters, and a name cut to fit
 * is never cut inside an emoji: half of one is a string Telegram refuses, and the topic would not be made.
 * The ticket's number reads as it is (№ 4321), not as a quantity (№ 4 321).
 */
import { describe, expect, it } from "vitest";
import { topicName, type ParentIdentity } from "#root/bot/support/card.ts";
import type { SupportTicket } from "#root/db/queries/support.ts";

const ticket = { id: 4321, telegramName: null } as unknown as SupportTicket;
const parent = (telegramName: string): ParentIdentity =>
  ({ user: { telegramId: 5001, fullName: null, lang: "ru" }, telegramName }) as unknown as ParentIdentity;
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

describe("a support topic's title", () => {
  it("keeps a long Telegram name within 128 characters without cutting an emoji in half", () => {
    const suffix = " · № 4321".length;
    // The emoji's two halves straddle every cut from 120 down to 110 characters.
    for (let at = 110; at <= 128 - suffix + 2; at++) {
      const name = `${"Ә".repeat(at - 1)}👩‍👧${"а".repeat(60)}`;
      const title = topicName(parent(name), ticket);
      expect(title.length).toBeLessThanOrEqual(128);
      expect(title).not.toMatch(loneSurrogate);
      expect(title.endsWith(" · № 4321")).toBe(true);
    }
  });
});

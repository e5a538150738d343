/** A private chat's my_chat_member update read as the user blocking or unblocking the bot. */
import type { Context } from "grammy";
import { describe, expect, it } from "vitest";
import { blockChange } from "#root/bot/shared/blocked.ts";

const update = (was: string, is: string) =>
  ({ myChatMember: { old_chat_member: { status: was }, new_chat_member: { status: is } } }) as unknown as Context;

describe("blockChange", () => {
  it("tells blocking, unblocking, another change and an update that is none of them apart", () => {
    expect(blockChange(update("member", "kicked"))).toBe("blocked");
    expect(blockChange(update("kicked", "member"))).toBe("unblocked");
    expect(blockChange(update("member", "member"))).toBe("other");
    expect(blockChange({} as Context)).toBeUndefined();
  });
});

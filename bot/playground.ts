/**
 * The built-in playground used when no bot tokens are configured: both bots talk to a local
 * Bot API emulator served by this process, and a web chat at /playground plays the people.
 */
import { createEmulator, type Emulator } from "../api/playground/index.ts";

export const PLAYGROUND_BOTS = {
  parent: { token: "7000000001:playground-parent-bot-token-0001", username: "school_desk_bot", firstName: "Мектеп қызметтері", label: "Parent bot" },
  provider: { token: "7000000002:playground-provider-bot-token-02", username: "school_desk_staff_bot", firstName: "Мектеп: қызметкерлер", label: "Provider bot" },
} as const;

/** The playground's support forum supergroup (the parent bot is an administrator there). */
export const PLAYGROUND_SUPPORT_CHAT_ID = -1001000000001;

/** An emulator with both bots, a parent, a school staff member and the support group. */
export function createPlayground(): Emulator {
  return createEmulator({
    bots: [PLAYGROUND_BOTS.parent, PLAYGROUND_BOTS.provider],
    users: [
      { id: 100001, firstName: "Айгерим", lastName: "Сәрсенова", lang: "kk", phone: "+77011234567" },
      { id: 200001, firstName: "Гүлнар", lastName: "Ахметова", lang: "kk", phone: "+77017654321" },
    ],
    group: { id: PLAYGROUND_SUPPORT_CHAT_ID },
  });
}

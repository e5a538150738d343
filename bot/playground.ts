/**
 * The built-in playground used when no bot tokens are configured: both bots talk to a local
 * Bot API emulator served by this process, and a web chat at /playground plays the people.
 * Its bot tokens and the web chat's key are random, made once per data directory and kept in
 * DATA_DIR/playground/secrets.json, so nothing that reaches the port can guess them.
 */
import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createEmulator, type BotSpec, type Emulator, type PhoneSigner } from "#root/api/playground/index.ts";

const BOTS = {
  parent: { id: 7000000001, username: "school_desk_bot", firstName: "Мектеп қызметтері", label: "Parent bot" },
  provider: { id: 7000000002, username: "school_desk_staff_bot", firstName: "Мектеп: қызметкерлер", label: "Provider bot" },
} as const;

/** The bots' usernames (their tokens are per data directory: see {@link playgroundSecrets}). */
export const PLAYGROUND_BOT_USERNAMES = { parent: BOTS.parent.username, provider: BOTS.provider.username } as const;

/** The playground's support forum supergroup (the parent bot is an administrator there). */
export const PLAYGROUND_SUPPORT_CHAT_ID = -1001000000001;

/** What one data directory's playground is unlocked with. */
export interface PlaygroundSecrets {
  webKey: string;
  parentToken: string;
  providerToken: string;
}

const secretsPath = (dataDir: string) => join(dataDir, "playground", "secrets.json");
const random = () => randomBytes(24).toString("base64url");

/** The secrets of `dataDir`'s playground, made (readable by this user only) on first use. */
export function playgroundSecrets(dataDir: string): PlaygroundSecrets {
  const path = secretsPath(dataDir);
  try {
    return JSON.parse(readFileSync(path, "utf8")) as PlaygroundSecrets;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
  }
  const made: PlaygroundSecrets = {
    webKey: random(),
    parentToken: `${BOTS.parent.id}:${random()}`,
    providerToken: `${BOTS.provider.id}:${random()}`,
  };
  mkdirSync(join(dataDir, "playground"), { recursive: true, mode: 0o700 });
  try {
    writeFileSync(path, JSON.stringify(made, null, 2) + "\n", { flag: "wx", mode: 0o600 });
    return made;
  } catch (err) {
    // Another process (a command) made them at the same moment: theirs are the ones.
    if ((err as NodeJS.ErrnoException).code === "EEXIST") return JSON.parse(readFileSync(path, "utf8")) as PlaygroundSecrets;
    throw err;
  }
}

/** An emulator with both bots, a parent, a school staff member and the support group. */
export function createPlayground(
  dataDir: string,
  extras: { phoneSigner?: PhoneSigner } = {},
): { emulator: Emulator; secrets: PlaygroundSecrets } {
  const secrets = playgroundSecrets(dataDir);
  const bot = (b: (typeof BOTS)[keyof typeof BOTS], token: string): BotSpec => ({
    token,
    username: b.username,
    firstName: b.firstName,
    label: b.label,
  });
  const emulator = createEmulator({
    bots: [bot(BOTS.parent, secrets.parentToken), bot(BOTS.provider, secrets.providerToken)],
    users: [
      { id: 100001, firstName: "Айгерим", lastName: "Сәрсенова", lang: "kk", phone: "+77011234567" },
      { id: 200001, firstName: "Гүлнар", lastName: "Ахметова", lang: "kk", phone: "+77017654321" },
    ],
    group: { id: PLAYGROUND_SUPPORT_CHAT_ID },
    webKey: secrets.webKey,
    dataDir: join(dataDir, "playground"),
    ...(extras.phoneSigner ? { phoneSigner: extras.phoneSigner } : {}),
  });
  return { emulator, secrets };
}

/**
 * The whole system in this process, as `npm start` builds it on the embedded defaults (or on
 * PostgreSQL/Redis when asked): the playground emulator, both bots, HTTP. Tests drive it through
 * the emulator's simulated users.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig } from "#root/config.ts";
import { startSystem, type System } from "#root/system.ts";
import { createLogger, type Logger } from "#root/log.ts";
import { createScratchPostgres } from "./databases.ts";
import { assertTapsAnswered, tgUser, type TgChat } from "./tg-client.ts";

export interface TestSystem extends System {
  /** A new simulated parent in a private chat with the parent bot. */
  parent(spec?: { id?: number; firstName?: string; lang?: string; phone?: string }): TgChat;
  close(): Promise<void>;
}

// Random per run: sessions in a shared Redis must not leak from one run into the next.
let nextUser = 300_000_000 + Math.floor(Math.random() * 100_000_000);

export async function startTestSystem(
  opts: {
    env?: Record<string, string>;
    postgres?: string;
    rateLimit?: { count: number; windowSec: number };
    dataDir?: string;
    /** The pace of posts into the support group (default Telegram's, 20 a minute). */
    supportRate?: { count: number; windowMs: number };
    /** The system's logger (a test reading what is logged); silent unless TEST_LOG_LEVEL says otherwise. */
    log?: Logger;
    /** A tap may go unanswered (a test about late or lost answers); else close() throws at one (assertTapsAnswered). */
    unansweredTaps?: boolean;
  } = {},
): Promise<TestSystem> {
  // A caller's own data directory outlives the system (a restart test starts again on it).
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), "desk-e2e-"));
  const scratch = opts.postgres ? await createScratchPostgres(opts.postgres) : undefined;
  const config = loadConfig({
    PORT: "0",
    DATA_DIR: dataDir,
    LOG_LEVEL: "silent",
    ...(scratch ? { DATABASE_URL: scratch.url } : {}),
    ...opts.env,
  });
  // Tests type faster than people: the per-user limit is raised unless a test is about it.
  const system = await startSystem(config, opts.log ?? createLogger(process.env.TEST_LOG_LEVEL ?? "silent"), {
    rateLimit: opts.rateLimit ?? { count: 1000, windowSec: 10 },
    ...(opts.supportRate ? { supportRate: opts.supportRate } : {}),
  });
  await system.bots;
  return Object.assign(system, {
    parent(spec: { id?: number; firstName?: string; lang?: string; phone?: string } = {}) {
      const id = spec.id ?? nextUser++;
      const phone = spec.phone ?? `+7701${String(id).padStart(7, "0").slice(-7)}`;
      return tgUser(system.playground!, { id, firstName: spec.firstName ?? "Parent", lang: spec.lang ?? "ru", phone }).chatWith(
        system.playground!.state.bots.values().next().value!.username,
      );
    },
    async close() {
      await system.stop();
      await scratch?.drop();
      if (!opts.dataDir) rmSync(dataDir, { recursive: true, force: true });
      if (!opts.unansweredTaps && system.playground) assertTapsAnswered(system.playground);
    },
  });
}

/**
 * Uploads that pass the checks: an 8x8 JPEG that decodes (photos are re-encoded, so a JPEG
 * header alone is refused) and a one-page PDF that parses.
 */
export const JPEG = Uint8Array.from(
  Buffer.from(
    [
      "/9j/2wBDABALDA4MChAODQ4SERATGCgaGBYWGDEjJR0oOjM9PDkzODdASFxOQERXRTc4UG1RV19iZ2hnPk1xeXBkeFxlZ2P/",
      "2wBDARESEhgVGC8aGi9jQjhCY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2P/",
      "wAARCAAIAAgDASIAAhEBAxEB/8QAFQABAQAAAAAAAAAAAAAAAAAAAAb/xAAUEAEAAAAAAAAAAAAAAAAAAAAA/8QAFAEBAAAAAAAAAAAAAAAAAAAAAP/",
      "EABQRAQAAAAAAAAAAAAAAAAAAAAD/2gAMAwEAAhEDEQA/AKYAH//Z",
    ].join(""),
    "base64",
  ),
);
export const PDF = new TextEncoder().encode(
  "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n" +
    "3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n",
);

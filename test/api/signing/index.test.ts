/**
 * The parent's signature POST (`/sign/<token>`) as someone without a working link meets it: the
 * link is looked up first (one indexed read), so a wrong, run-out, replaced or used link is
 * answered as before (404/410, the same JSON) without the server reading up to 256 KB of body —
 * a body over the limit is refused as the link's, not as too large. A working link still reads
 * its body: too large is 413, and its CMS signs. No token is written to the log.
 * PGlite and (with DATABASE_URL) PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signingRoutes } from "#root/api/signing/index.ts";
import { loadConfig } from "#root/config.ts";
import type { Database } from "#root/db/client.ts";
import { importSchools } from "#root/db/import-schools.ts";
import { getApplication } from "#root/db/queries/applications.ts";
import { getStoredFile } from "#root/db/queries/files.ts";
import { startEdsSigning } from "#root/flows/signing.ts";
import { trustStoreFrom } from "#root/flows/signatures/index.ts";
import { createLogger } from "#root/log.ts";
import { countedBody, UNREAD } from "#root/test/helpers/counted-body.ts";
import { backends } from "#root/test/helpers/databases.ts";
import { DRAFT_SCHOOL_CSV, parentWithDraft } from "#root/test/helpers/drafts.ts";
import { signAsTestParent, testPki } from "#root/test/helpers/eds-test-ca.ts";

const MINUTE = 60_000;

describe.each(backends)("the parent's signature POST on $name", (backend) => {
  let database: Database & { dispose(): Promise<void> };
  let routes: ReturnType<typeof signingRoutes>;
  const logged: string[] = [];
  const pki = testPki();

  beforeAll(async () => {
    database = await backend.open();
    await importSchools(database.db, DRAFT_SCHOOL_CSV);
    routes = signingRoutes({
      db: database.db,
      log: createLogger("debug", { write: (line: string) => void logged.push(line) }),
      config: loadConfig({}),
      now: () => new Date(),
      trust: trustStoreFrom([pki.ca.certPem]),
    });
  });
  afterAll(async () => {
    await database?.dispose();
  });

  /** A post of a body that never ends (four times the limit), and how much of it was read. */
  async function postEndless(path: string) {
    const { stream, counter } = countedBody(4 * 256 * 1024);
    const res = await routes.request(path, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: stream,
      duplex: "half",
    } as RequestInit);
    return { status: res.status, body: (await res.json()) as unknown, pulled: counter.pulled };
  }

  it("a link that is unknown, run out or replaced is refused as today before the body is read; a working one signs", async () => {
    const now = new Date();
    const { parent, app } = await parentWithDraft(database.db, pki.iin, now);
    const ranOut = await startEdsSigning(database.db, {
      applicationId: app.id,
      parentId: parent.id,
      now: new Date(now.getTime() - 31 * MINUTE),
    });
    const replaced = await startEdsSigning(database.db, { applicationId: app.id, parentId: parent.id, now });
    const live = await startEdsSigning(database.db, { applicationId: app.id, parentId: parent.id, now });

    const refusals = [
      [`/sign/${"A".repeat(43)}`, 404, "invalid"],
      [ranOut.path, 410, "expired"],
      [replaced.path, 410, "replaced"],
    ] as const;
    for (const [path, status, reason] of refusals) {
      const res = await postEndless(path);
      expect({ status: res.status, body: res.body }, reason).toEqual({ status, body: { status: "refused", reason } });
      expect(res.pulled, reason).toBeLessThanOrEqual(UNREAD);
    }

    // the working link reads its body: too large is still too large, and the link is not used up by it
    const tooLarge = await postEndless(live.path);
    expect(tooLarge.status).toBe(413);
    const statement = (await getStoredFile(database.db, (await getApplication(database.db, app.id))!.statementFileId!))!;
    const signed = await routes.request(live.path, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ cms: signAsTestParent(statement.bytes) }),
    });
    expect(await signed.json()).toEqual({ status: "signed", number: app.number });

    // used now: refused as used, unread
    const used = await postEndless(live.path);
    expect({ status: used.status, body: used.body }).toEqual({ status: 410, body: { status: "refused", reason: "used" } });
    expect(used.pulled).toBeLessThanOrEqual(UNREAD);

    const log = logged.join("");
    expect(log).toContain("signing refused");
    for (const token of [ranOut.token, replaced.token, live.token]) expect(log).not.toContain(token);
  });
});

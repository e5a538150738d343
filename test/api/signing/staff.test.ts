/**
 * The staff signature POST (`/sign/staff/<token>`) as someone without a working link meets it:
 * the link is looked up first (one indexed read), so a wrong, run-out or replaced link is
 * answered as before (404/410, the same JSON) without the server reading up to 256 KB of body —
 * a body over the limit is refused as the link's, not as too large. A working link still reads
 * its body (too large: 413) and is not used up by that. No token is written to the log.
 * PGlite and (with DATABASE_URL) PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { staffSigningRoutes } from "#root/api/signing/staff.ts";
import { loadConfig } from "#root/config.ts";
import type { Database } from "#root/db/client.ts";
import { changeStatus } from "#root/flows/applications.ts";
import { openResultSigning, startResultSigning } from "#root/flows/result-signing.ts";
import { trustStoreFrom } from "#root/flows/signatures/index.ts";
import { createLogger } from "#root/log.ts";
import { countedBody, UNREAD } from "#root/test/helpers/counted-body.ts";
import { backends } from "#root/test/helpers/databases.ts";
import { testPki } from "#root/test/helpers/eds-test-ca.ts";
import { seedSchool, seedStaff, submittedApplication } from "#root/test/helpers/fixtures.ts";

const MINUTE = 60_000;
const PUBLIC_URL = "https://desk.example.kz";

describe.each(backends)("the staff signature POST on $name", (backend) => {
  let database: Database & { dispose(): Promise<void> };
  let routes: ReturnType<typeof staffSigningRoutes>;
  const logged: string[] = [];

  beforeAll(async () => {
    database = await backend.open();
    routes = staffSigningRoutes({
      db: database.db,
      log: createLogger("debug", { write: (line: string) => void logged.push(line) }),
      config: loadConfig({}),
      now: () => new Date(),
      trust: trustStoreFrom([testPki().ca.certPem]),
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

  it("a link that is unknown, run out or replaced is refused as today before the body is read; a working one reads it", async () => {
    const db = database.db;
    const now = new Date();
    const school = await seedSchool(db, "990140000106");
    const staff = await seedStaff(db, { schoolId: school.id, telegramId: 62_001, role: "specialist", fullName: "Сауле Ахметова" });
    const submitted = await submittedApplication(db, { serviceId: "meals", schoolId: school.id, parentTelegramId: 82_001, now });
    const principal = { kind: "staff", staffId: staff.id, role: "specialist", schoolId: school.id } as const;
    const reg = await changeStatus(db, { applicationId: submitted.id, action: "register", principal, now });
    if (!reg.ok) throw new Error(`register: ${reg.reason}`);
    const start = (at: Date) =>
      startResultSigning(db, { staff, application: reg.application, action: "issue", kind: "certificate", now: at, publicUrl: PUBLIC_URL });
    const ranOut = await start(new Date(now.getTime() - 31 * MINUTE));
    const replaced = await start(now);
    const live = await start(now);
    const pathOf = (token: string) => `/sign/staff/${token}`;

    const refusals = [
      [pathOf("A".repeat(44)), 404, "invalid"],
      [pathOf(ranOut.token), 410, "expired"],
      [pathOf(replaced.token), 410, "replaced"],
    ] as const;
    for (const [path, status, reason] of refusals) {
      const res = await postEndless(path);
      expect({ status: res.status, body: res.body }, reason).toEqual({ status, body: { status: "refused", reason } });
      expect(res.pulled, reason).toBeLessThanOrEqual(UNREAD);
    }

    // the working link reads its body: too large is still too large, and the link is not used up by it
    const tooLarge = await postEndless(pathOf(live.token));
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.pulled).toBeGreaterThan(256 * 1024);
    expect((await openResultSigning(db, { token: live.token, now: new Date() })).ok).toBe(true);

    const log = logged.join("");
    expect(log).toContain("staff signing refused");
    for (const token of [ranOut.token, replaced.token, live.token]) expect(log).not.toContain(token);
  });
});

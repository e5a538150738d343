/**
 * eGov mobile's routes as someone other than the app meets them: whoever does not hold the
 * Bearer token API №1 handed out cannot make the server read a signature's body (up to 5 MB,
 * parsed as JSON) — the token is checked first, as the webhooks check their secret.
 * PGlite and (with DATABASE_URL) PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_PUT_BYTES } from "#root/api/signing/mobile.ts";
import { signingRoutes } from "#root/api/signing/index.ts";
import { loadConfig } from "#root/config.ts";
import type { Database } from "#root/db/client.ts";
import { importSchools } from "#root/db/import-schools.ts";
import { mgovBackend } from "#root/flows/signing-mgov.ts";
import { trustStoreFrom } from "#root/flows/signatures/index.ts";
import { createLogger } from "#root/log.ts";
import { backends } from "#root/test/helpers/databases.ts";
import { DRAFT_SCHOOL_CSV, parentWithDraft } from "#root/test/helpers/drafts.ts";
import { testPki } from "#root/test/helpers/eds-test-ca.ts";
import { api1Address, EgovMobileStandin } from "#root/test/helpers/egov-mobile-standin.ts";

const PUBLIC_URL = "https://desk.example.kz";

/** A body that never ends, and how much of it the server pulled. */
function endlessBody() {
  const chunk = new Uint8Array(64 * 1024).fill(0x20);
  const counter = { pulled: 0 };
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      counter.pulled += chunk.length;
      if (counter.pulled > 4 * MAX_PUT_BYTES) controller.close();
      else controller.enqueue(chunk);
    },
  });
  return { stream, counter };
}

describe.each(backends)("eGov mobile's PUT on $name", (backend) => {
  let database: Database & { dispose(): Promise<void> };
  let routes: ReturnType<typeof signingRoutes>;
  const pki = testPki();
  const config = loadConfig({ PUBLIC_URL });

  beforeAll(async () => {
    database = await backend.open();
    await importSchools(database.db, DRAFT_SCHOOL_CSV);
    routes = signingRoutes({
      db: database.db,
      log: createLogger("silent"),
      config,
      now: () => new Date(),
      trust: trustStoreFrom([pki.ca.certPem]),
    });
  });
  afterAll(async () => {
    await database?.dispose();
  });

  it("without the Bearer token API №1 handed out, is refused 401 before its body is read, and the QR code still signs", async () => {
    const now = new Date();
    const { parent, app } = await parentWithDraft(database.db, pki.iin, now);
    const link = await mgovBackend(config).start(database.db, { applicationId: app.id, parentId: parent.id, now });
    const phone = new EgovMobileStandin(async (url, init) => routes.request(url, init));
    const { info } = await phone.serviceInfo(link.qrText);
    const put = (headers: Record<string, string>, body: ReadableStream<Uint8Array>) =>
      routes.request(`${api1Address(link.qrText)}/document`, { method: "PUT", headers, body, duplex: "half" } as RequestInit);

    for (const headers of [{}, { Authorization: `Bearer ${"A".repeat(43)}` }] as Array<Record<string, string>>) {
      const { stream, counter } = endlessBody();
      const res = await put({ "Content-Type": "application/json", ...headers }, stream);
      expect(res.status, JSON.stringify(headers)).toBe(401);
      expect(await res.json()).toMatchObject({ status: "refused", reason: "unauthorized" });
      // nothing past what the stream holds before anyone reads it
      expect(counter.pulled, JSON.stringify(headers)).toBeLessThanOrEqual(2 * 64 * 1024);
    }
    const docs = await phone.documents(info);
    expect(docs.status).toBe(200);
    expect((await phone.put(info, phone.sign(docs.body))).body).toMatchObject({ status: "signed", number: app.number });
  });
});

/**
 * eGov mobile sessions keep only the hash of their id, on PGlite and (with DATABASE_URL)
 * PostgreSQL: whoever reads the database (a backup, a replica, an operator's SQL) finds no id
 * that opens a session, and the QR code still signs. A session live when migration 0022 ran
 * still opens after it.
 */
import { sql } from "drizzle-orm";
import { readMigrationFiles } from "drizzle-orm/migrator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signingRoutes } from "#root/api/signing/index.ts";
import { loadConfig } from "#root/config.ts";
import type { Database } from "#root/db/client.ts";
import { importSchools } from "#root/db/import-schools.ts";
import { MIGRATIONS_DIR } from "#root/db/migrations.ts";
import { queryRows } from "#root/db/rows.ts";
import { sha256Hex } from "#root/flows/files.ts";
import { mgovBackend } from "#root/flows/signing-mgov.ts";
import { trustStoreFrom } from "#root/flows/signatures/index.ts";
import { createLogger } from "#root/log.ts";
import { backends } from "#root/test/helpers/databases.ts";
import { DRAFT_SCHOOL_CSV, parentWithDraft } from "#root/test/helpers/drafts.ts";
import { testPki } from "#root/test/helpers/eds-test-ca.ts";
import { api1Address, EgovMobileStandin } from "#root/test/helpers/egov-mobile-standin.ts";

const PUBLIC_URL = "https://desk.example.kz";

/** The session id in a QR code's address (`…/sign/mobile/<id>`). */
const idOf = (qrText: string) => api1Address(qrText).split("/").at(-1)!;

describe.each(backends)("eGov mobile session ids on $name", (backend) => {
  let database: Database & { dispose(): Promise<void> };
  let phone: EgovMobileStandin;
  const pki = testPki();
  const config = loadConfig({ PUBLIC_URL });

  beforeAll(async () => {
    database = await backend.open();
    await importSchools(database.db, DRAFT_SCHOOL_CSV);
    const routes = signingRoutes({
      db: database.db,
      log: createLogger("silent"),
      config,
      now: () => new Date(),
      trust: trustStoreFrom([pki.ca.certPem]),
    });
    phone = new EgovMobileStandin(async (url, init) => routes.request(url, init));
  });
  afterAll(async () => {
    await database?.dispose();
  });

  /** Every row of every table, as text: what a copy of the database shows whoever reads it. */
  async function wholeDatabase(): Promise<string> {
    const tables = await queryRows<{ name: string }>(database.db, sql`select tablename as name from pg_tables where schemaname = 'public'`);
    const texts = await Promise.all(
      tables.map(async ({ name }) =>
        (await queryRows<{ row: string }>(database.db, sql`select t::text as row from ${sql.identifier(name)} t`)).map((r) => r.row),
      ),
    );
    return texts.flat().join("\n");
  }

  it("the database holds no session id a QR code carried, before or after signing, and the QR code signs", async () => {
    const now = new Date();
    const { parent, app } = await parentWithDraft(database.db, pki.iin, now);
    const mgov = mgovBackend(config);
    const replaced = await mgov.start(database.db, { applicationId: app.id, parentId: parent.id, now });
    const link = await mgov.start(database.db, { applicationId: app.id, parentId: parent.id, now });
    const ids = [idOf(replaced.qrText), idOf(link.qrText)];
    expect(ids[0]).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const { info } = await phone.serviceInfo(link.qrText);
    let dump = await wholeDatabase();
    for (const id of [...ids, info.document.auth_token]) expect(dump).not.toContain(id);

    const docs = await phone.documents(info);
    expect((await phone.put(info, phone.sign(docs.body))).body).toMatchObject({ status: "signed", number: app.number });
    // the signature and the parent's notice (named by its session) are written now
    dump = await wholeDatabase();
    expect(dump).toContain(sha256Hex(ids[1]!));
    for (const id of ids) expect(dump).not.toContain(id);
  });

  it("a session live when migration 0022 ran (its id kept as it was) still opens in eGov mobile after it", async () => {
    const now = new Date();
    const { parent, app } = await parentWithDraft(database.db, pki.iin, now);
    const link = await mgovBackend(config).start(database.db, { applicationId: app.id, parentId: parent.id, now });
    const id = idOf(link.qrText);
    // the row as migration 0021 left it: the id itself
    await database.db.execute(sql`update mobile_signing_sessions set id_hash = ${id} where application_id = ${app.id} and used_at is null`);
    const migration = readMigrationFiles({ migrationsFolder: MIGRATIONS_DIR })[22]!;
    const hashing = migration.sql.filter((s) => s.includes("UPDATE"));
    expect(hashing).toHaveLength(1);
    await database.db.execute(sql.raw(hashing[0]!));

    expect(await wholeDatabase()).not.toContain(id);
    const { status, info } = await phone.serviceInfo(link.qrText);
    expect(status).toBe(200);
    const docs = await phone.documents(info);
    expect((await phone.put(info, phone.sign(docs.body))).body).toMatchObject({ status: "signed", number: app.number });
  });
});

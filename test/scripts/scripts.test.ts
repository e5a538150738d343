/** The operator's commands, run as an operator runs them: output, and exit codes 0 / 1 / 2. */
import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { asc, sql } from "drizzle-orm";
import { openDatabase } from "#root/db/client.ts";
import { districts, regions, schools } from "#root/db/schema.ts";
import { getSchoolByBin, upsertSchool } from "#root/db/queries/schools.ts";
import { createStaffInvite, redeemStaffInvite } from "#root/db/queries/staff.ts";
import { ROOT, runTs } from "#root/test/helpers/process.ts";

const dataDir = mkdtempSync(join(tmpdir(), "desk-scripts-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
const env = { DATA_DIR: dataDir, LOG_LEVEL: "error" };
async function run(script: string, args: string[], extra: Record<string, string> = {}) {
  const r = runTs(script, args, { ...env, ...extra });
  return { code: await r.exited, out: r.output() };
}

describe("operator commands", () => {
  it("schools:import imports nothing from a file with a bad line and names it; the file fixed, added, then unchanged", async () => {
    const csv = join(dataDir, "schools.csv");
    const good = "region,district,name_kk,name_ru,bin\nАлматы қаласы|город Алматы,Алмалы|Алмалинский,№9 мектеп,Школа №9,990140000106\n";
    writeFileSync(csv, good + "А,Б,В,Г,123\n");
    const first = await run("scripts/schools-import.ts", [csv]);
    expect(first.out).toContain("rejected: 1 — nothing imported: fix the line below and import the whole file again");
    expect(first.out).toContain('line 3: BIN "123" is not 12 digits with a valid check digit');
    expect(first.code).toBe(1);
    writeFileSync(csv, good);
    expect(await run("scripts/schools-import.ts", [csv])).toMatchObject({ code: 0, out: expect.stringContaining("added: 1, updated: 0") });
    expect((await run("scripts/schools-import.ts", [])).code).toBe(2);
    expect((await run("scripts/schools-import.ts", ["/nonexistent.csv"])).code).toBe(2);
    // Excel's Windows-1251 "CSV": nothing imported, the operator told how to save it.
    const cp1251 = join(dataDir, "cp1251.csv");
    const header = Buffer.from("region,district,name_kk,name_ru,bin\n");
    const row = Buffer.from([0xd8, 0xea, 0xee, 0xeb, 0xe0]); // "Школа" in Windows-1251
    writeFileSync(cp1251, Buffer.concat([header, Buffer.from("А,Б,В,"), row, Buffer.from(",990140000106\n")]));
    expect(await run("scripts/schools-import.ts", [cp1251])).toMatchObject({ code: 2, out: expect.stringContaining("CSV UTF-8") });
    expect((await run("scripts/schools-import.ts", [csv])).out).toContain("added: 0, updated: 0, unchanged: 1");
  }, 60_000);

  it("schools:import: a line the database refuses leaves every school as it was, and the output names it", async () => {
    // The embedded database open in this process, as in the running system: the command goes through its socket.
    const database = await openDatabase({ dataDir, as: "command" });
    const { db } = database;
    const directory = async () => ({
      regions: await db.select().from(regions).orderBy(asc(regions.id)),
      districts: await db.select().from(districts).orderBy(asc(districts.id)),
      schools: await db.select().from(schools).orderBy(asc(schools.id)),
    });
    try {
      // A rule the database keeps and the file's check does not know (its names may be 300 long).
      await db.execute(sql`alter table schools add constraint short_school_names check (char_length(name_ru) <= 60)`);
      const before = await directory();
      const csv = join(dataDir, "refused.csv");
      writeFileSync(
        csv,
        "region,district,name_kk,name_ru,bin\n" +
          "Алматы қаласы|город Алматы,Алмалы|Алмалинский,№9 мектеп-гимназия,Школа-гимназия №9,990140000106\n" +
          `Абай облысы,Семей,№3 мектеп,Общеобразовательная школа-гимназия с углублённым изучением языков №3,990140000304\n` +
          "Абай облысы,Семей,№4 мектеп,Школа №4,990140000403\n",
      );
      const refused = await run("scripts/schools-import.ts", [csv]);
      expect(refused.code, refused.out).toBe(1);
      expect(refused.out).toContain("rejected: 1 — nothing imported");
      expect(refused.out).toMatch(/ {2}line 3: the database refused it: .*"short_school_names"/);
      expect(await directory()).toEqual(before);
    } finally {
      await db.execute(sql`alter table schools drop constraint if exists short_school_names`);
      await database.close();
    }
  }, 60_000);

  it("schools:import refuses an Excel workbook, saying to save it as CSV UTF-8; report names an --out it cannot write", async () => {
    const xlsx = join(dataDir, "schools.xlsx");
    // The first bytes of every XLSX file: it is a ZIP archive.
    writeFileSync(xlsx, Buffer.concat([Buffer.from("PK\x03\x04", "latin1"), Buffer.alloc(64)]));
    const excel = await run("scripts/schools-import.ts", [xlsx]);
    expect(excel.code).toBe(2);
    expect(excel.out).toMatch(/^.*schools\.xlsx is an Excel workbook, not a CSV: in Excel choose "Save as" → "CSV UTF-8"/);
    const csv = join(dataDir, "one-school.csv");
    writeFileSync(
      csv,
      "region,district,name_kk,name_ru,bin\nАлматы қаласы|город Алматы,Алмалы|Алмалинский,№9 мектеп,Школа №9,990140000106\n",
    );
    expect((await run("scripts/schools-import.ts", [csv])).code).toBe(0);
    const out = join(dataDir, "no-such-folder", "report.xlsx");
    const report = await run("scripts/report.ts", ["--school", "990140000106", "--from", "2026-09-01", "--to", "2026-12-31", "--out", out]);
    expect(report).toEqual({ code: 2, out: `Cannot write ${out} (ENOENT): its folder does not exist.\n` });
  }, 60_000);

  it("--help says what a command does and does nothing else; webhook:set refuses polling bots", async () => {
    for (const script of ["scripts/webhook-set.ts", "scripts/db-migrate.ts", "scripts/forms-doc.ts", "scripts/schools-import.ts"]) {
      const help = await run(script, ["--help"]);
      expect(help, script).toMatchObject({ code: 0, out: expect.stringMatching(/^npm run /) });
      expect(help.out, script).not.toMatch(/webhook set to|migrated|Wrote /);
    }
    // The commands whose arguments are required answer --help with their usage, exit 0 and touch nothing.
    for (const script of ["staff-invite", "staff-deactivate", "report", "calendar-check", "pdf-sample", "eds-verify"]) {
      expect(await run(`scripts/${script}.ts`, ["--help"]), script).toMatchObject({
        code: 0,
        out: expect.stringMatching(/^usage: npm run /i),
      });
    }
    const token = (n: number) => `${n}:AAH${"x".repeat(30)}`;
    const tokens = { BOT_TOKEN: token(1), PROVIDER_BOT_TOKEN: token(2), PUBLIC_URL: "https://desk.example.kz" };
    const polling = await run("scripts/webhook-set.ts", [], { ...tokens, WEBHOOK_SECRET: "a-secret-of-16-chars" });
    expect(polling).toMatchObject({ code: 2, out: expect.stringContaining("BOT_MODE=webhook") });
  }, 60_000);

  it("db:migrate and docs:forms refuse an argument (--dry-run, a typo): one usage line, exit 2, nothing done", async () => {
    const forms = join(ROOT, "docs", "FORMS.md");
    const before = statSync(forms).mtimeMs;
    for (const [script, command] of [
      ["scripts/db-migrate.ts", "db:migrate"],
      ["scripts/forms-doc.ts", "docs:forms"],
    ] as const) {
      for (const args of [["--dry-run"], ["--fix"], ["FORMS.md"]]) {
        expect(await run(script, args), `${script} ${args}`).toEqual({
          code: 2,
          out: `Usage: npm run ${command}   (it takes no arguments)\n`,
        });
      }
    }
    expect(statSync(forms).mtimeMs).toBe(before);
  }, 60_000);

  it("staff:invite prints a one-time link for a known school (both names), refuses an unknown one and bad arguments", async () => {
    const ok = await run("scripts/staff-invite.ts", ["--school", "990140000106", "--role", "specialist"]);
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/\/playground\?bot=provider&start=[A-Za-z0-9_-]{20,}/);
    expect(ok.out).toContain("Invite for Школа №9 / №9 мектеп (990140000106) as specialist, valid until ");
    expect((await run("scripts/staff-invite.ts", ["--school", "990140000205", "--role", "director"])).code).toBe(1);
    expect((await run("scripts/staff-invite.ts", ["--school", "990140000106", "--role", "janitor"])).code).toBe(2);
    expect((await run("scripts/staff-deactivate.ts", ["--telegram", "12345"])).code).toBe(1);
    const badConfig = await run("scripts/staff-deactivate.ts", ["--telegram", "12345"], { DATABASE_URL: "mysql://nope" });
    expect(badConfig).toMatchObject({ code: 2, out: expect.stringContaining("Invalid configuration: DATABASE_URL") });
  }, 60_000);

  it("staff:deactivate names the member's school in Russian and Kazakh with its BIN, not by an internal id", async () => {
    const database = await openDatabase({ dataDir, as: "command" });
    try {
      const { db } = database;
      const row = { region: { kk: "Абай облысы", ru: "Абайская область" }, district: { kk: "Семей", ru: "Семей" } };
      await upsertSchool(db, { ...row, nameKk: "№4 мектеп", nameRu: "Школа №4", bin: "990140000403" });
      const school = (await getSchoolByBin(db, "990140000403"))!;
      const { token } = await createStaffInvite(db, { schoolId: school.id, role: "specialist", now: new Date() });
      const now = new Date();
      expect(await redeemStaffInvite(db, { token, telegramId: 70_001, fullName: "Айгүл Сапарова", lang: "kk", now })).toMatchObject({
        ok: true,
      });
    } finally {
      await database.close();
    }
    const done = await run("scripts/staff-deactivate.ts", ["--telegram", "70001"]);
    expect(done).toEqual({ code: 0, out: "Deactivated Айгүл Сапарова (specialist, Школа №4 / №4 мектеп (990140000403)).\n" });
  }, 60_000);
});

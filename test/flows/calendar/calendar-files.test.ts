/**
 * The calendar as an operator meets it: `npm run calendar:check` shows a year's days off and what
 * is unconfirmed, and refuses a broken file in one line; a new calendar file moves the deadlines
 * of applications registered from then on, never one already given to a parent.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { importSchools } from "#root/db/import-schools.ts";
import * as apps from "#root/db/queries/applications.ts";
import { getSchoolByBin } from "#root/db/queries/schools.ts";
import { registerParent, setUserLang } from "#root/db/queries/users.ts";
import { changeStatus } from "#root/flows/applications.ts";
import { calendarYear, useCalendarDir } from "#root/flows/calendar/index.ts";
import { makeIin } from "#root/flows/iin.ts";
import { backends } from "#root/test/helpers/databases.ts";
import { runTs } from "#root/test/helpers/process.ts";

const dataDir = mkdtempSync(join(tmpdir(), "desk-calendar-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
afterEach(() => useCalendarDir(undefined));

async function check(args: string[], env: Record<string, string> = {}) {
  const r = runTs("scripts/calendar-check.ts", args, { DATA_DIR: dataDir, LOG_LEVEL: "error", ...env });
  return { code: await r.exited, out: r.output() };
}

describe("npm run calendar:check", () => {
  it("prints a year's weekdays off with their reasons, its working days, and what is unconfirmed", async () => {
    const y2026 = await check(["--year", "2026"]);
    expect(y2026.code).toBe(0);
    expect(y2026.out).toContain("2026: confirmed");
    expect(y2026.out).toContain("247 working days, 118 days off");
    expect(y2026.out).toMatch(/2026-03-25 Wed {2}for Nauryz meirami on 2026-03-22/);
    expect(y2026.out).not.toContain("2026-08-31");
    const y2027 = await check(["--year", "2027"]);
    expect(y2027.out).toContain("2027: UNCONFIRMED");
    expect(y2027.out).toMatch(/2027-03-15 Mon {2}Constitution Day/);
    expect(y2027.out).toContain("Unconfirmed: Kurban Ait, first day on 2027-05-16");
    const y2031 = await check(["--year", "2031"]);
    expect(y2031).toMatchObject({ code: 1, out: expect.stringContaining("2031: MISSING — add kz-2031.json to") });
  }, 60_000);

  it("shows the operator's file in place of the shipped year, and refuses a broken one in one line", async () => {
    const dir = join(dataDir, "calendar");
    const shipped = calendarYear(2027)!.data;
    (await import("node:fs")).mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, "kz-2027.json"),
      JSON.stringify({ ...shipped, confirmed: true, holidays: shipped.holidays.map(({ unconfirmed: _, ...h }) => h) }),
    );
    const ok = await check(["--year", "2027"]);
    expect(ok.out).toMatch(/2027: confirmed \(operator's file .*desk-calendar-.*\/calendar\/kz-2027\.json\)/);
    writeFileSync(join(dir, "kz-2027.json"), "{ broken");
    const broken = await check(["--year", "2027"]);
    expect(broken.code).toBe(1);
    expect(broken.out.trim()).toMatch(/^Calendar file .*kz-2027\.json: not readable JSON[^\n]*$/);
    expect((await check(["--year", "next"])).code).toBe(2);
    rmSync(dir, { recursive: true });
  }, 60_000);
});

describe.each(backends)("deadlines on $name", (backend) => {
  it("a calendar file changes the deadlines of later registrations, not of those already given", async () => {
    const database = await backend.open();
    try {
      const db = database.db;
      await importSchools(db, "region,district,name_kk,name_ru,bin\nА|А,Б|Б,№1 мектеп,Школа №1,990140000106\n");
      const school = (await getSchoolByBin(db, "990140000106"))!;
      await setUserLang(db, 501, "ru");
      const parent = await registerParent(db, {
        telegramId: 501,
        phone: "+77015550501",
        fullName: "Серикова Дана",
        iin: makeIin("1990-01-01", "female"),
        lang: "ru",
      });
      const staff = { kind: "staff" as const, staffId: 1, role: "specialist" as const, schoolId: school.id };
      // Friday 14 May 2027, meals: five working days.
      const at = new Date("2027-05-14T05:00:00Z");
      const submitted = async () => {
        const draft = await apps.createDraft(db, { serviceId: "meals", parentId: parent.id, lang: "ru", now: at });
        await apps.applyTransition(db, {
          applicationId: draft.id,
          action: "sign",
          from: "draft",
          to: "signed",
          actor: { kind: "parent", id: parent.id },
          notifications: [],
          now: at,
          patch: { schoolId: school.id },
        });
        await apps.applyTransition(db, {
          applicationId: draft.id,
          action: "send",
          from: "signed",
          to: "submitted",
          actor: { kind: "parent", id: parent.id },
          notifications: [],
          now: at,
          patch: { submittedAt: at },
        });
        return draft.id;
      };
      const first = await submitted();
      const second = await submitted();
      const registered = await changeStatus(db, { applicationId: first, action: "register", principal: staff, now: at });
      expect(registered.ok).toBe(true);
      expect((await apps.getApplication(db, first))!.deadlineAt).toEqual(new Date("2027-05-21T23:59:59.999+05:00"));

      // Kurban Ait 2027 is published as Monday 17 May: the operator drops the confirmed year in.
      const dir = mkdtempSync(join(tmpdir(), "calendar-"));
      const shipped = calendarYear(2027)!.data;
      const holidays = shipped.holidays.map((h) =>
        h.name.startsWith("Kurban") ? { date: "2027-05-17", name: h.name, religious: true } : h,
      );
      writeFileSync(join(dir, "kz-2027.json"), JSON.stringify({ ...shipped, confirmed: true, holidays }));
      useCalendarDir(dir);
      expect((await changeStatus(db, { applicationId: second, action: "register", principal: staff, now: at })).ok).toBe(true);
      expect((await apps.getApplication(db, second))!.deadlineAt).toEqual(new Date("2027-05-24T23:59:59.999+05:00"));
      expect((await apps.getApplication(db, first))!.deadlineAt).toEqual(new Date("2027-05-21T23:59:59.999+05:00"));
    } finally {
      await database.dispose();
    }
  });
});

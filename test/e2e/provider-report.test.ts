/**
 * `/report` in the provider bot: a staff member gets their own school's report for a period as
 * an XLSX file, in their language — never another school's applications — and an operator's
 * `npm run report` writes the same file.
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "#root/db/client.ts";
import { changeStatus } from "#root/flows/applications.ts";
import { almatyDate } from "#root/flows/sla.ts";
import { seedSchool, seedStaff, startProviderHarness, submittedApplication, type ProviderHarness } from "#root/test/helpers/fixtures.ts";
import { runTs } from "#root/test/helpers/process.ts";
import { tgUser } from "#root/test/helpers/tg-client.ts";

async function readBook(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(Buffer.from(bytes) as never);
  return book;
}
const cells = (sheet: ExcelJS.Worksheet) => {
  const out: string[] = [];
  sheet.eachRow((row) => row.eachCell((c) => out.push(c.value instanceof Date ? c.value.toISOString().slice(0, 10) : String(c.value))));
  return out;
};

let h: ProviderHarness;
beforeAll(async () => {
  h = await startProviderHarness();
});
afterAll(() => h.close());

describe("/report", () => {
  it(
    "sends the school's own applications, timeliness and this month's " + "certificate holders as XLSX, in the staff member's language",
    async () => {
      const a = await seedSchool(h.db, "990140000106", "Школа №106");
      const b = await seedSchool(h.db, "990140000205", "Школа №205");
      const staffA = await seedStaff(h.db, {
        schoolId: a.id,
        telegramId: 9101,
        role: "specialist",
        fullName: "Сауле Нурланова",
        lang: "ru",
      });
      await seedStaff(h.db, { schoolId: b.id, telegramId: 9102, role: "specialist", fullName: "Марат Бекұлы", lang: "kk" });
      const issued = await submittedApplication(h.db, {
        serviceId: "meals",
        schoolId: a.id,
        parentTelegramId: 8101,
        childName: "Нурлан Сапаров",
      });
      const waiting = await submittedApplication(h.db, {
        serviceId: "home-schooling",
        schoolId: a.id,
        parentTelegramId: 8102,
        childName: "Алия Сапарова",
      });
      const other = await submittedApplication(h.db, {
        serviceId: "meals",
        schoolId: b.id,
        parentTelegramId: 8103,
        childName: "Чужой Ребёнок",
      });
      const staff = { kind: "staff" as const, staffId: staffA.id, role: "specialist" as const, schoolId: a.id };
      for (const action of ["register", "issue"] as const) {
        expect((await changeStatus(h.db, { applicationId: issued.id, action, principal: staff, now: new Date() })).ok).toBe(true);
      }

      const chat = tgUser(h.emulator, { id: 9101, firstName: "Сауле", lang: "ru" }).chatWith("provider_bot");
      await chat.send("/report");
      await chat.nextMessage(/Отчёт школы/);
      await chat.tap("Этот месяц");
      const sent = await chat.nextMessage(/\[document report-990140000106-.*\.xlsx\] Отчёт: .* Заявлений: 2\./);
      expect(sent.document?.file_name).toMatch(/\.xlsx$/);
      const book = await readBook((await chat.downloadLast()).bytes);
      expect(book.worksheets.map((s) => s.name)).toEqual(["Заявления", "Сроки", expect.stringMatching(/^Получатели \d{2}\.\d{4}$/)]);
      const apps = cells(book.worksheets[0]!);
      expect(apps).toEqual(
        expect.arrayContaining(["№ заявления", "Срок соблюдён", issued.number, waiting.number, "Результат выдан", "да"]),
      );
      expect(apps.join(" ")).not.toContain(other.number);
      expect(cells(book.worksheets[1]!)).toEqual(expect.arrayContaining(["Поступило заявлений", "2", "Результат выдан", "1"]));
      const holders = cells(book.worksheets[2]!).join(" | ");
      expect(holders).toContain("Нурлан Сапаров");
      expect(holders).not.toContain("Чужой Ребёнок");

      // Another school's staff member, in Kazakh, sees only their school: this year, when its application was sent.
      const kk = tgUser(h.emulator, { id: 9102, firstName: "Марат", lang: "kk" }).chatWith("provider_bot");
      const year = almatyDate(new Date()).slice(0, 4);
      await kk.send(`/report 01.01.${year} 31.12.${year}`);
      await kk.nextMessage(
        new RegExp(
          `\\[document report-990140000205-${year}-01-01-${year}-12-31\\.xlsx\\] ` +
            `Есеп: 01\\.01\\.${year} – 31\\.12\\.${year}\\. Өтініштер саны: 1\\.`,
        ),
      );
      const kkBook = await readBook((await kk.downloadLast()).bytes);
      expect(kkBook.worksheets[0]!.name).toBe("Өтініштер");
      const kkApps = cells(kkBook.worksheets[0]!).join(" ");
      expect(kkApps).toContain(other.number);
      expect(kkApps).not.toContain(issued.number);
      await kk.send(`/report 31.12.${year} 01.01.${year}`);
      await kk.nextMessage(/Кезеңді КК\.АА\.ЖЖЖЖ/);

      // A stranger gets no report.
      const stranger = tgUser(h.emulator, { id: 9199, firstName: "Ерлан", lang: "ru" }).chatWith("provider_bot");
      await stranger.send("/report");
      await stranger.nextMessage(/только для сотрудников школ/);
    },
  );
});

describe("npm run report", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "desk-report-"));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it("writes the same file for a school and period, and refuses an unknown school or a bad period", async () => {
    const database = await openDatabase({ dataDir });
    const school = await seedSchool(database.db, "990140000304", "Школа №304");
    const app = await submittedApplication(database.db, { serviceId: "meals", schoolId: school.id, parentTelegramId: 8201 });
    await database.close();
    const out = join(dataDir, "r.xlsx");
    const year = almatyDate(new Date()).slice(0, 4);
    const run = async (args: string[]) => {
      const r = runTs("scripts/report.ts", args, { DATA_DIR: dataDir, LOG_LEVEL: "error" });
      return { code: await r.exited, out: r.output() };
    };
    const ok = await run(["--school", "990140000304", "--from", `${year}-01-01`, "--to", `${year}-12-31`, "--lang", "ru", "--out", out]);
    expect(ok).toMatchObject({ code: 0, out: expect.stringContaining("received 1 (") });
    expect(cells((await readBook(readFileSync(out))).worksheets[0]!)).toContain(app.number);
    expect(statSync(out).mode & 0o077).toBe(0); // children's names and IINs: this account's alone
    expect((await run(["--school", "990140000999", "--from", `${year}-01-01`, "--to", `${year}-12-31`])).code).toBe(1);
    expect((await run(["--school", "990140000304", "--from", `${year}-12-31`, "--to", `${year}-01-01`])).code).toBe(2);
  }, 60_000);
});

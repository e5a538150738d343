/**
 * The school's monthly list of certificate holders, read from the database: a child whose
 * meals certificate the school revoked is not listed as holding it (revoking leaves the
 * application completed), the workbook's status column says it was revoked, and its timeliness
 * sheet counts it apart from the results issued, on PGlite and PostgreSQL.
 */
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { listIssued } from "#root/db/queries/issued.ts";
import { t } from "#root/flows/i18n.ts";
import { buildSchoolReport } from "#root/flows/reports/report.ts";
import { reportWorkbook } from "#root/flows/reports/xlsx.ts";
import { revokeDocument } from "#root/flows/revocation.ts";
import { backends } from "#root/test/helpers/databases.ts";
import { decidedApplication, seedSchool, seedStaff, submittedApplication } from "#root/test/helpers/fixtures.ts";

const SEPTEMBER = new Date("2026-09-10T06:00:00Z");
const LATER = new Date("2026-09-20T06:00:00Z");

describe.each(backends)("certificate holders on $name", (backend) => {
  it("leaves out a child whose certificate was revoked, whose status reads revoked; the others stay listed", async () => {
    const database = await backend.open();
    try {
      const db = database.db;
      const school = await seedSchool(db, "260910000001", "Школа №1");
      const specialist = await seedStaff(db, { schoolId: school.id, telegramId: 7901, role: "specialist", fullName: "Нурланова Алия" });
      const certified = async (parentTelegramId: number, childName: string) =>
        decidedApplication(
          db,
          await submittedApplication(db, { serviceId: "meals", schoolId: school.id, parentTelegramId, childName, now: SEPTEMBER }),
          specialist,
          SEPTEMBER,
        );
      await certified(7911, "Сапаров Нурлан");
      const revoked = await certified(7912, "Сапарова Алия");
      const [certificate] = await listIssued(db, revoked.id);
      const done = await revokeDocument(db, {
        applicationId: revoked.id,
        documentId: certificate!.id,
        principal: { kind: "staff", staffId: specialist.id, role: "specialist", schoolId: school.id },
        reason: "Справка выдана по ошибке: семья не относится к категории.",
        now: LATER,
      });
      expect(done.ok).toBe(true);

      const report = await buildSchoolReport(db, { schoolId: school.id, period: { from: "2026-09-01", to: "2026-09-30" }, now: LATER });
      expect(report.months.map((m) => [m.month, m.holders.map((h) => h.childName)])).toEqual([["2026-09", ["Сапаров Нурлан"]]]);

      // The workbook's status column says the certificate was revoked (and when), as the card does; the other is issued.
      const statuses = async (lang: "kk" | "ru") => {
        const book = new ExcelJS.Workbook();
        await book.xlsx.load(Buffer.from(await reportWorkbook(report, lang, "Школа №1")) as never);
        const sheet = book.worksheets[0]!;
        const header = (sheet.getRow(2).values as unknown[]).indexOf(t(lang, "report-col-status"));
        const out: Record<string, unknown> = {};
        sheet.eachRow((row, i) => {
          if (i > 2) out[String(row.getCell(1).value)] = row.getCell(header).value;
        });
        return out;
      };
      const issued = report.rows.find((r) => r.number !== revoked.number)!.number;
      expect(await statuses("ru")).toEqual({
        [issued]: t("ru", "lifecycle-status-completed"),
        [revoked.number]: `Документ «Справка» № ${certificate!.number} отозван школой 20.09.2026`,
      });
      expect((await statuses("kk"))[revoked.number]).toBe(
        `«Анықтама» № ${certificate!.number} құжатын мектеп 20.09.2026 кері қайтарып алды`,
      );

      // The timeliness sheet counts the revoked certificate apart from the one issued, as the status column does.
      const figures = async (lang: "kk" | "ru") => {
        const book = new ExcelJS.Workbook();
        await book.xlsx.load(Buffer.from(await reportWorkbook(report, lang, "Школа №1")) as never);
        const out: Record<string, unknown> = {};
        book.worksheets[1]!.eachRow((row) => {
          out[String(row.getCell(1).value)] = row.getCell(2).value;
        });
        return out;
      };
      expect(await figures("ru")).toMatchObject({ "Результат выдан": 1, "Выданный документ отозван школой": 1 });
      expect(await figures("kk")).toMatchObject({ "Нәтижесі берілгені": 1, "Берілген құжатын мектеп кері қайтарып алғаны": 1 });
    } finally {
      await database.dispose();
    }
  });
});

/**
 * The school's monthly list of certificate holders, read from the database: a child whose
 * meals certificate the school revoked is not listed as holding it (revoking leaves the
 * application completed), on PGlite and PostgreSQL.
 */
import { describe, expect, it } from "vitest";
import { listIssued } from "#root/db/queries/issued.ts";
import { buildSchoolReport } from "#root/flows/reports/report.ts";
import { revokeDocument } from "#root/flows/revocation.ts";
import { backends } from "#root/test/helpers/databases.ts";
import { decidedApplication, seedSchool, seedStaff, submittedApplication } from "#root/test/helpers/fixtures.ts";

const SEPTEMBER = new Date("2026-09-10T06:00:00Z");
const LATER = new Date("2026-09-20T06:00:00Z");

describe.each(backends)("certificate holders on $name", (backend) => {
  it("leaves out a child whose certificate was revoked; the others stay listed", async () => {
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
    } finally {
      await database.dispose();
    }
  });
});

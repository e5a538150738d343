/**
 * The director's enrolment order is for the admission campaign's school year: an order signed in
 * May on an application sent in April enrols the child for the coming September, says so on the
 * notice, and holds through that school year — not the few days left of the year under way.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { issueDocument, resultValidTo } from "#root/flows/results.ts";
import { backends } from "#root/test/helpers/databases.ts";
import { seedSchool, seedStaff, submittedApplication } from "#root/test/helpers/fixtures.ts";

const APRIL = new Date("2026-04-10T06:00:00Z");
const MAY20 = new Date("2026-05-20T06:00:00Z");

/** The PDF's text, whitespace dropped (line wrapping must not fail a lookup). */
function pdfText(bytes: Uint8Array): string {
  const file = join(mkdtempSync(join(tmpdir(), "order-")), "order.pdf");
  writeFileSync(file, bytes);
  return execFileSync("pdftotext", ["-enc", "UTF-8", file, "-"], { encoding: "utf8" }).replace(/\s+/g, "");
}

describe.each(backends)("the enrolment order's school year on $name", (backend) => {
  it.each([
    { lang: "ru" as const, says: "зачисленв1классна2026–2027учебныйгод" },
    { lang: "kk" as const, says: "2026–2027оқужылына1-сыныпқаоқуғақабылданғанын" },
  ])(
    "an order of 20 May on an application of April: 2026–2027, valid through 31 May 2027 ($lang)",
    async ({ lang, says }) => {
      const database = await backend.open();
      try {
        const db = database.db;
        const school = await seedSchool(db, lang === "ru" ? "260520000001" : "260520000002");
        const director = await seedStaff(db, { schoolId: school.id, telegramId: 95_001, role: "director", fullName: "Ахметова Гүлнар" });
        const app = await submittedApplication(db, {
          serviceId: "first-grade",
          schoolId: school.id,
          parentTelegramId: 95_101,
          lang,
          now: APRIL,
          child: { birthDate: "2020-02-02", grade: 1 },
        });
        const order = await issueDocument(db, {
          application: app,
          kind: "order",
          issuer: director,
          now: MAY20,
          publicUrl: "https://desk.example.kz",
          order: { number: "5", date: "2026-05-20" },
        });
        expect(order.issued).toMatchObject({ kind: "order", validFrom: "2026-05-20", validTo: "2027-05-31" });
        const text = pdfText(order.bytes);
        expect(text).toContain(says);
        expect(text).not.toContain("2025–2026");
        // The parent is told the same when the child's enrolment is found standing.
        expect(resultValidTo({ ...app, status: "order_signed", decidedAt: MAY20 }, "2026-05-20")).toBe("2027-05-31");
      } finally {
        await database.dispose();
      }
    },
    60_000,
  );

  it("home schooling's order keeps the school year of its date", async () => {
    const database = await backend.open();
    try {
      const db = database.db;
      const school = await seedSchool(db, "260520000003");
      const director = await seedStaff(db, { schoolId: school.id, telegramId: 95_002, role: "director", fullName: "Ахметова Гүлнар" });
      const app = await submittedApplication(db, {
        serviceId: "home-schooling",
        schoolId: school.id,
        parentTelegramId: 95_102,
        now: APRIL,
      });
      const order = await issueDocument(db, {
        application: app,
        kind: "order",
        issuer: director,
        now: MAY20,
        publicUrl: "https://desk.example.kz",
        order: { number: "6", date: "2026-05-20" },
      });
      expect(order.issued).toMatchObject({ validFrom: "2026-05-20", validTo: "2026-05-31" });
    } finally {
      await database.dispose();
    }
  }, 60_000);
});

/**
 * The ticket card operators read at the top of a support topic (bot/support/card.ts): an
 * application whose result the school revoked is listed as revoked — the document, the day —
 * in the parent's language, as the parent's /my says it, not as the status it keeps.
 */
import { describe, expect, it } from "vitest";
import { cardText } from "#root/bot/support/card.ts";
import { openTicket } from "#root/db/queries/support.ts";
import { findUserByTelegramId, setUserLang } from "#root/db/queries/users.ts";
import { t } from "#root/flows/i18n.ts";
import { getService } from "#root/flows/services/index.ts";
import { backends } from "#root/test/helpers/databases.ts";
import { revokedReceipt, seedSchool, seedStaff } from "#root/test/helpers/fixtures.ts";

const MAY = new Date("2026-05-15T06:00:00Z");
const JUNE = new Date("2026-06-20T06:00:00Z");

describe.each(backends)("the support card on $name", (backend) => {
  it("lists an application whose receipt the school revoked as revoked, in Russian and in Kazakh", async () => {
    const database = await backend.open();
    try {
      const db = database.db;
      const school = await seedSchool(db, "260620000011", "Школа №11");
      const director = await seedStaff(db, { schoolId: school.id, telegramId: 7701, role: "director", fullName: "Ахметова Гүлнар" });
      const { app, receipt } = await revokedReceipt(db, {
        schoolId: school.id,
        parentTelegramId: 7711,
        staff: director,
        sent: MAY,
        revoked: JUNE,
      });
      const user = (await findUserByTelegramId(db, 7711))!;
      const { ticket } = await openTicket(db, user.id, JUNE);
      const title = (lang: "kk" | "ru") => t(lang, getService("first-grade").catalog.title);

      const ru = await cardText(db, ticket, { user });
      expect(ru).toContain(`• № ${app.number} — ${title("ru")} — документ № ${receipt.number} отозван школой 20.06.2026`);
      expect(ru).not.toContain(t("ru", "lifecycle-status-completed-awaiting-order"));

      const kk = await cardText(db, ticket, { user: await setUserLang(db, 7711, "kk") });
      expect(kk).toContain(`• № ${app.number} — ${title("kk")} — № ${receipt.number} құжатты мектеп 20.06.2026 кері қайтарып алды`);
    } finally {
      await database.dispose();
    }
  }, 120_000);
});

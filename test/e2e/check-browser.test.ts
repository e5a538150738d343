/**
 * The check page in a real browser (headless Chromium): the QR code printed on an issued
 * certificate, read as a phone camera reads it, opens the page that says the certificate is
 * valid, in Kazakh; the language switch shows it in Russian; the form takes the printed code
 * typed by hand in lower case; a mistyped code finds nothing.
 */
import { mkdirSync } from "node:fs";
import { serve, type ServerType } from "@hono/node-server";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "#root/api/app.ts";
import { checkRoutes } from "#root/api/check/index.ts";
import { performAction } from "#root/bot/provider/perform.ts";
import type { Database } from "#root/db/client.ts";
import { openMemoryDatabase } from "#root/db/open-embedded.ts";
import { getApplication } from "#root/db/queries/applications.ts";
import { getStoredFile } from "#root/db/queries/files.ts";
import { listIssued, type IssuedDocumentRow } from "#root/db/queries/issued.ts";
import { formatCheckCode } from "#root/flows/check/index.ts";
import { createLogger } from "#root/log.ts";
import { hasChromium, launchBrowser } from "#root/test/helpers/browser.ts";
import { seedSchool, seedStaff, submittedApplication } from "#root/test/helpers/fixtures.ts";
import { ROOT } from "#root/test/helpers/process.ts";
import { scanQr } from "#root/test/helpers/qr.ts";

if (!hasChromium) console.warn("Skipping the check page browser test: /usr/bin/chromium is missing (apt-get install -y chromium).");

describe.skipIf(!hasChromium)("the check page in Chromium", () => {
  let database: Database;
  let server: ServerType;
  let url: string;
  let browser: Browser;
  let doc: IssuedDocumentRow;
  let pdf: Uint8Array;

  beforeAll(async () => {
    database = await openMemoryDatabase();
    const log = createLogger("silent");
    const app = createApp({
      log,
      db: database,
      sessions: { kind: "database", ping: async () => {} },
      routes: [checkRoutes({ db: database.db, log, now: () => new Date() })],
    });
    server = await new Promise((resolve) => {
      const s = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, () => resolve(s));
    });
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;

    const school = await seedSchool(database.db, "123456789012", "Школа-гимназия №12");
    const specialist = await seedStaff(database.db, { schoolId: school.id, telegramId: 601, role: "specialist", fullName: "Сауле Бекова" });
    const submitted = await submittedApplication(database.db, {
      serviceId: "meals",
      schoolId: school.id,
      parentTelegramId: 902,
      childName: "Сапаров Нурлан",
    });
    const deps = { db: database.db, now: () => new Date(), config: { publicUrl: url } };
    await performAction(deps, specialist.telegramId, { applicationId: submitted.id, action: "register", version: submitted.version });
    const registered = (await getApplication(database.db, submitted.id))!;
    await performAction(deps, specialist.telegramId, { applicationId: submitted.id, action: "issue", version: registered.version });
    [doc] = (await listIssued(database.db, submitted.id)) as [IssuedDocumentRow];
    pdf = (await getStoredFile(database.db, doc.fileId))!.bytes;
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
    await database?.close();
  });

  it("the certificate's QR code opens its check page: valid, in Kazakh, then in Russian by the switch", async () => {
    const scanned = await scanQr(pdf);
    expect(scanned).toBe(`${url}/check/${formatCheckCode(doc.checkCode)}`);
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    const response = await page.goto(scanned!);
    expect(response?.status()).toBe(200);
    await expect(page.getByRole("status").textContent()).resolves.toBe("Құжат жарамды");
    await expect(page.locator("dl").textContent()).resolves.toContain(doc.number);
    await page.getByRole("link", { name: "Русский" }).click();
    await expect(page.getByRole("status").textContent()).resolves.toBe("Документ действителен");
    const details = (await page.locator("dl").textContent())!;
    expect(details).toContain("Школа-гимназия №12");
    expect(details).toContain("С. Н.");
    expect(details).not.toContain("Сапаров");
    mkdirSync(`${ROOT}test-artifacts`, { recursive: true });
    await page.screenshot({ path: `${ROOT}test-artifacts/check-page.png`, fullPage: true });
    await page.close();
  });

  it("the form takes the printed code typed by hand, and a mistyped code finds nothing", async () => {
    const page = await browser.newPage();
    await page.goto(`${url}/check?lang=ru`);
    await page.getByLabel("Код проверки").fill(formatCheckCode(doc.checkCode).toLowerCase().replace(/-/g, " "));
    await page.getByRole("button", { name: "Проверить" }).click();
    await expect(page.getByRole("status").textContent()).resolves.toBe("Документ действителен");
    // The address is the code as printed, whatever the case and spaces it was typed with.
    expect(page.url()).toBe(`${url}/check/${formatCheckCode(doc.checkCode)}?lang=ru`);

    await page.goto(`${url}/check?lang=ru`);
    const wrong = `${doc.checkCode.slice(0, 15)}${doc.checkCode.endsWith("0") ? "1" : "0"}`;
    await page.getByLabel("Код проверки").fill(wrong);
    await page.getByRole("button", { name: "Проверить" }).click();
    await expect(page.locator(".state").textContent()).resolves.toContain("Документ не найден");
    await page.close();
  });
});

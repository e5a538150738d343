/**
 * What a newcomer sees after `npm start`: the playground web chat with the real bots. A parent
 * starts the parent bot in the browser, chooses Russian and is asked for consent; a school
 * secretary opens a staff invite link in the playground and is let into the provider bot.
 */
import { existsSync, mkdirSync } from "node:fs";
import type { Browser } from "playwright-core";
import { CHROMIUM, launchBrowser } from "#root/test/helpers/browser.ts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getSchoolByBin } from "#root/db/queries/schools.ts";
import { createStaffInvite } from "#root/db/queries/staff.ts";
import { startTestSystem, type TestSystem } from "#root/test/helpers/system.ts";

let system: TestSystem;
let browser: Browser;

describe.runIf(existsSync(CHROMIUM))("the playground with the real bots", () => {
  beforeAll(async () => {
    system = await startTestSystem();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await system?.close();
  });

  it("runs the parent bot in the browser and opens a staff invite link in the provider bot", async () => {
    const base = `http://127.0.0.1:${system.port}`;
    const page = await browser.newPage({ viewport: { width: 1400, height: 800 } });
    await page.goto(`${base}/playground?key=${system.playground!.webKey}`);
    await page.waitForSelector("body[data-ready=true]");
    const parent = page.locator('[data-panel="bot-school_desk_bot"]');
    await parent.locator("input[name=text]").fill("/start");
    await parent.locator("button.send").click();
    // The playground's user speaks Kazakh (Telegram's language): no language question; the
    // consent offers Russian in one tap.
    await parent.getByRole("button", { name: "🔁 Русский" }).click();
    await parent.getByText("Согласие на сбор и обработку персональных данных").waitFor();
    await parent.getByRole("button", { name: "✅ Согласен(на)" }).click();
    await parent.getByText("Поделитесь номером телефона").waitFor();

    const school = await getSchoolByBin(system.database.db, "990140000106");
    const invite = await createStaffInvite(system.database.db, { schoolId: school!.id, role: "specialist", now: new Date() });
    await page.goto(`${base}/playground?bot=provider&start=${invite.token}`);
    await page.waitForSelector("body[data-ready=true]");
    const staff = page.locator('[data-panel="bot-school_desk_staff_bot"]');
    await staff.getByText(/ДЕМО/).first().waitFor();
    expect(await page.evaluate(() => location.search)).toBe("");

    mkdirSync("test-artifacts", { recursive: true });
    await page.screenshot({ path: "test-artifacts/playground-system.png" });
    await page.close();
  }, 60_000);
});

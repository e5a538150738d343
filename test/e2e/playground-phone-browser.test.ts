/**
 * The playground at a phone's width with the real bots: a Kazakh-speaking parent opens the
 * command menu, and at the "share your phone" question sends a sticker and a location from the
 * attach menu; the parent bot answers each in Kazakh. An own message is edited with its pencil.
 * Nothing scrolls sideways, and the chat stays at its newest message.
 */
import { existsSync, mkdirSync } from "node:fs";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHROMIUM, launchBrowser } from "#root/test/helpers/browser.ts";
import { startTestSystem, type TestSystem } from "#root/test/helpers/system.ts";

let system: TestSystem;
let browser: Browser;
const USE_BUTTON = "Экранның төменгі жағындағы «📱 Нөмірімді жіберу» батырмасын басыңыз";

describe.runIf(existsSync(CHROMIUM))("the playground on a phone", () => {
  beforeAll(async () => {
    system = await startTestSystem();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await system?.close();
  });

  it("shows the command menu, sends a sticker and a location that the bot answers in Kazakh, and fits 380 px", async () => {
    const page = await browser.newPage({ viewport: { width: 380, height: 760 }, isMobile: true, hasTouch: true });
    await page.goto(`http://127.0.0.1:${system.port}/playground?key=${system.playground!.webKey}`);
    await page.waitForSelector("body[data-ready=true]");
    const parent = page.locator('[data-panel="bot-school_desk_bot"]');
    await expect(parent.isVisible()).resolves.toBe(true);
    await expect(page.locator('[data-panel="bot-school_desk_staff_bot"]').isVisible()).resolves.toBe(false);

    await parent.locator("input[name=text]").fill("/start");
    await parent.locator("button.send").click();
    // Telegram's language is Kazakh: the consent comes at once.
    await parent.getByRole("button", { name: "✅ Келісемін" }).click();
    await parent.getByText("Телефон нөміріңізбен бөлісіңіз").waitFor();

    // The menu button lists the bot's commands in the user's language.
    await parent.getByRole("button", { name: "Menu" }).click();
    const menu = parent.locator(".popup.commands");
    await menu.getByText("/apply").waitFor();
    await expect(menu.textContent()).resolves.toContain("Өтініш беру");
    await parent.getByRole("button", { name: "Menu" }).click();
    await expect(menu.isHidden()).resolves.toBe(true);

    // A sticker, then a location (the page asks where; the default is Astana).
    await parent.locator("button.attach").click();
    await parent.locator('[data-attach="sticker-👍"]').click();
    await expect.poll(() => parent.locator(".msg", { hasText: USE_BUTTON }).count()).toBe(1);
    page.once("dialog", (dialog) => void dialog.accept(dialog.defaultValue()));
    await parent.locator("button.attach").click();
    await parent.locator('[data-attach="location"]').click();
    await expect.poll(() => parent.locator(".msg", { hasText: USE_BUTTON }).count()).toBe(2);
    await parent.locator(".msg.own", { hasText: "Location: 51.12821, 71.43042" }).waitFor();

    const updates = system.playground!.state.chats.get(`p:7000000001:100001`)!;
    const sent = [...updates.messages.values()].filter((m) => m.sender === "user").map((m) => m.message);
    expect(sent.some((m) => m.sticker?.emoji === "👍")).toBe(true);
    expect(sent.some((m) => m.location?.latitude === 51.128207)).toBe(true);

    // The pencil on an own message edits it; the bots get edited_message.
    await parent.locator(".msg.own", { hasText: "/start" }).locator("button.edit").click();
    await expect(parent.locator("input[name=text]").inputValue()).resolves.toBe("/start");
    await parent.locator("input[name=text]").fill("/start 1");
    await parent.locator("button.send").click();
    await parent
      .locator(".msg.own", { hasText: "/start 1" })
      .getByText(/edited/)
      .waitFor();

    // The newest message is in view, and nothing is wider than the screen.
    const list = parent.locator(".messages");
    await expect.poll(() => list.evaluate((el) => el.scrollHeight - el.scrollTop - el.clientHeight)).toBeLessThan(2);
    const overflow = await page.evaluate(() => ({
      page: document.documentElement.scrollWidth - window.innerWidth,
      panels: Array.from(document.querySelectorAll<HTMLElement>("#panels, .panel.active, .composer, .messages")).map(
        (e) => e.scrollWidth - e.clientWidth,
      ),
    }));
    expect(overflow.page).toBeLessThanOrEqual(0);
    expect(Math.max(...overflow.panels)).toBeLessThanOrEqual(0);

    // The tabs switch to the other chats.
    await page.getByRole("tab", { name: "Provider bot" }).click();
    await expect(page.locator('[data-panel="bot-school_desk_staff_bot"]').isVisible()).resolves.toBe(true);
    await expect(parent.isVisible()).resolves.toBe(false);
    await page.getByRole("tab", { name: "Parent bot" }).click();

    mkdirSync("test-artifacts", { recursive: true });
    await page.screenshot({ path: "test-artifacts/playground-phone.png" });
    await parent.locator("button.attach").click();
    await page.screenshot({ path: "test-artifacts/playground-phone-attach.png" });
    await page.close();
  }, 60_000);
});

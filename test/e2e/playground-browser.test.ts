/**
 * The web chat in a real browser: a parent sends /start in the page, taps an
 * inline button, and sees the bot's edited reply — rendered safely.
 */
import { existsSync, mkdirSync } from "node:fs";
import { Bot, InlineKeyboard, InputFile, Keyboard } from "grammy";
import type { Browser } from "playwright-core";
import { CHROMIUM, launchBrowser } from "#root/test/helpers/browser.ts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEmulator, type Emulator } from "#root/api/playground/index.ts";
import { serveEmulator } from "#root/test/helpers/tg-client.ts";

const PDF = new TextEncoder().encode(
  "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj " +
    "3 0 obj<</Type/Page/MediaBox[0 0 200 200]/Parent 2 0 R>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n",
);
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`Skipping the playground browser test: ${CHROMIUM} is missing (apt-get install -y chromium).`);

describe.skipIf(!hasChromium)("the playground web chat in Chromium", () => {
  let emulator: Emulator;
  let server: Awaited<ReturnType<typeof serveEmulator>>;
  let bot: Bot;
  let browser: Browser;

  beforeAll(async () => {
    emulator = createEmulator({
      bots: [
        { token: "111111:parent", username: "school_parent_bot", label: "Parent bot" },
        { token: "222222:provider", username: "school_provider_bot", label: "Provider bot" },
      ],
      users: [
        { firstName: "Aigerim", lastName: "Nurlanova", lang: "kk" },
        { firstName: "Marat", lang: "ru" },
        { firstName: "Dana", lang: "ru" },
      ],
    });
    server = await serveEmulator(emulator);
    bot = new Bot("111111:parent", { client: { apiRoot: server.url } });
    bot.command("start", (ctx) =>
      ctx.reply("<b>Сәлеметсіз бе!</b> Тілді таңдаңыз / Выберите язык &lt;script&gt;alert(1)&lt;/script&gt;", {
        parse_mode: "HTML",
        reply_markup: new InlineKeyboard().text("Қазақша", "lang:kk").text("Русский", "lang:ru"),
      }),
    );
    bot.callbackQuery(/^lang:(kk|ru)$/, async (ctx) => {
      await ctx.answerCallbackQuery();
      const text = ctx.match[1] === "ru" ? "Язык: <b>русский</b>. Отправьте /apply, чтобы подать заявление." : "Тіл: <b>қазақша</b>.";
      await ctx.editMessageText(text, { parse_mode: "HTML" });
      await ctx.reply("Поделитесь номером телефона", {
        reply_markup: new Keyboard().requestContact("Поделиться номером").resized().oneTime(),
      });
    });
    bot.on("message:contact", async (ctx) => {
      await ctx.reply(`Спасибо, ${ctx.message.contact.phone_number}`, { reply_markup: { remove_keyboard: true } });
      await ctx.replyWithDocument(new InputFile(PDF, "statement.pdf"), { caption: "<i>Заявление</i> готово", parse_mode: "HTML" });
      const group = emulator.state.group!;
      const topic = await ctx.api.createForumTopic(group.id, `${ctx.from.first_name} · заявление`);
      await ctx.api.sendMessage(group.id, `Новое заявление от ${ctx.from.first_name}`, { message_thread_id: topic.message_thread_id });
    });
    await bot.api.setMyDescription("Мектеп қызметтеріне өтініш беретін бот.");
    await bot.api.setMyDescription("Бот для заявлений в школу.", { language_code: "ru" });
    await new Promise<void>((resolve) => void bot.start({ onStart: () => resolve() }));
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    if (bot?.isRunning()) await bot.stop();
    await server?.close();
  });

  it("shows an empty chat the bot's description in the user's language and START, which sends /start", async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 760 } });
    await page.goto(`${server.url}/playground?key=${emulator.webKey}`);
    await page.waitForSelector("body[data-ready=true]");
    const parent = page.locator('[data-panel="bot-school_parent_bot"]');
    const dana = [...emulator.state.users.values()].find((u) => u.firstName === "Dana")!;
    await parent.locator("select").selectOption(String(dana.id));
    await parent.locator(".intro").getByText("Бот для заявлений в школу.").waitFor();
    await parent.getByRole("button", { name: "START" }).click();
    await parent.getByRole("button", { name: "Русский" }).waitFor();
    expect(await parent.locator(".intro").count()).toBe(0);
    expect(await parent.locator(".msg.own").last().textContent()).toContain("/start");
    await page.close();
  });

  it("sends /start from the parent chat, taps a button and shows the bot's edited reply", async () => {
    const page = await browser.newPage({ viewport: { width: 1360, height: 760 } });
    await page.goto(`${server.url}/playground?key=${emulator.webKey}`);
    await page.waitForSelector("body[data-ready=true]");
    const parent = page.locator('[data-panel="bot-school_parent_bot"]');
    await parent.locator("input[name=text]").fill("/start");
    await parent.locator("button.send").click();

    await parent.getByRole("button", { name: "Русский" }).waitFor();
    // Bot HTML is rendered as elements for Telegram's tags and as text for everything else.
    await expect(parent.locator(".bubble b").first().textContent()).resolves.toBe("Сәлеметсіз бе!");
    await expect(parent.locator(".bubble").filter({ hasText: "<script>alert(1)</script>" }).count()).resolves.toBe(1);
    await expect(page.locator(".messages script").count()).resolves.toBe(0);

    await parent.getByRole("button", { name: "Русский" }).click();
    await parent.getByText("Отправьте /apply").waitFor();
    await expect(parent.locator(".bubble b").last().textContent()).resolves.toBe("русский");
    await expect(parent.getByRole("button", { name: "Русский" }).count()).resolves.toBe(0);
    await expect(parent.locator(".msg", { hasText: "Отправьте /apply" }).locator(".meta").textContent()).resolves.toContain("edited");
    await expect(parent.locator(".msg", { hasText: "Отправьте /apply" }).locator(".cmd").textContent()).resolves.toBe("/apply");

    // The reply keyboard's request_contact button shares the parent's own phone number.
    await parent.locator(".reply-kb").getByRole("button", { name: "Поделиться номером" }).click();
    await parent.getByText("Спасибо, +7").waitFor();
    const doc = parent.locator("a.doc");
    await doc.waitFor();
    await expect(doc.getAttribute("target")).resolves.toBe("_blank");
    const pdf = await page.request.get(`${server.url}${await doc.getAttribute("href")}`);
    expect(pdf.headers()["content-type"]).toBe("application/pdf");
    expect(Buffer.from(await pdf.body()).equals(Buffer.from(PDF))).toBe(true);
    await expect(parent.locator(".reply-kb").isHidden()).resolves.toBe(true);
    await page.locator('[data-panel="group"]').getByText("Новое заявление от Aigerim").waitFor();

    const aigerim = [...emulator.state.users.values()][0]!;
    const own = emulator.state.privateChat(111111, aigerim.id);
    expect(
      [...own!.messages.values()].map((m) => m.message.text ?? m.message.contact?.phone_number ?? m.message.document?.file_name),
    ).toEqual([
      "/start",
      "Язык: русский. Отправьте /apply, чтобы подать заявление.",
      "Поделитесь номером телефона",
      aigerim.phone,
      `Спасибо, ${aigerim.phone}`,
      "statement.pdf",
    ]);

    mkdirSync("test-artifacts", { recursive: true });
    await page.screenshot({ path: "test-artifacts/playground.png" });
    await page.close();
  });
});

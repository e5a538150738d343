/**
 * Commands said when nothing is going on answer for what is: /cancel with nothing to stop says
 * so (not "filling stopped"), and support promises to come back to a form only when one is open
 * (when the talk opens, and when it ends).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatDate } from "#root/flows/form.ts";
import { makeIin } from "#root/flows/iin.ts";
import { getService, periodState } from "#root/flows/services/index.ts";
import { registerInRussian } from "#root/test/helpers/parent-flow.ts";
import { startTestSystem, type TestSystem } from "#root/test/helpers/system.ts";

let system: TestSystem;
beforeAll(async () => {
  system = await startTestSystem();
});
afterAll(() => system?.close());

describe("a parent at the menu", () => {
  it("is told there is nothing to stop, and support mentions a form only while one is open", async () => {
    const parent = system.parent({ lang: "ru" });
    await registerInRussian(parent, "Омарова Жанар Сериковна", makeIin("1992-08-09", "female", 6));
    await parent.send("/cancel");
    await parent.nextMessage(/Сейчас нечего прерывать\. \/apply — подать заявление/);

    await parent.send("/support");
    const idle = await parent.nextMessage(/Вы пишете в службу поддержки/);
    expect(idle.text).not.toMatch(/заявление сохранено/);
    await parent.tap("✅ Завершить разговор");
    const ended = await parent.nextMessage(/Разговор с оператором завершён/);
    expect(ended.text).toBe("Разговор с оператором завершён. Бот снова с вами.");
    await parent.nextMessage(/Государственные услуги школы/);

    await parent.tap("Бесплатное и льготное питание в школе");
    await parent.nextMessage(/по кнопке «Подробнее»/);
    await parent.tap("📝 Подать заявление");
    await parent.nextMessage(/фамилию, имя и отчество ребёнка/);
    await parent.send("/support");
    const busy = await parent.nextMessage(/Вы пишете в службу поддержки/);
    expect(busy.text).toMatch(/Ваше заявление сохранено: после разговора бот продолжит с того же места\./);
  });

  it("sees on a service's page that it takes no applications now, before tapping to apply", async () => {
    const parent = system.parent({ lang: "ru" });
    await registerInRussian(parent, "Омарова Жанар Сериковна", makeIin("1992-08-09", "female", 7));
    await parent.tap("Приём в первый класс");
    const page = await parent.nextMessage(/по кнопке «Подробнее»/);
    const period = periodState(getService("first-grade"), new Date());
    if (period.open) expect(page.text).not.toMatch(/⏳/);
    else
      expect(page.text).toContain(
        `⏳ Заявления принимаются с ${formatDate(period.from)} по ${formatDate(period.to)}: сейчас подать заявление нельзя.`,
      );
  });
});

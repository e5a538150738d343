/**
 * What a parent reads when their registered application's deadline passed without a decision: when
 * it passed, that the school was reminded (only when it has staff to remind), where to turn if no
 * answer comes, and a button to the application — in Russian and in Kazakh.
 */
import { describe, expect, it } from "vitest";
import { data } from "#root/bot/parent/callbacks.ts";
import { renderOverdue } from "#root/bot/shared/notices.ts";
import type { Lang } from "#root/flows/i18n.ts";
import type { OverduePayload } from "#root/flows/notify.ts";

const ID = "0b6f2a8e-3c1d-4e5f-8a9b-0c1d2e3f4a5b";
const notice = (lang: Lang, reminded: boolean): OverduePayload => ({
  template: "overdue",
  applicationId: ID,
  number: "2026-000123",
  serviceId: "home-schooling",
  // 17:00 in Almaty on Friday 13 March.
  deadlineAt: "2026-03-13T12:00:00.000Z",
  reminded,
  lang,
});

describe("the parent's notice that the deadline passed", () => {
  it("in Russian says when it passed, that the school was reminded, and where to write", () => {
    const r = renderOverdue("ru", notice("ru", true));
    expect(r.html).toBe(
      "⚠️ Срок рассмотрения заявления <b>№ 2026-000123</b> (Индивидуальное бесплатное обучение на дому) истёк 13.03.2026, " +
        "а школа ещё не приняла решение.\n\n" +
        "Школе направлено напоминание о сроке.\n\n" +
        "Если ответ так и не поступит, напишите в службу поддержки: /support.",
    );
    expect(r.keyboard!.inline_keyboard).toEqual([[{ text: "Открыть заявление", callback_data: data.myOpen(ID) }]]);
  });

  it("in Kazakh says the same", () => {
    const r = renderOverdue("kk", notice("kk", true));
    expect(r.html).toBe(
      "⚠️ <b>№ 2026-000123</b> өтінішті (Үйде жеке тегін оқыту) қарау мерзімі 13.03.2026 күні өтті, " +
        "бірақ мектеп әлі шешім қабылдаған жоқ.\n\n" +
        "Мектепке мерзім туралы еске салу жіберілді.\n\n" +
        "Егер жауап әлі де келмесе, қолдау қызметіне жазыңыз: /support.",
    );
    expect(r.keyboard!.inline_keyboard).toEqual([[{ text: "Өтінішті ашу", callback_data: data.myOpen(ID) }]]);
  });

  it("does not say the school was reminded when it had no active staff to remind", () => {
    const ru = renderOverdue("ru", notice("ru", false)).html;
    expect(ru).not.toContain("напоминание");
    expect(ru).toContain("истёк 13.03.2026");
    expect(ru).toContain("/support");
    const kk = renderOverdue("kk", notice("kk", false)).html;
    expect(kk).not.toContain("еске салу");
    expect(kk).toContain("13.03.2026 күні өтті");
    expect(kk).toContain("/support");
  });
});

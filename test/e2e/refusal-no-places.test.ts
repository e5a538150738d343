/**
 * A first-grade refusal for want of places leaves nothing in the application to correct: the
 * parent is told so, that they may apply to another school, and that a refused parent turns to
 * the local education authority where they live — not "correct the shortcoming and apply again".
 * "My applications" offers to apply to another school, and the new draft says to choose one.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { changeStatus } from "#root/flows/applications.ts";
import { t, type Lang } from "#root/flows/i18n.ts";
import { makeIin } from "#root/flows/iin.ts";
import { seedSchool, seedStaff, submittedApplication } from "#root/test/helpers/fixtures.ts";
import { registerInKazakh, registerInRussian } from "#root/test/helpers/parent-flow.ts";
import { CAMPAIGN_MAY } from "#root/test/helpers/first-grade-words.ts";
import { startTestSystem, type TestSystem } from "#root/test/helpers/system.ts";

let system: TestSystem;
beforeAll(async () => {
  system = await startTestSystem();
});
afterAll(() => system.close());
afterEach(() => {
  vi.useRealTimers();
});

describe.each([
  { lang: "ru" as Lang, tg: 541_001, bin: "990140000541", register: registerInRussian },
  { lang: "kk" as Lang, tg: 542_001, bin: "990140000542", register: registerInKazakh },
])("a 'no places' refusal, in $lang", ({ lang, tg, bin, register }) => {
  it("says there is nothing to correct: another school, or the local education authority; /my offers another school", async () => {
    const db = system.database.db;
    vi.useFakeTimers({ toFake: ["Date"], now: CAMPAIGN_MAY, shouldAdvanceTime: true });
    const school = await seedSchool(db, bin);
    const director = await seedStaff(db, { schoolId: school.id, telegramId: tg + 900, role: "director", fullName: "Ахметова Гүлнар" });
    const parent = system.parent({ id: tg, lang });
    await register(parent, "Сапарова Айгерим Маратовна", makeIin("1988-02-11", "female", tg % 100));
    const app = await submittedApplication(db, {
      serviceId: "first-grade",
      schoolId: school.id,
      parentTelegramId: tg,
      lang,
      now: new Date("2026-04-10T04:00:00Z"),
      child: { birthDate: "2020-02-02", grade: 1 },
    });
    const principal = { kind: "staff" as const, staffId: director.id, role: "director" as const, schoolId: school.id };
    expect(
      (await changeStatus(db, { applicationId: app.id, action: "refuse", principal, reason: "no-places", now: CAMPAIGN_MAY })).ok,
    ).toBe(true);

    const notice = await parent.nextMessage(new RegExp(t(lang, "lifecycle-status-refused-no-places")), { timeoutMs: 20_000 });
    const said = notice.text ?? notice.caption ?? "";
    expect(said).toContain(t(lang, "notify-parent-refused-school"));
    expect(said).not.toContain(t(lang, "notify-parent-refused"));
    expect(said).toContain(lang === "ru" ? "местный орган управления образованием" : "білім беруді басқарудың жергілікті органына");

    await parent.send("/my");
    await parent.nextMessage(new RegExp(`№ ${app.number}`));
    await parent.tap(`№ ${app.number}`);
    await parent.nextMessage(new RegExp(`${t(lang, "my-status")}: ${t(lang, "lifecycle-status-refused-no-places")}`));
    expect(parent.lastKeyboard()).not.toContain(t(lang, "my-fix-resubmit"));
    await parent.tap(t(lang, "my-fix-resubmit-school"));
    const started = await parent.nextMessage(/Создан новый черновик|жаңа жоба жасалды/);
    expect(started.text).toContain(lang === "ru" ? "Выберите другую школу" : "Басқа мектепті таңдап");
  }, 120_000);
});

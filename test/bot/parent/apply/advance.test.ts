/**
 * A draft begun last school year and continued now, its child grown out of the service's ages since (the first grade
 * takes children of five to nine; the child was nine then, is ten today): the parent is told, in their language, which
 * child no longer fits and why, and the child's step is asked again — or the draft is deleted with the button under it.
 * Before, the draft opened at its review as it was, and could be signed and sent.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getApplication } from "#root/db/queries/applications.ts";
import { giveConsent } from "#root/db/queries/users.ts";
import { applications } from "#root/db/schema.ts";
import { formatDate } from "#root/flows/form/date.ts";
import { makeIin } from "#root/flows/iin.ts";
import { seedSchool, submittedApplication } from "#root/test/helpers/fixtures.ts";
import { startTestSystem, type TestSystem } from "#root/test/helpers/system.ts";

let system: TestSystem;
beforeAll(async () => {
  system = await startTestSystem();
});
afterAll(() => system?.close());

const DAY = 86_400_000;
/** The date `years` years and `days` days before today (UTC), as YYYY-MM-DD. */
function bornAgo(years: number, days: number): string {
  const d = new Date();
  d.setUTCFullYear(d.getUTCFullYear() - years);
  return new Date(d.getTime() - days * DAY).toISOString().slice(0, 10);
}

/** The parent's first-grade draft at its review, begun a year ago, for a child born on `birthDate`. */
async function oldDraft(telegramId: number, lang: "kk" | "ru", birthDate: string) {
  const db = system.database.db;
  const school = await seedSchool(db, `2609170${telegramId}`);
  const begun = new Date(Date.now() - 365 * DAY);
  await giveConsent(db, telegramId, lang, begun);
  const draft = await submittedApplication(db, {
    serviceId: "first-grade",
    schoolId: school.id,
    parentTelegramId: telegramId,
    lang,
    now: begun,
    child: { birthDate, grade: 1 },
    // Older than the admission's usual age then (and now): the reason, with the commission's conclusion.
    fields: { "age-reason": "late", priority: "none", "born-abroad": "no" },
    email: "aigerim@example.kz",
    documentsDone: true,
    draftOnly: true,
  });
  return { draft, parent: system.parent({ id: telegramId, lang }) };
}

describe("a draft begun last school year whose child has grown out of the service's ages", () => {
  it("continued (/apply → Continue): told why in Russian, the child's step asked again; the button deletes the draft", async () => {
    // Nine a year ago, ten today.
    const born = bornAgo(10, 60);
    const { draft, parent } = await oldDraft(55_201, "ru", born);
    await parent.send("/apply");
    await parent.nextMessage(/незаконченное заявление/);
    await parent.tap("▶ Продолжить");
    const told = await parent.nextMessage(/указан ребёнок/);
    expect(told.text).toBe(
      `В черновике № ${draft.number} указан ребёнок Нурлан Сапаров (дата рождения: ${formatDate(born)}). Сегодня ребёнок по ` +
        "возрасту не подходит под услугу «Приём в первый класс»: она для детей от 5 до 9 лет. " +
        "С этим ребёнком заявление отправить нельзя. " +
        "Укажите ребёнка заново (сверьте ИИН ребёнка со свидетельством о рождении) или удалите черновик.",
    );
    expect(parent.lastKeyboard()).toContain("Удалить черновик");
    // The child's step, from its first question (the saved children offered, or another child).
    await parent.nextMessage(/Шаг 2 из 5 · Ребёнок\n\nДля какого ребёнка заявление\?/);
    // Not the review: nothing to sign with this child.
    expect(parent.botMessages().some((m) => /Проверьте заявление/.test(m.text ?? ""))).toBe(false);
    expect((await getApplication(system.database.db, draft.id))!.form.child).toBeUndefined();

    await parent.tap("Удалить черновик");
    await parent.nextMessage(/Черновик удалён/);
    expect(await getApplication(system.database.db, draft.id)).toBeUndefined();
  });

  it("its review shown while the child fitted, signed after their birthday: told why in Kazakh, no statement formed", async () => {
    // Nine today: the review is shown and signing offered.
    const { draft, parent } = await oldDraft(55_202, "kk", bornAgo(9, 60));
    await parent.send("/apply");
    await parent.nextMessage(/аяқталмаған/);
    await parent.tap("▶ Жалғастыру");
    await parent.nextMessage(/Өтінішті тексеріңіз/);
    // The child's tenth birthday passes while the review waits (their IIN says ten today).
    const db = system.database.db;
    const row = (await getApplication(db, draft.id))!;
    const birthDate = bornAgo(10, 60);
    const child = { ...row.form.child!, birthDate, iin: makeIin(birthDate, "male", 77) };
    await db
      .update(applications)
      .set({ form: { ...row.form, child } })
      .where(eq(applications.id, draft.id));

    await parent.tap("🔐 ЭЦҚ-мен қол қою (NCALayer бар компьютер)");
    const told = await parent.nextMessage(/жасы бойынша/);
    expect(told.text).toBe(
      `№ ${draft.number} жобада Нурлан Сапаров (туған күні: ${formatDate(child.birthDate!)}) көрсетілген, бірақ бала бүгін ` +
        "жасы бойынша «Бірінші сыныпқа қабылдау» қызметіне сәйкес келмейді: қызмет 5–9 жастағы балаларға арналған. Бұл баламен " +
        "өтінішті жіберуге болмайды. Баланы қайта көрсетіңіз (баланың ЖСН-ін туу туралы куәліктен тексеріңіз) немесе жобаны жойыңыз.",
    );
    await parent.nextMessage(/Өтініш қай бала үшін\?/);
    const after = (await getApplication(db, draft.id))!;
    expect(after.statementFileId).toBeNull();
    expect(after.form.child).toBeUndefined();
  });
});

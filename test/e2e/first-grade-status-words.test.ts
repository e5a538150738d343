/**
 * A first-grade receipt is not an enrolment: wherever the status of such an application is shown
 * — to the parent, in the form's note about the child's application, and to staff, on the card's
 * line about the child's application at another school — it reads "documents accepted, the
 * director's order awaited", not "result issued", in Kazakh and in Russian.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import * as apps from "#root/db/queries/applications.ts";
import { changeStatus } from "#root/flows/applications.ts";
import { t, type Lang } from "#root/flows/i18n.ts";
import { makeIin } from "#root/flows/iin.ts";
import { formOf } from "#root/flows/statement.ts";
import { fillStage } from "#root/test/helpers/answers.ts";
import { seedSchool, seedStaff, submittedApplication } from "#root/test/helpers/fixtures.ts";
import { CAMPAIGN_MAY, FIRST_GRADE_WORDS } from "#root/test/helpers/first-grade-words.ts";
import { startTestSystem, type TestSystem } from "#root/test/helpers/system.ts";
import { tgUser } from "#root/test/helpers/tg-client.ts";

let system: TestSystem;
beforeAll(async () => {
  system = await startTestSystem();
});
afterAll(() => system.close());
afterEach(() => {
  vi.useRealTimers();
});

describe.each([
  { lang: "ru" as Lang, tg: 551_001, bins: ["990140000551", "990140000552"] },
  { lang: "kk" as Lang, tg: 553_001, bins: ["990140000553", "990140000554"] },
])("a first-grade receipt's status, in $lang", ({ lang, tg, bins }) => {
  it("reads 'documents accepted, the order awaited' in the parent's form and on the other school's card", async () => {
    const db = system.database.db;
    vi.useFakeTimers({ toFake: ["Date"], now: CAMPAIGN_MAY, shouldAdvanceTime: true });
    const awaiting = t(lang, "lifecycle-status-completed-awaiting-order");
    const issued = t(lang, "lifecycle-status-completed");
    const [first, second] = [await seedSchool(db, bins[0]!), await seedSchool(db, bins[1]!)];
    const w = FIRST_GRADE_WORDS[lang as "ru" | "kk"];
    const parent = system.parent({ id: tg, lang });
    await w.register(parent, "Сапарова Айгерим Маратовна", makeIin("1988-02-11", "female", tg % 100));
    const app = await submittedApplication(db, {
      serviceId: "first-grade",
      schoolId: first.id,
      parentTelegramId: tg,
      lang,
      now: new Date("2026-04-10T04:00:00Z"),
      childName: "Сапаров Нұрлан",
      child: { birthDate: "2020-02-02", grade: 1 },
    });
    expect(app.status).toBe("completed");

    // The parent begins another first-grade form for the same (saved) child: their receipt is named.
    await parent.tap(w.service);
    await parent.nextMessage(w.more);
    await parent.tap(w.apply);
    await parent.nextMessage(w.step);
    await parent.tap(w.parentOk);
    await parent.nextMessage(w.whichChild);
    await parent.tap(w.savedChild);
    // The receipt's own notice (a document, its caption naming the number) may come first: it leaves
    // the outbox as soon as the application is written. The note is the text message naming it.
    let note = await parent.nextMessage(new RegExp(`№ ${app.number}`));
    while (note.text === undefined) note = await parent.nextMessage(new RegExp(`№ ${app.number}`));
    expect(note.text).toContain(awaiting);
    expect(note.text).not.toContain(issued);

    // The same child sent to another school: that school's card names the receipt the same way.
    const moved = await apps.createDraft(db, { serviceId: "first-grade", parentId: app.parentId, lang, now: CAMPAIGN_MAY });
    const form = formOf(app);
    for (const stage of ["parent", "child", "fields"] as const)
      await fillStage(db, { applicationId: moved.id, stage, answers: form[stage] as Record<string, unknown>, now: CAMPAIGN_MAY });
    await fillStage(db, {
      applicationId: moved.id,
      stage: "school",
      answers: { schoolId: second.id },
      patch: { schoolId: second.id },
      now: CAMPAIGN_MAY,
    });
    for (const action of ["sign", "send"] as const)
      expect((await changeStatus(db, { applicationId: moved.id, action, principal: { kind: "system" }, now: CAMPAIGN_MAY })).ok).toBe(true);
    const number = (await apps.getApplication(db, moved.id))!.number;
    await seedStaff(db, { schoolId: second.id, telegramId: tg + 900, role: "specialist", fullName: "Сауле Нурланова", lang });
    const staff = tgUser(system.playground!, { id: tg + 900, firstName: "Сауле", lang }).chatWith("school_desk_staff_bot");
    await staff.send("/inbox");
    await staff.nextMessage(w.inbox);
    await staff.tap(`№ ${number} · Сапаров Нұрлан`);
    const card = await staff.nextMessage(new RegExp(`№ ${number}`), { timeoutMs: 10_000 });
    const line = (card.text ?? "").split("\n").find((l) => l.startsWith("🔁"));
    expect(line).toContain(app.number);
    expect(line).toContain(awaiting);
    expect(line).not.toContain(issued);
  }, 120_000);
});

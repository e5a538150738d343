/**
 * Another family's application is not theirs to read: a stranger who registers and types a
 * child's IIN into a first-grade form learns only that an application for this child exists —
 * not the school, its status, its number or dates — and is told what to do if they are the
 * child's representative; the same when the stranger's signed application is sent to that school.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import * as apps from "#root/db/queries/applications.ts";
import { findUserByTelegramId } from "#root/db/queries/users.ts";
import { data } from "#root/bot/parent/callbacks.ts";
import { changeStatus } from "#root/flows/applications.ts";
import { t, type Lang } from "#root/flows/i18n.ts";
import { makeIin } from "#root/flows/iin.ts";
import { statusKey, statusLabelKey, type Status } from "#root/flows/lifecycle.ts";
import { getService } from "#root/flows/services/index.ts";
import { formOf } from "#root/flows/statement.ts";
import { fillStage } from "#root/test/helpers/answers.ts";
import { seedSchool, submittedApplication } from "#root/test/helpers/fixtures.ts";
import { CAMPAIGN_MAY, FIRST_GRADE_WORDS } from "#root/test/helpers/first-grade-words.ts";
import { startTestSystem, type TestSystem } from "#root/test/helpers/system.ts";
import type { TgChat } from "#root/test/helpers/tg-client.ts";

let system: TestSystem;
beforeAll(async () => {
  system = await startTestSystem();
});
afterAll(() => system.close());
afterEach(() => {
  vi.useRealTimers();
});

/** Everything the bot has shown in `chat`: texts, captions and buttons. */
const shown = (chat: TgChat) =>
  chat
    .botMessages()
    .map((m) => [m.text ?? "", m.caption ?? "", ...(m.reply_markup?.inline_keyboard.flat().map((b) => b.text) ?? [])].join("\n"))
    .join("\n");

describe.each([
  { lang: "ru" as Lang, tg: 531_001, bin: "990140000531" },
  { lang: "kk" as Lang, tg: 532_001, bin: "990140000532" },
])("another applicant's application for the child, in $lang", ({ lang, tg, bin }) => {
  it("is said to exist, without its school, status, number or dates: in the form and at the send", async () => {
    const db = system.database.db;
    vi.useFakeTimers({ toFake: ["Date"], now: CAMPAIGN_MAY, shouldAdvanceTime: true });
    const school = await seedSchool(db, bin, `Гимназия №${bin.slice(-3)} имени Абая`);
    // Parent A's first-grade application: sent in April, the receipt given at once.
    const first = await submittedApplication(db, {
      serviceId: "first-grade",
      schoolId: school.id,
      parentTelegramId: tg,
      lang,
      now: new Date("2026-04-10T04:00:00Z"),
      child: { birthDate: "2020-02-02", grade: 1 },
    });
    expect(first.status).toBe("completed");
    const childIin = formOf(first).child!.iin!;
    const service = getService("first-grade");
    const secrets = [
      school.nameRu,
      school.nameKk,
      first.number,
      t(lang, statusKey(first.status as Status)),
      t(lang, statusLabelKey(service, first.status as Status)),
      "10.04.2026",
    ];

    // Parent B, a stranger: registers, starts a first-grade form and types the child's IIN.
    const w = FIRST_GRADE_WORDS[lang as "ru" | "kk"];
    const stranger = system.parent({ id: tg + 1, lang });
    await w.register(stranger, "Иванов Иван Иванович", makeIin("1980-01-01", "male", tg % 100));
    await stranger.tap(w.service);
    await stranger.nextMessage(w.more);
    await stranger.tap(w.apply);
    await stranger.nextMessage(w.step);
    await stranger.tap(w.parentOk);
    await stranger.nextMessage(w.childName);
    await stranger.send("Кто Угодно");
    await stranger.nextMessage(w.childIin);
    await stranger.send(childIin);
    const next = await stranger.nextMessage(w.school);
    for (const secret of secrets) expect(shown(stranger)).not.toContain(secret);
    // What the stranger is told instead, just before the next question, with nothing to open.
    const note = stranger.botMessages().at(-2)!;
    expect(note.text).toBe(t(lang, "apply-child-has-application-other"));
    expect(note.reply_markup).toBeUndefined();

    // B's application for the same child to the same school, signed and sent: not sent, and still nothing of A's.
    const user = (await findUserByTelegramId(db, tg + 1))!;
    expect(user.id).not.toBe(first.parentId);
    const draft = await apps.createDraft(db, { serviceId: "first-grade", parentId: user.id, lang, now: CAMPAIGN_MAY });
    const form = formOf(first);
    const answers = { parent: { fullName: "Иванов Иван Иванович", iin: makeIin("1980-01-01", "male", tg % 100), phone: "+77010000000" } };
    for (const stage of ["parent", "child", "fields"] as const)
      await fillStage(db, {
        applicationId: draft.id,
        stage,
        answers: (answers as never)[stage] ?? (form[stage] as never),
        now: CAMPAIGN_MAY,
      });
    await fillStage(db, {
      applicationId: draft.id,
      stage: "school",
      answers: { schoolId: school.id },
      patch: { schoolId: school.id },
      now: CAMPAIGN_MAY,
    });
    expect((await changeStatus(db, { applicationId: draft.id, action: "sign", principal: { kind: "system" }, now: CAMPAIGN_MAY })).ok).toBe(
      true,
    );
    await stranger.chat.tapButton(next.message_id, data.send(draft.id));
    const refused = await stranger.nextMessage();
    expect((await apps.getApplication(db, draft.id))!.status).toBe("signed");
    for (const secret of secrets) expect(shown(stranger)).not.toContain(secret);
    expect(refused.text).toBe(t(lang, "apply-duplicate-other"));
    expect(refused.reply_markup).toBeUndefined();
  }, 120_000);
});

/**
 * The card of an application in "My applications" (/my): once a registered application is past its
 * deadline without a decision, the card says the deadline passed, in the parent's language, instead
 * of showing it as if nothing were wrong; before that it shows the deadline as usual.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Staff } from "#root/db/queries/staff.ts";
import { changeStatus } from "#root/flows/applications.ts";
import { backends } from "#root/test/helpers/databases.ts";
import { listParentApplications } from "#root/db/queries/applications.ts";
import { findUserByTelegramId, giveConsent } from "#root/db/queries/users.ts";
import {
  revokedReceipt,
  seedSchool,
  seedStaff,
  startProviderHarness,
  submittedApplication,
  type ProviderHarness,
} from "#root/test/helpers/fixtures.ts";
import { tgUser } from "#root/test/helpers/tg-client.ts";

/** An instant given in Almaty time (UTC+5). */
const almaty = (iso: string) => new Date(`${iso}+05:00`);

describe.each(backends)("an application's card in /my, on $name", (backend) => {
  let h: ProviderHarness;
  let specialist: Staff;
  beforeEach(async () => {
    // Monday 16 March 2026, 10:00 in Almaty.
    h = await startProviderHarness({ backend, parentBot: true, now: () => almaty("2026-03-16T10:00:00") });
    const school = await seedSchool(h.db, "260917000001", "Школа №3");
    specialist = await seedStaff(h.db, { schoolId: school.id, telegramId: 95_100, role: "specialist", fullName: "Нурланова Алия" });
  });
  afterEach(async () => {
    await h.close();
  });

  /** A home-schooling application (1 working day) of the parent `telegramId`, registered at `at`. */
  async function registeredAt(telegramId: number, lang: "kk" | "ru", at: Date) {
    const sent = await submittedApplication(h.db, {
      serviceId: "home-schooling",
      schoolId: specialist.schoolId,
      parentTelegramId: telegramId,
      lang,
      now: at,
    });
    const principal = { kind: "staff" as const, staffId: specialist.id, role: specialist.role, schoolId: specialist.schoolId };
    const registered = await changeStatus(h.db, { applicationId: sent.id, action: "register", principal, now: at });
    if (!registered.ok) throw new Error(`register failed: ${registered.reason}`);
    return registered.application;
  }

  /** The card of application `number`, opened from the parent's /my list. */
  async function card(telegramId: number, lang: "kk" | "ru", number: string): Promise<string> {
    const chat = tgUser(h.emulator, { id: telegramId, firstName: "Айгерим", lang }).chatWith("parent_bot");
    await chat.send("/my");
    await chat.nextMessage(new RegExp(`№ ${number}`));
    await chat.tap(`№ ${number}`);
    return (await chat.nextMessage(new RegExp(`№ ${number}`))).text!;
  }

  it("says the deadline passed once it has, and shows it as usual before", async () => {
    // Registered on Thursday: due Friday 13 March, overdue on Monday. Registered on Monday: due Tuesday 17 March.
    const late = await registeredAt(95_001, "ru", almaty("2026-03-12T10:00:00"));
    const onTime = await registeredAt(95_001, "ru", almaty("2026-03-16T09:00:00"));

    const lateCard = await card(95_001, "ru", late.number);
    expect(lateCard).toContain("⚠️ Срок ответа истёк: 13.03.2026");
    expect(lateCard).not.toContain("Срок ответа: ");

    const onTimeCard = await card(95_001, "ru", onTime.number);
    expect(onTimeCard).toContain("Срок ответа: 17.03.2026");
    expect(onTimeCard).not.toContain("истёк");
  }, 60_000);

  it("says it in Kazakh to a parent who reads Kazakh", async () => {
    const late = await registeredAt(95_002, "kk", almaty("2026-03-12T10:00:00"));
    const lateCard = await card(95_002, "kk", late.number);
    expect(lateCard).toContain("⚠️ Жауап мерзімі өтті: 13.03.2026");
    expect(lateCard).not.toContain("Жауап мерзімі: ");
  }, 60_000);
});

describe.each(backends)("applying again from /my for a child grown out of the service's ages, on $name", (backend) => {
  let h: ProviderHarness;
  let specialist: Staff;
  beforeEach(async () => {
    // 20 April 2027: applications for the first grade are taken, for children of five to nine today.
    h = await startProviderHarness({ backend, parentBot: true, now: () => almaty("2027-04-20T10:00:00") });
    const school = await seedSchool(h.db, "270420000001", "Школа №5");
    specialist = await seedStaff(h.db, { schoolId: school.id, telegramId: 95_200, role: "specialist", fullName: "Нурланова Алия" });
  });
  afterEach(async () => {
    await h.close();
  });

  /** "Apply again" on the card of a first-grade application sent in April 2026 for a child then nine, its receipt revoked. */
  async function applyAgain(telegramId: number, lang: "kk" | "ru", button: string): Promise<string> {
    const sent = almaty("2026-04-15T10:00:00");
    await giveConsent(h.db, telegramId, lang, sent);
    const { app } = await revokedReceipt(h.db, {
      schoolId: specialist.schoolId,
      parentTelegramId: telegramId,
      staff: specialist,
      sent,
      revoked: almaty("2026-04-16T10:00:00"),
      birthDate: "2017-03-10",
      lang,
      fields: { "age-reason": "late", priority: "none", "born-abroad": "no" },
    });
    const chat = tgUser(h.emulator, { id: telegramId, firstName: "Айгерим", lang }).chatWith("parent_bot");
    await chat.send("/my");
    await chat.nextMessage(new RegExp(`№ ${app.number}`));
    await chat.tap(`№ ${app.number}`);
    await chat.nextMessage(new RegExp(`№ ${app.number}`));
    await chat.tap(button);
    const said = (await chat.nextMessage(new RegExp(`№ ${app.number} (нельзя|өтінішті)`))).text!;
    // Nothing copied: the parent has the one application still.
    const parent = (await findUserByTelegramId(h.db, telegramId))!;
    expect((await listParentApplications(h.db, parent.id)).map((a) => a.number)).toEqual([app.number]);
    return said;
  }

  it("says, in Russian, that the child is no longer of the ages and how to apply for another child, and copies nothing", async () => {
    const said = await applyAgain(95_201, "ru", "📝 Подать заявление заново");
    expect(said).toContain("нельзя подать снова");
    expect(said).toContain("Нурлан Сапаров (дата рождения: 10.03.2017)");
    expect(said).toContain("для детей от 5 до 9 лет");
    expect(said).toContain("другому ребёнку");
  }, 60_000);

  it("says it in Kazakh to a parent who reads Kazakh", async () => {
    const said = await applyAgain(95_202, "kk", "📝 Өтінішті қайта беру");
    expect(said).toContain("қайта беруге болмайды");
    expect(said).toContain("Нурлан Сапаров (туған күні: 10.03.2017)");
    expect(said).toContain("5–9 жастағы балаларға");
    expect(said).toContain("басқа балаға");
  }, 60_000);
});

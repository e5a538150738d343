/**
 * An enrolment order from an application's card keeps the queue (priority first, then the time of
 * sending): a director who opens the card of an applicant with others ahead is told how many and
 * who is first, and enrols out of turn only with a second tap — which the application's history
 * keeps, with who did it and whom it passed over. The head of the queue is ordered without a word.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { getApplication, listEvents } from "#root/db/queries/applications.ts";
import { findActiveStaff } from "#root/db/queries/staff.ts";
import { setYearPlaces } from "#root/flows/places.ts";
import { formatDate } from "#root/flows/form.ts";
import { getService } from "#root/flows/services/index.ts";
import { almatyDate } from "#root/flows/sla.ts";
import { lastCampaignYear } from "#root/test/helpers/campaign.ts";
import { joinAsStaff, seedSchool, startProviderHarness, submittedApplication, type ProviderHarness } from "#root/test/helpers/fixtures.ts";
import { tgUser } from "#root/test/helpers/tg-client.ts";

let h: ProviderHarness;
beforeEach(async () => {
  h = await startProviderHarness();
});
afterEach(async () => {
  await h.close();
});

/** Applications sent in May of the last campaign whose August is over. */
const YEAR = lastCampaignYear();
const SENT = (i: number) => new Date(Date.UTC(YEAR, 4, 15, 5, i));

describe("an enrolment order from the card", () => {
  it("past an applicant ahead in the queue: the card names them, asks a second tap, and the history keeps it", async () => {
    const school = await seedSchool(h.db, "260515000011", "Школа №111");
    const director = tgUser(h.emulator, { id: 88_401, firstName: "Гульнара", lang: "ru" }).chatWith("provider_bot");
    await joinAsStaff(director, await h.invite(school.id, "director"), "Гульнара Ахметова", "Директор");
    const staff = (await findActiveStaff(h.db, 88_401))!;
    expect(await setYearPlaces(h.db, { staff, service: getService("first-grade"), places: 25, now: SENT(0) })).toBe(true);
    const apply = (i: number, childName: string, priority: string) =>
      submittedApplication(h.db, {
        serviceId: "first-grade",
        schoolId: school.id,
        parentTelegramId: 89_400 + i,
        now: SENT(i),
        childName,
        child: { birthDate: `${YEAR - 6}-03-10`, grade: 1 },
        fields: { priority, "born-abroad": "no" },
      });
    // Sent first, but without priority; then a family from the school's area: it is first in the queue.
    const mine = await apply(0, "Берик Сапаров", "none");
    const ahead = await apply(1, "Айжан Омарова", "area");
    const today = formatDate(almatyDate(new Date()));

    await director.send(mine.number);
    await director.nextMessage(new RegExp(`Заявление № ${mine.number}`));
    await director.tap("Подписать приказ");
    const warning = await director.nextMessage(/не первое в очереди/);
    expect(warning.text).toContain("Перед ним в очереди заявлений: 1");
    expect(warning.text).toContain(`первое — Айжан Омарова (№ ${ahead.number}, 15.05.${YEAR} · Живём рядом со школой)`);
    expect(warning.text).toContain("Это будет записано в историю заявления");
    expect(director.lastKeyboard()).toEqual(["⚠️ Зачислить вне очереди", "Отмена"]);
    // Nothing is issued without the second tap.
    expect((await getApplication(h.db, mine.id))!.status).toBe("completed");

    await director.tap("⚠️ Зачислить вне очереди");
    await director.nextMessage(/номер приказа/);
    await director.send("21-Б");
    await director.nextMessage(/дату приказа/);
    await director.send(today);
    const summary = await director.nextMessage(/Приказ: № 21-Б/);
    expect(summary.text).toContain("⚠️ Вне очереди — перед заявлением в очереди заявлений: 1");
    await director.tap("✅ Подтвердить");
    await director.nextMessage(new RegExp(`Заявление № ${mine.number}:`), { timeoutMs: 30_000 });
    expect((await getApplication(h.db, mine.id))!.status).toBe("order_signed");
    expect((await listEvents(h.db, mine.id)).at(-1)).toMatchObject({
      action: "order",
      actorKind: "staff",
      actorId: staff.id,
      reason: "out-of-turn",
      comment: ahead.number,
    });

    // The head of the queue: the order's number is asked at once.
    await director.send(ahead.number);
    await director.nextMessage(new RegExp(`Заявление № ${ahead.number}`));
    await director.tap("Подписать приказ");
    await director.nextMessage(/номер приказа/);
    await director.send("22-Б");
    await director.nextMessage(/дату приказа/);
    await director.send(today);
    const plain = await director.nextMessage(/Приказ: № 22-Б/);
    expect(plain.text).not.toContain("Вне очереди");
    await director.tap("✅ Подтвердить");
    await director.nextMessage(new RegExp(`Заявление № ${ahead.number}:`), { timeoutMs: 30_000 });
    expect((await listEvents(h.db, ahead.id)).at(-1)).toMatchObject({ action: "order", reason: null });
  }, 120_000);
});

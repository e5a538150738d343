/**
 * An order in bulk is made only as its own summary said: with an older summary left in the chat and
 * a new one asked since, "✅ Confirm" under the older one makes no order — neither the one it showed
 * nor the newer one — and says the button is out of date; the newer one is confirmed under itself.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { getApplication } from "#root/db/queries/applications.ts";
import { findActiveStaff } from "#root/db/queries/staff.ts";
import { setYearPlaces } from "#root/flows/places.ts";
import { formatDate } from "#root/flows/form.ts";
import { getService } from "#root/flows/services/index.ts";
import { almatyDate } from "#root/flows/sla.ts";
import { lastCampaignYear } from "#root/test/helpers/campaign.ts";
import { joinAsStaff, seedSchool, startProviderHarness, submittedApplication, type ProviderHarness } from "#root/test/helpers/fixtures.ts";
import { tgUser, type TgChat } from "#root/test/helpers/tg-client.ts";

const YEAR = lastCampaignYear();
const SENT = (i: number) => new Date(Date.UTC(YEAR, 4, 15, 5, i));
const AUGUST = new Date(`${YEAR}-08-20T06:00:00Z`);

let h: ProviderHarness;
beforeEach(async () => {
  vi.useFakeTimers({ toFake: ["Date"], now: AUGUST, shouldAdvanceTime: true });
  h = await startProviderHarness();
});
afterEach(async () => {
  await h.close();
  vi.useRealTimers();
});

/** From /orders to the summary of an order for the first `count` of the queue. */
async function orderSummary(director: TgChat, count: number, number: string) {
  await director.send("/orders");
  await director.nextMessage(/Выберите услугу/);
  await director.tap("Приём в первый класс: 3");
  await director.nextMessage(/ожидают приказа: 3/);
  await director.tap("✅ Зачислить по порядку");
  await director.nextMessage(/от 1 до 3/);
  await director.send(String(count));
  await director.nextMessage(/номер приказа/);
  await director.send(number);
  await director.nextMessage(/дату приказа/);
  await director.send(formatDate(almatyDate(new Date())));
  return director.nextMessage(new RegExp(`Приказ № ${number}`));
}

/** A director of a new school with its year's places set, and three first-grade receipts awaiting the order. */
async function directorWithQueue(bin: string, schoolName: string, directorId: number, parentIds: number) {
  const school = await seedSchool(h.db, bin, schoolName);
  const director = tgUser(h.emulator, { id: directorId, firstName: "Гульнара", lang: "ru" }).chatWith("provider_bot");
  await joinAsStaff(director, await h.invite(school.id, "director"), "Гульнара Ахметова", "Директор");
  const staff = (await findActiveStaff(h.db, directorId))!;
  expect(await setYearPlaces(h.db, { staff, service: getService("first-grade"), places: 10, now: new Date() })).toBe(true);
  const apps = [];
  for (let i = 0; i < 3; i++)
    apps.push(
      await submittedApplication(h.db, {
        serviceId: "first-grade",
        schoolId: school.id,
        parentTelegramId: parentIds + i,
        now: SENT(i),
        childName: `Бала${String.fromCharCode(1040 + i)} Тестов`,
        child: { birthDate: `${YEAR - 6}-03-10`, grade: 1 },
        fields: { priority: "none", "born-abroad": "no" },
      }),
    );
  return { director, apps };
}

describe("an order in bulk confirmed under an older summary", () => {
  it("makes no order; the newer summary's own button makes the newer order", async () => {
    const { director, apps } = await directorWithQueue("260515000002", "Школа-лицей №16", 88_101, 89_100);

    const older = await orderSummary(director, 1, "1-Б");
    const newer = await orderSummary(director, 2, "2-Б");
    const confirmOf = (m: typeof older) =>
      m.reply_markup!.inline_keyboard.flat().find((x) => x.text === "✅ Подтвердить") as { callback_data: string };

    const stale = await director.chat.tapButton(older.message_id, confirmOf(older).callback_data);
    expect((await director.callbackAnswer(stale)).text).toMatch(/кнопка устарела/);
    for (const app of apps) expect((await getApplication(h.db, app.id))!.status).toBe("completed");

    await director.chat.tapButton(newer.message_id, confirmOf(newer).callback_data);
    await director.nextMessage(/Зачислено по приказу № 2-Б: 2/, { timeoutMs: 60_000 });
    expect((await Promise.all(apps.map((a) => getApplication(h.db, a.id)))).map((a) => a!.status)).toEqual([
      "order_signed",
      "order_signed",
      "completed",
    ]);
  });

  it("a number typed under the summary opens that application, and the summary then makes no order", async () => {
    const { director, apps } = await directorWithQueue("260515000003", "Школа-лицей №17", 88_102, 89_200);

    const summary = await orderSummary(director, 2, "3-Б");
    await director.send(apps[2]!.number);
    await director.nextMessage(new RegExp(`📄 Заявление № ${apps[2]!.number}`));
    const confirm = summary.reply_markup!.inline_keyboard.flat().find((x) => x.text === "✅ Подтвердить") as { callback_data: string };
    const stale = await director.chat.tapButton(summary.message_id, confirm.callback_data);
    expect((await director.callbackAnswer(stale)).text).toMatch(/кнопка устарела/);
    for (const app of apps) expect((await getApplication(h.db, app.id))!.status).toBe("completed");
  });
});

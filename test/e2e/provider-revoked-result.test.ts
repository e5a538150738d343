/**
 * An application whose result the school revoked (here a receipt, which an enrolment order was
 * to follow) as staff see it: its card says the document was revoked, when and why, and offers
 * no order and no refusal (both would be refused); a card shown before the revocation is outdated
 * at the first tap. The inbox no longer lists it as waiting, counts it apart, and the search says
 * "revoked" where the status stands.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { listIssued } from "#root/db/queries/issued.ts";
import { findActiveStaff } from "#root/db/queries/staff.ts";
import { revoke } from "#root/flows/decisions.ts";
import { formatDate } from "#root/flows/form.ts";
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

describe("an application whose receipt the school revoked", () => {
  it("says so on its card, with the day and the reason, offers no order nor refusal, and leaves the inbox's waiting list", async () => {
    const school = await seedSchool(h.db, "260515000021", "Школа №121");
    const director = tgUser(h.emulator, { id: 88_501, firstName: "Гульнара", lang: "ru" }).chatWith("provider_bot");
    await joinAsStaff(director, await h.invite(school.id, "director"), "Гульнара Ахметова", "Директор");
    const staff = (await findActiveStaff(h.db, 88_501))!;
    const apply = (i: number, childName: string) =>
      submittedApplication(h.db, {
        serviceId: "first-grade",
        schoolId: school.id,
        parentTelegramId: 89_500 + i,
        now: SENT(i),
        childName,
        child: { birthDate: `${YEAR - 6}-03-10`, grade: 1 },
      });
    const revoked = await apply(0, "Берик Сапаров");
    const waiting = await apply(1, "Айжан Омарова");
    expect([revoked.status, waiting.status]).toEqual(["completed", "completed"]);

    // The card as it was before the revocation: the order is offered, and a refusal.
    await director.send(revoked.number);
    await director.nextMessage(new RegExp(`Заявление № ${revoked.number}`));
    expect(director.lastKeyboard()).toContain("Подписать приказ");
    expect(director.lastKeyboard()).toContain("Отказать в приёме");

    const receipt = (await listIssued(h.db, revoked.id)).find((d) => d.kind === "receipt")!;
    const reason = "Расписка выдана ошибочно: документы не приложены";
    expect(await revoke(h.db, { staff, applicationId: revoked.id, documentId: receipt.id, reason, now: new Date() })).toMatchObject({
      ok: true,
    });
    const today = formatDate(almatyDate(new Date()));
    const said = `❌ Документ «Расписка» № ${receipt.number} отозван школой ${today}`;

    // That older card's buttons are outdated (the revocation moved the application on): at once, not after the
    // order's number and date — that she revoked it herself, with the card to open again.
    await director.tap("Подписать приказ");
    const outdated = await director.nextMessage(/уже обработал/);
    expect(outdated.text).toBe(`Вы уже обработали это заявление (статус: ${said}).`);
    expect(director.lastKeyboard()).toContain("Открыть заявление");

    // The card now: revoked, when and why; no order to sign.
    await director.send(revoked.number);
    const card = await director.nextMessage(new RegExp(`Заявление № ${revoked.number}`));
    expect(card.text).toContain(`Статус: ${said}`);
    expect(card.text).toContain(`Причина отзыва: ${reason}`);
    // It says why: nothing at all is decided on the revoked receipt.
    expect(card.text).toContain(
      "На основании отозванного документа решения не принимаются: приказ не издаётся, отказ не оформляется; " +
        "заявитель может подать заявление заново.",
    );
    expect(card.text).not.toContain("ожидается приказ");
    // Nothing is decided on the revoked receipt: neither the order nor a refusal is offered.
    expect(director.lastKeyboard()).not.toContain("Подписать приказ");
    expect(director.lastKeyboard()).not.toContain("Отказать в приёме");

    // The inbox waits for the other applicant's order only, and counts the revoked one apart.
    await director.send("/inbox");
    const inbox = await director.nextMessage(/Заявления — /);
    expect(inbox.text).toContain(waiting.number);
    expect(inbox.text).not.toContain(revoked.number);
    expect(inbox.text).toContain("Выданный документ отозван: 1");
    expect(inbox.text).toContain("Документы приняты, ожидается приказ директора: 1");
    expect(inbox.text).not.toContain("Результат выдан");

    // Found by the child's name, it says what its card says.
    await director.send("Берик");
    const found = await director.nextMessage(/найдено 1 заявление/);
    expect(found.text).toContain(`№ ${revoked.number}`);
    expect(found.text).toContain(said);
  }, 120_000);
});

/**
 * A school's team from the provider bot: the director invites a specialist with a link to
 * forward and switches staff off after a confirmation; specialists see the team but cannot
 * change it, even with a forged button; every change is in the audit log. /help says what the
 * bot does for each role.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deactivateStaff, findActiveStaff, listStaffAudit } from "#root/db/queries/staff.ts";
import { getApplication } from "#root/db/queries/applications.ts";
import {
  joinAsStaff,
  seedSchool,
  seedStaff,
  startProviderHarness,
  submittedApplication,
  type ProviderHarness,
} from "#root/test/helpers/fixtures.ts";
import { tgUser } from "#root/test/helpers/tg-client.ts";

let h: ProviderHarness;
beforeAll(async () => {
  h = await startProviderHarness();
});
afterAll(() => h.close());

describe("/staff", () => {
  it("a director invites a specialist and switches a member off; a specialist cannot; all is audited", async () => {
    const school = await seedSchool(h.db, "990140000106", "Школа №106");
    const other = await seedSchool(h.db, "990140000205", "Школа №205");
    const director = await seedStaff(h.db, {
      schoolId: school.id,
      telegramId: 9401,
      role: "director",
      fullName: "Гульнара Ахметова",
      lang: "ru",
    });
    const outsider = await seedStaff(h.db, {
      schoolId: other.id,
      telegramId: 9409,
      role: "specialist",
      fullName: "Чужой Сотрудник",
      lang: "ru",
    });
    const boss = tgUser(h.emulator, { id: 9401, firstName: "Гульнара", lang: "ru" }).chatWith("provider_bot");

    await boss.send("/staff");
    const list = await boss.nextMessage(/Сотрудники — Школа №106/);
    expect(list.text).toContain("Гульнара Ахметова (вы) — директор");
    await boss.tap("➕ Пригласить специалиста");
    const invite = await boss.nextMessage(/Ссылка-приглашение для специалиста организации образования «Школа №106»/);
    const token = /start=([A-Za-z0-9_-]{20,})/.exec(invite.text ?? "")![1]!;

    const newcomer = tgUser(h.emulator, { id: 9402, firstName: "Сауле", lastName: "Нурланова", lang: "ru" }).chatWith("provider_bot");
    await joinAsStaff(newcomer, token, "Сауле Нурланова", "Учитель начальных классов");
    await newcomer.send("/staff");
    const seen = await newcomer.nextMessage(/Сотрудники — Школа №106/);
    expect(seen.text).toContain("Приглашать и отключать сотрудников может директор школы");
    expect(seen.reply_markup).toBeUndefined();
    // A forged "invite" button from a specialist is refused, and so is switching someone off.
    await newcomer.chat.tapButton(seen.message_id, "team:invite");
    await newcomer.chat.tapButton(seen.message_id, `team:offok:${director.id}:0`);
    await newcomer.nextMessage(/только директор школы/);
    await newcomer.send("/help");
    const help = await newcomer.nextMessage(/Что умеет бот/);
    expect(help.text).not.toContain("Как директор");

    await boss.send("/staff");
    await boss.nextMessage(/Сауле Нурланова — специалист/);
    await boss.tap("🚫 Сауле Нурланова");
    await boss.nextMessage(/Отключить сотрудника Сауле Нурланова \(специалист\)\?/);
    await boss.tap("✅ Отключить");
    await boss.nextMessage(/Доступ сотрудника Сауле Нурланова к боту закрыт/);
    await newcomer.send("/inbox");
    await newcomer.nextMessage(/только для сотрудников школ/);

    // Another school's member cannot be switched off by this director, even with a forged button.
    await boss.send("/help");
    const bossHelp = await boss.nextMessage(/Что умеет бот/);
    await boss.chat.tapButton(bossHelp.message_id, `team:offok:${outsider.id}:0`);
    await boss.nextMessage(/Такого сотрудника в вашей школе нет/);
    await boss.chat.tapButton(bossHelp.message_id, `team:offok:${director.id}:0`);
    await boss.nextMessage(/Отключить себя нельзя/);

    const audit = await listStaffAudit(h.db, school.id);
    expect(audit.map((a) => [a.action, a.actorKind, a.actorStaffId, a.role])).toEqual([
      ["deactivate", "staff", director.id, "specialist"],
      ["invite", "staff", director.id, "specialist"],
      ["invite", "operator", null, "director"],
    ]);
    expect(await listStaffAudit(h.db, other.id)).toHaveLength(1);
  });
  it("a switched-off member is not brought back by an invite made before: only a new one from someone still active", async () => {
    const school = await seedSchool(h.db, "990140000403", "Школа №403");
    await seedStaff(h.db, { schoolId: school.id, telegramId: 9421, role: "director", fullName: "Айгуль Серикова", lang: "ru" });
    await seedStaff(h.db, { schoolId: school.id, telegramId: 9422, role: "director", fullName: "Болат Жумабаев", lang: "ru" });
    const gone = tgUser(h.emulator, { id: 9421, firstName: "Айгуль", lang: "ru" }).chatWith("provider_bot");
    const boss = tgUser(h.emulator, { id: 9422, firstName: "Болат", lang: "ru" }).chatWith("provider_bot");
    const inviteFrom = async (chat: typeof boss) => {
      await chat.send("/staff");
      await chat.nextMessage(/Сотрудники — Школа №403/);
      await chat.tap("➕ Пригласить специалиста");
      return /start=([A-Za-z0-9_-]{20,})/.exec((await chat.nextMessage(/Ссылка-приглашение/)).text ?? "")![1]!;
    };
    // Before she is switched off: an invite of her own, and an operator's.
    const own = await inviteFrom(gone);
    const operators = await h.invite(school.id, "specialist");

    await boss.send("/staff");
    await boss.nextMessage(/Айгуль Серикова — директор/);
    await boss.tap("🚫 Айгуль Серикова");
    await boss.nextMessage(/Отключить сотрудника Айгуль Серикова \(директор\)\?/);
    await boss.tap("✅ Отключить");
    await boss.nextMessage(/Доступ сотрудника Айгуль Серикова к боту закрыт/);

    await gone.send(`/start ${operators}`);
    await gone.nextMessage(/Ваш доступ к боту закрыт после того, как была создана эта ссылка-приглашение/);
    await gone.send(`/start ${own}`);
    await gone.nextMessage(/Срок действия ссылки-приглашения истёк/);
    await gone.send("/inbox");
    await gone.nextMessage(/только для сотрудников школ/);
    // The link she made ended with her access: nobody else joins by it either.
    const stranger = tgUser(h.emulator, { id: 9423, firstName: "Ерлан", lang: "ru" }).chatWith("provider_bot");
    await stranger.send(`/start ${own}`);
    await stranger.nextMessage(/Срок действия ссылки-приглашения истёк/);

    // A director still active invites her again: she is back, as the invite says.
    await gone.send(`/start ${await inviteFrom(boss)}`);
    await gone.nextMessage(/Добро пожаловать.*специалист/s);
    await gone.send("/inbox");
    await gone.nextMessage(/Заявления/);
  });
  it("a member switched off in the middle of a dialog and invited to another school: what they type there is read afresh", async () => {
    const left = await seedSchool(h.db, "990140000812", "Школа №812");
    const joined = await seedSchool(h.db, "990140000813", "Школа №813");
    const member = await seedStaff(h.db, { schoolId: left.id, telegramId: 9471, role: "specialist", fullName: "Сауле Нурланова" });
    const app = await submittedApplication(h.db, { serviceId: "meals", schoolId: left.id, parentTelegramId: 9571 });
    const chat = tgUser(h.emulator, { id: 9471, firstName: "Сауле", lang: "ru" }).chatWith("provider_bot");
    // A refusal begun at the old school, its comment asked when she is switched off there.
    await chat.send(app.number);
    await chat.nextMessage(new RegExp(`Заявление № ${app.number}`));
    await chat.tap("Отказать в приёме");
    await chat.nextMessage(/выберите причину отказа/);
    await chat.tap("Копия нечитаема");
    await chat.nextMessage(/Напишите комментарий/);
    await deactivateStaff(h.db, member.id, new Date(Date.now() - 1000));

    await chat.send(`/start ${await h.invite(joined.id, "specialist")}`);
    await chat.nextMessage(/Добро пожаловать.*Школа №813/s);
    await chat.send("Сапаров");
    const reply = await chat.nextMessage();
    expect(reply.text).toMatch(/«Сапаров»: в вашей школе таких заявлений нет/);
    expect(reply.text).not.toContain(app.number);
    expect((await getApplication(h.db, app.id))!.status).toBe("submitted");
  });

  it("a director who opens their own invite stays director; staff of another school are not moved; the link still works", async () => {
    const school = await seedSchool(h.db, "990140000502", "Школа №502");
    const other = await seedSchool(h.db, "990140000601", "Школа №601");
    await seedStaff(h.db, { schoolId: school.id, telegramId: 9431, role: "director", fullName: "Динара Касымова", lang: "ru" });
    await seedStaff(h.db, { schoolId: other.id, telegramId: 9432, role: "specialist", fullName: "Марат Есенов", lang: "ru" });
    const boss = tgUser(h.emulator, { id: 9431, firstName: "Динара", lang: "ru" }).chatWith("provider_bot");
    await boss.send("/staff");
    await boss.nextMessage(/Сотрудники — Школа №502/);
    await boss.tap("➕ Пригласить специалиста");
    const token = /start=([A-Za-z0-9_-]{20,})/.exec((await boss.nextMessage(/Ссылка-приглашение/)).text ?? "")![1]!;

    // The director checks the link herself: she is told she is already a member, and stays the director.
    await boss.send(`/start ${token}`);
    await boss.nextMessage(/Вы уже сотрудник организации образования «Школа №502» \(директор\).*Ссылка-приглашение не использована/s);
    await boss.send("/staff");
    const team = await boss.nextMessage(/Сотрудники — Школа №502/);
    expect(team.text).toContain("Динара Касымова (вы) — директор");
    expect(JSON.stringify(team.reply_markup)).toContain("Пригласить специалиста");

    // A specialist of another school is not moved by it.
    const outsider = tgUser(h.emulator, { id: 9432, firstName: "Марат", lang: "ru" }).chatWith("provider_bot");
    await outsider.send(`/start ${token}`);
    await outsider.nextMessage(/как сотрудник организации образования «Школа №601» \(специалист\).*не переводит вас туда/s);
    await outsider.send("/staff");
    await outsider.nextMessage(/Сотрудники — Школа №601/);

    // The link was not used up: the specialist it was made for joins by it.
    const newcomer = tgUser(h.emulator, { id: 9433, firstName: "Асель", lang: "ru" }).chatWith("provider_bot");
    await joinAsStaff(newcomer, token, "Асель Нуртаева", "Учитель начальных классов");
    await boss.send("/staff");
    await boss.nextMessage(/Асель Нуртаева — специалист/);
  });
  it("a member whose Telegram name has an emoji where the switch-off button is cut is listed, and the button works", async () => {
    const school = await seedSchool(h.db, "990140000700", "Школа №700");
    await seedStaff(h.db, { schoolId: school.id, telegramId: 9441, role: "director", fullName: "Жанар Беккали", lang: "ru" });
    const boss = tgUser(h.emulator, { id: 9441, firstName: "Жанар", lang: "ru" }).chatWith("provider_bot");
    // Invited, not yet past the name question: the team shows them by their Telegram name.
    const named = "Айгерим Жаксыбекова-Ахметова Ержановна Нурлановна Сауле";
    const newcomers = [
      { id: 9442, firstName: `${named} 🌷` }, // the emoji's halves at the 60th and 61st characters of "🚫 <name>"
      { id: 9443, firstName: `${named}🌷`, lastName: "Омарова" }, // at the 59th and 60th
    ];
    expect(`🚫 ${newcomers[0]!.firstName}`.indexOf("🌷")).toBe(59);
    expect(`🚫 ${newcomers[1]!.firstName}`.indexOf("🌷")).toBe(58);
    for (const n of newcomers) {
      const chat = tgUser(h.emulator, { ...n, lang: "ru" }).chatWith("provider_bot");
      await chat.send(`/start ${await h.invite(school.id, "specialist")}`);
      await chat.nextMessage(/Добро пожаловать/);
    }

    await boss.send("/staff");
    const list = await boss.nextMessage(/Сотрудники — Школа №700/);
    expect(list.text).toContain(`${named} 🌷 — специалист`);
    const offButtons = list.reply_markup!.inline_keyboard.flat().filter((b) => b.text.startsWith("🚫"));
    expect(offButtons.map((b) => b.text)).toEqual([
      "🚫 Айгерим Жаксыбекова-Ахметова Ержановна Нурлановна Сауле…",
      "🚫 Айгерим Жаксыбекова-Ахметова Ержановна Нурлановна…",
    ]);
    await boss.tap(offButtons[0]!.text);
    await boss.nextMessage(/Отключить сотрудника Айгерим Жаксыбекова-Ахметова Ержановна Нурлановна Сауле 🌷 \(специалист\)\?/);
  });
  it("a switch-off asked before the member left and was invited back does not switch them off: it is out of date", async () => {
    const school = await seedSchool(h.db, "990140000711", "Школа №711");
    await seedStaff(h.db, { schoolId: school.id, telegramId: 9451, role: "director", fullName: "Дана Омарова", lang: "ru" });
    const member = await seedStaff(h.db, {
      schoolId: school.id,
      telegramId: 9452,
      role: "specialist",
      fullName: "Ерлан Касымов",
      lang: "ru",
    });
    const boss = tgUser(h.emulator, { id: 9451, firstName: "Дана", lang: "ru" }).chatWith("provider_bot");
    await boss.send("/staff");
    await boss.nextMessage(/Ерлан Касымов — специалист/);
    await boss.tap("🚫 Ерлан Касымов");
    const asked = await boss.nextMessage(/Отключить сотрудника Ерлан Касымов \(специалист\)\?/);

    // Left unanswered; meanwhile he is switched off (an operator's command) and comes back with a new invite.
    await deactivateStaff(h.db, member.id, new Date());
    const back = tgUser(h.emulator, { id: 9452, firstName: "Ерлан", lang: "ru" }).chatWith("provider_bot");
    await back.send(`/start ${await h.invite(school.id, "specialist")}`);
    await back.nextMessage(/Добро пожаловать/);

    const confirm = asked.reply_markup!.inline_keyboard.flat().find((b) => b.text === "✅ Отключить") as { callback_data: string };
    await boss.chat.tapButton(asked.message_id, confirm.callback_data);
    await boss.nextMessage(/Это подтверждение устарело/);
    expect(await findActiveStaff(h.db, 9452)).toMatchObject({ id: member.id, active: true });
    await back.send("/inbox");
    await back.nextMessage(/Заявления/);

    // Asked again now, the switch-off is his current membership's, and works.
    await boss.send("/staff");
    await boss.nextMessage(/Ерлан Касымов — специалист/);
    await boss.tap("🚫 Ерлан Касымов");
    await boss.nextMessage(/Отключить сотрудника Ерлан Касымов/);
    await boss.tap("✅ Отключить");
    await boss.nextMessage(/Доступ сотрудника Ерлан Касымов к боту закрыт/);
    expect(await findActiveStaff(h.db, 9452)).toBeUndefined();
  });
  it("a newcomer whose Telegram app says «ru-RU» is welcomed and kept in Russian", async () => {
    const school = await seedSchool(h.db, "990140000900", "Школа №900");
    const chat = tgUser(h.emulator, { id: 9461, firstName: "Ольга", lang: "ru-RU" }).chatWith("provider_bot");
    await chat.send(`/start ${await h.invite(school.id, "specialist")}`);
    await chat.nextMessage(/Добро пожаловать/);
    expect((await findActiveStaff(h.db, 9461))?.lang).toBe("ru");
  });
});

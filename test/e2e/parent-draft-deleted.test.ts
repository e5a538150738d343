/**
 * A draft deleted while its form was open (discarded from another device, gone with the consent): the
 * parent's next answer is told the draft was deleted and how to apply again — not "this application is
 * no longer a draft, open /my", where there is nothing to open.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deleteDraft, listParentApplications } from "#root/db/queries/applications.ts";
import { findUserByTelegramId } from "#root/db/queries/users.ts";
import { makeIin } from "#root/flows/iin.ts";
import { bornForGrade, registerInKazakh, registerInRussian } from "#root/test/helpers/parent-flow.ts";
import { startTestSystem, type TestSystem } from "#root/test/helpers/system.ts";
import type { TgChat } from "#root/test/helpers/tg-client.ts";

let system: TestSystem;
beforeAll(async () => {
  system = await startTestSystem();
});
afterAll(() => system?.close());

async function deleteTheDraft(parent: TgChat) {
  const user = (await findUserByTelegramId(system.database.db, parent.chat.user.id))!;
  const [draft] = await listParentApplications(system.database.db, user.id);
  expect(await deleteDraft(system.database.db, user.id, draft!.id)).toBe(true);
}

describe("an answer to a draft deleted meanwhile", () => {
  it("is told the draft was deleted and how to apply again (ru)", async () => {
    const parent = system.parent({ lang: "ru" });
    await registerInRussian(parent, "Петрова Анна Сергеевна", makeIin("1988-07-14", "female", 41));
    await parent.tap("Бесплатное и льготное питание в школе");
    await parent.nextMessage(/по кнопке «Подробнее»/);
    await parent.tap("📝 Подать заявление");
    await parent.nextMessage(/Введите фамилию, имя и отчество ребёнка/);
    await deleteTheDraft(parent);
    await parent.send("Петров Алихан Маратович");
    const reply = await parent.nextMessage();
    expect(reply.text).toMatch(/черновик удалён.*\/apply/s);
    expect(reply.text).not.toMatch(/\/my/);
    // What they type next is outside any form.
    await parent.send(makeIin(bornForGrade(5), "male", 42));
    expect((await parent.nextMessage()).text).not.toMatch(/черновик/);
  });

  it("is told the same in Kazakh", async () => {
    const parent = system.parent({ lang: "kk" });
    await registerInKazakh(parent, "Нұрланова Айгүл Серікқызы", makeIin("1988-07-14", "female", 43));
    await parent.tap("Мектепте тегін және жеңілдетілген тамақ");
    await parent.nextMessage(/Толығырақ/);
    await parent.tap("📝 Өтініш беру");
    await parent.nextMessage(/Баланың тегін, атын/);
    await deleteTheDraft(parent);
    await parent.send("Нұрланов Әлихан Маратұлы");
    expect((await parent.nextMessage()).text).toMatch(/жоба жойылған.*\/apply/s);
  });
});

/**
 * Through the parent bot: an impossible identity is refused in the parent's language, the same
 * question is asked again, and what was answered before stays.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findDraft } from "#root/db/queries/applications.ts";
import { findUserByTelegramId } from "#root/db/queries/users.ts";
import { makeIin } from "#root/flows/iin.ts";
import { bornForGrade, registerInRussian } from "#root/test/helpers/parent-flow.ts";
import { startTestSystem, type TestSystem } from "#root/test/helpers/system.ts";

let system: TestSystem;
beforeAll(async () => {
  system = await startTestSystem();
});
afterAll(() => system?.close());

describe("implausible identities through the parent bot", () => {
  it("registration in Kazakh refuses a name of initials and an IIN born in a year to come, asking each again", async () => {
    const parent = system.parent({ lang: "kk" });
    await parent.send("/start");
    await parent.nextMessage(/Келісемін|келісім/i);
    await parent.tap("✅ Келісемін");
    await parent.nextMessage(/Нөмірімді жіберу/);
    await parent.shareContact();
    await parent.nextMessage(/Тегіңізді, атыңызды/);
    await parent.send("А-Б-В-Г-Д-Е Ж");
    await parent.nextMessage(/бас әріптермен емес, толық жазыңыз/);
    await parent.send("Сейітова Әсел Болатқызы");
    await parent.nextMessage(/ЖСН-іңізді енгізіңіз/);
    // 1 January five years on: always a birth date still to come.
    const future = new Date().getUTCFullYear() + 5;
    await parent.send(makeIin(`${future}-01-01`, "female", 7));
    const refusal = await parent.nextMessage(new RegExp(`01\\.01\\.${future}`));
    expect(refusal.text).toMatch(/әлі келген жоқ/);
    const iin = makeIin("1988-07-14", "female", 8);
    await parent.send(iin);
    await parent.nextMessage(/Мектептің мемлекеттік көрсетілетін қызметтері/);
    expect(await findUserByTelegramId(system.database.db, parent.chat.user.id)).toMatchObject({ fullName: "Сейітова Әсел Болатқызы", iin });
  });

  it("a one-year-old child for school meals is refused in Russian; the child's name stays and the IIN is asked again", async () => {
    const parent = system.parent({ lang: "ru" });
    await registerInRussian(parent, "Петрова Анна Сергеевна", makeIin("1988-07-14", "female", 21));
    await parent.tap("Бесплатное и льготное питание в школе");
    await parent.nextMessage(/по кнопке «Подробнее»/);
    await parent.tap("📝 Подать заявление");
    await parent.nextMessage(/Шаг 1 из 4.*фамилию, имя и отчество ребёнка/s);
    await parent.send("Петров Алихан Маратович");
    await parent.nextMessage(/ИИН ребёнка/);
    const oneYearOld = new Date(Date.now() - 400 * 86_400_000).toISOString().slice(0, 10);
    await parent.send(makeIin(oneYearOld, "male", 9));
    const refusal = await parent.nextMessage(/Эта услуга — для детей от 5 до 19 лет/);
    expect(refusal.text).toContain(oneYearOld.split("-").reverse().join("."));
    const user = await findUserByTelegramId(system.database.db, parent.chat.user.id);
    expect((await findDraft(system.database.db, user!.id))?.form.child).toMatchObject({ fullName: "Петров Алихан Маратович" });
    // The question is still open: the next answer is taken as the child's IIN.
    await parent.send(makeIin(bornForGrade(5), "male", 33));
    await parent.nextMessage(/В каком классе учится ребёнок/);
  });
});

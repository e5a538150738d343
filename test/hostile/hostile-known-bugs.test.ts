/**
 * Bugs the hostile corpus found in the parent bot (all fixed), each kept as the behaviour a parent
 * should get: NUL and lone surrogates are removed from every update on entry, a command for
 * another bot is not obeyed, a child's IIN must be a pupil's, a name word uses one alphabet.
 */
import { afterAll, beforeAll, describe, it } from "vitest";
import { listParentApplications } from "#root/db/queries/applications.ts";
import { findUserByTelegramId } from "#root/db/queries/users.ts";
import { t, type Lang } from "#root/flows/i18n.ts";
import { makeIin } from "#root/flows/iin.ts";
import { bornForGrade } from "#root/test/helpers/parent-flow.ts";
import { startTestSystem, type TestSystem } from "#root/test/helpers/system.ts";
import { Driver } from "./driver.ts";

let system: TestSystem;
let driver: Driver;
beforeAll(async () => {
  system = await startTestSystem();
});
afterAll(() => system?.close());

const PARENT_IIN = makeIin("1988-07-14", "female", 21);
let nextPhone = 5551100;

/** A new Russian parent at the phone question. */
async function atPhoneQuestion(lang: Lang = "ru"): Promise<Driver> {
  const p = system.parent({ lang, firstName: "Анна", phone: `+7701${nextPhone++}` });
  driver ??= new Driver(system, p, lang);
  driver.use(p, lang);
  await driver.step("/start", () => p.send("/start"), /Согласие/);
  await driver.step("the consent", () => p.tap(t(lang, "consent-agree")), /Поделитесь номером/);
  return driver;
}

/** A new Russian parent at the child's name question of a meals application. */
async function atChildName(): Promise<Driver> {
  const d = await atPhoneQuestion();
  const p = d.parent;
  await d.step("own contact", () => p.shareContact(), /фамилию, имя и отчество/);
  await d.step("the name", () => p.send("Петрова Анна Сергеевна"), /ваш ИИН/);
  await d.step("the IIN", () => p.send(PARENT_IIN), /Государственные услуги/);
  await d.step("the service", () => p.tap(t("ru", "services-meals-title")), /по кнопке «Подробнее»/);
  await d.step("apply", () => p.tap(t("ru", "catalog-apply")), /фамилию, имя и отчество ребёнка/);
  const user = await findUserByTelegramId(system.database.db, p.chat.user.id);
  const [app] = await listParentApplications(system.database.db, user!.id);
  d.watchDraft(app!.id);
  return d;
}

describe("known bugs found by the hostile corpus", () => {
  it("a NUL character in a message is refused like any other text", async () => {
    const d = await atPhoneQuestion();
    await d.play({ field: "phone", kind: "text", text: "\u0000\u0001\u0007\u001b[31m", note: "NUL, bell and an ANSI escape" });
  });

  it("a valid answer with a NUL character inside moves the form on, and the next answer goes to the next question", async () => {
    const d = await atChildName();
    const p = d.parent;
    await d.step("the child's name with a NUL", () => p.send("Петров\u0000 Алихан"), /ИИН ребёнка/);
    // The answer after it must be read as the IIN, not as the child's name again.
    await d.step("the child's IIN", () => p.send(makeIin(bornForGrade(5), "male", 33)), /В каком классе/);
  });

  it("an unpaired surrogate in a message is refused like any other text", async () => {
    const d = await atPhoneQuestion();
    await d.play({ field: "phone", kind: "text", text: "\ud800", note: "a lone surrogate" });
  });

  it("a command addressed to another bot at the phone question keeps the parent at the phone question", async () => {
    const d = await atPhoneQuestion();
    const p = d.parent;
    await d.play({ field: "phone", kind: "text", text: "/start@other_bot extra", note: "a command addressed to another bot" });
    // Today the registration conversation has ended: the contact gets "I did not understand".
    await d.step("own contact", () => p.shareContact(), /фамилию, имя и отчество/);
  });

  it("a child IIN whose birth date is in the future is refused at the IIN question", async () => {
    const d = await atChildName();
    const p = d.parent;
    await d.step("the child's name", () => p.send("Петров Алихан"), /ИИН ребёнка/);
    const year = new Date().getUTCFullYear() + 5;
    const future = makeIin(`${year}-01-01`, "male", 3);
    await d.play({ field: "child-iin", kind: "text", text: future, note: `an IIN born in ${year}` });
  });

  it("a name that mixes Latin and Cyrillic letters inside one word is refused (look-alike letters)", async () => {
    const d = await atChildName();
    await d.play({ field: "child-name", kind: "text", text: "Пeтров Aлихан", note: "Latin e and A inside Cyrillic words" });
  });
});

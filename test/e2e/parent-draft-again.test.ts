/**
 * A draft is found again, whatever the parent taps: applying for the same service once more
 * offers the draft that stands (one draft, its answers kept), and a document's page sent while
 * the session is older than the draft goes to the document the draft is at — nothing is lost.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listDocuments, listParentApplications } from "#root/db/queries/applications.ts";
import { findUserByTelegramId } from "#root/db/queries/users.ts";
import { makeIin } from "#root/flows/iin.ts";
import type { TgChat } from "#root/test/helpers/tg-client.ts";
import { bornForGrade, mealsToDocuments, registerInRussian } from "#root/test/helpers/parent-flow.ts";
import { JPEG, PDF, startTestSystem, type TestSystem } from "#root/test/helpers/system.ts";

let system: TestSystem;
beforeAll(async () => {
  system = await startTestSystem();
});
afterAll(() => system?.close());

async function drafts(parent: TgChat) {
  const user = await findUserByTelegramId(system.database.db, parent.chat.user.id);
  return listParentApplications(system.database.db, user!.id);
}

async function toMeals(parent: TgChat): Promise<void> {
  await parent.tap("Бесплатное и льготное питание в школе");
  await parent.nextMessage(/по кнопке «Подробнее»/);
  await parent.tap("📝 Подать заявление");
}

/** The session the bot wrote after its last reply (it is written after the reply), once at `stage`. */
async function sessionAt(parent: TgChat, stage: string): Promise<unknown> {
  const sessions = system.sessions.adapter<unknown>("parent:session:");
  for (let i = 0; i < 200; i++) {
    const s = (await sessions.read(String(parent.chat.user.id))) as { current?: { stage?: string } } | undefined;
    if (s?.current?.stage === stage) return s;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`the session never reached ${stage}`);
}

describe("a draft found again", () => {
  it("applying for the same service again offers the draft that stands, and continues it where it stopped", async () => {
    const parent = system.parent({ lang: "ru" });
    await registerInRussian(parent, "Жумабаева Гульнара Ахметовна", makeIin("1987-03-12", "female", 31));
    await toMeals(parent);
    await parent.nextMessage(/Шаг 1 из 4[\s\S]*фамилию, имя и отчество ребёнка/);
    await parent.send("Жумабаев Арман Ержанович");
    await parent.nextMessage(/ИИН ребёнка/);

    await parent.send("/apply");
    await parent.nextMessage(/незаконченное заявление/);
    await parent.tap("Другая услуга");
    await parent.nextMessage(/Государственные услуги школы/);
    await toMeals(parent);
    const found = await parent.nextMessage(/У вас есть незаконченное заявление № \S+ \(«Бесплатное и льготное питание в школе»\)/);
    const [draft] = await drafts(parent);
    expect(found.text).toContain(draft!.number);
    await parent.tap("▶ Продолжить");
    await parent.nextMessage(/ИИН ребёнка/);
    const all = await drafts(parent);
    expect(all.map((a) => a.id)).toEqual([draft!.id]);
    expect(all[0]!.form.child).toEqual({ fullName: "Жумабаев Арман Ержанович" });
  });

  it("a page sent while the session is older than the draft goes to the document the draft is at", async () => {
    const parent = system.parent({ lang: "ru" });
    await registerInRussian(parent, "Касымова Айнур Болатовна", makeIin("1986-11-02", "female", 32));
    await mealsToDocuments(parent, { name: "Касымов Дамир Русланович", iin: makeIin(bornForGrade(6), "male", 34), grade: 6 });
    const older = await sessionAt(parent, "documents");

    await parent.sendPhoto(JPEG);
    await parent.nextMessage(/Документ 2 из 2/);
    // The write of the session after that answer is lost: the one written at document 1 is back.
    await system.sessions.adapter<unknown>("parent:session:").write(String(parent.chat.user.id), older);

    await parent.sendDocument(PDF, "asp.pdf", "application/pdf");
    await parent.nextMessage(/Проверьте заявление/);
    const [draft] = await drafts(parent);
    const pages = await listDocuments(system.database.db, draft!.id);
    expect(pages.map((d) => d.requirementId).sort()).toEqual(["asp-certificate", "birth-certificate"].sort());
  });
});

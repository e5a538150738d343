/**
 * The child's questions on the form engine: a new child is saved to the parent's profile with
 * the last answer; next time the saved child is one tap, which answers every question about
 * the child at once, and the birth date is the one in the IIN (never asked).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listParentApplications } from "#root/db/queries/applications.ts";
import { findUserByTelegramId, listChildren } from "#root/db/queries/users.ts";
import { formatDate } from "#root/flows/form.ts";
import { makeIin } from "#root/flows/iin.ts";
import { bornForGrade, discardDraft, registerInRussian } from "#root/test/helpers/parent-flow.ts";
import type { TgChat } from "#root/test/helpers/tg-client.ts";
import { startTestSystem, type TestSystem } from "#root/test/helpers/system.ts";

let system: TestSystem;
beforeAll(async () => {
  system = await startTestSystem();
});
afterAll(() => system?.close());

/** A sixth-grader this school year, born on 5 October. */
const CHILD_BORN = bornForGrade(6, new Date(), "10-05");
const CHILD_IIN = makeIin(CHILD_BORN, "male", 12);

async function toChildStep(parent: TgChat): Promise<void> {
  await parent.tap("Бесплатное и льготное питание в школе");
  await parent.nextMessage(/по кнопке «Подробнее»/);
  await parent.tap("📝 Подать заявление");
}

/** The draft open discarded, and a new meals application begun: the saved children are offered. */
async function anotherApplication(parent: TgChat): Promise<void> {
  await discardDraft(parent);
  await toChildStep(parent);
  await parent.nextMessage(/Для какого ребёнка заявление/);
}

async function draftsOf(parent: TgChat) {
  const user = await findUserByTelegramId(system.database.db, parent.chat.user.id);
  return { user: user!, apps: await listParentApplications(system.database.db, user!.id) };
}

describe("the child's questions", () => {
  it("save a new child with its last answer, and offer it next time as one tap that answers them all", async () => {
    const parent = system.parent({ lang: "ru" });
    await registerInRussian(parent, "Қасымова Дина Ержанқызы", makeIin("1987-06-01", "female", 4));
    await toChildStep(parent);
    await parent.nextMessage(/Шаг 1 из 4[\s\S]*фамилию, имя и отчество ребёнка/);
    await parent.send("Қасымов Тимур Асқарұлы");
    await parent.nextMessage(/ИИН ребёнка/);
    await parent.send(CHILD_IIN);
    await parent.nextMessage(/В каком классе/);
    await parent.send("6");
    await parent.nextMessage(new RegExp(`Ребёнок сохранён: Қасымов Тимур Асқарұлы, ${formatDate(CHILD_BORN).replaceAll(".", "\\.")}`));
    await parent.nextMessage(/Шаг 2 из 4/);
    const first = await draftsOf(parent);
    const [saved] = await listChildren(system.database.db, first.user.id);
    expect(saved).toMatchObject({ fullName: "Қасымов Тимур Асқарұлы", iin: CHILD_IIN, birthDate: CHILD_BORN, grade: 6 });
    expect(first.apps[0]).toMatchObject({ childId: saved!.id, form: { child: { childId: saved!.id, birthDate: CHILD_BORN, grade: 6 } } });

    // A second application (the first draft discarded): the saved child is one tap.
    await anotherApplication(parent);
    await parent.tap("Қасымов Тимур Асқарұлы, 6 класс");
    await parent.nextMessage(/Шаг 2 из 4[\s\S]*Выберите область/);
    const second = await draftsOf(parent);
    const draft = second.apps.find((a) => a.status === "draft")!;
    expect(draft).toMatchObject({ childId: saved!.id });
    expect(draft.form.child).toEqual({
      childId: saved!.id,
      fullName: "Қасымов Тимур Асқарұлы",
      iin: CHILD_IIN,
      birthDate: CHILD_BORN,
      grade: 6,
    });

    // A third application, for another child: «➕ Add a child» asks the child's questions as they
    // are, without the saved children above them.
    await anotherApplication(parent);
    await parent.tap("➕ Добавить ребёнка");
    const plain = await parent.nextMessage(/Шаг 1 из 4 · Ребёнок\n\nВведите фамилию, имя и отчество ребёнка/);
    expect(plain.reply_markup).toBeUndefined();
    expect((await draftsOf(parent)).apps.find((a) => a.status === "draft")?.form.child).toBeUndefined();
  });
});

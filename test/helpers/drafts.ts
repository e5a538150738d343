/** A registered parent with a complete meals draft (category "asp"), made straight in the database. */
import { fillStage } from "#root/test/helpers/answers.ts";
import type { Database } from "#root/db/client.ts";
import { addDocument, createDraft, type Application } from "#root/db/queries/applications.ts";
import { storeFile } from "#root/db/queries/files.ts";
import { schools } from "#root/db/schema.ts";
import { getService, requiredDocuments } from "#root/flows/services/index.ts";
import { JPEG } from "#root/test/helpers/system.ts";
import type { TgChat } from "#root/test/helpers/tg-client.ts";
import { getSchoolByBin } from "#root/db/queries/schools.ts";
import { addChild, findUserByTelegramId, giveConsent, registerParent, type User } from "#root/db/queries/users.ts";
import { makeIin } from "#root/flows/iin.ts";
import { bornForGrade } from "#root/test/helpers/parent-flow.ts";

/** The school every draft goes to: import it once per database. */
export const DRAFT_SCHOOL_CSV = `region,district,name_kk,name_ru,bin
Алматы қаласы|город Алматы,Алмалы ауданы|Алмалинский район,№1 мектеп,Школа №1,990140000106
`;

let nextTelegramId = 17_000 + Math.floor(Math.random() * 1000) * 100;

export async function parentWithDraft(db: Database["db"], iin: string, now: Date): Promise<{ parent: User; app: Application }> {
  const telegramId = nextTelegramId++;
  await giveConsent(db, telegramId, "kk", now); // as the bot asks before registering
  const parent = await registerParent(db, {
    telegramId,
    phone: `+7705${String(telegramId).padStart(7, "0").slice(-7)}`,
    fullName: "Әбілқасымова Гүлнұр",
    iin,
    lang: "kk",
  });
  // A fourth-grader in `now`'s school year.
  const born = bornForGrade(4, now);
  const child = await addChild(db, {
    parentId: parent.id,
    fullName: "Әбілқасымов Нұрлан",
    iin: makeIin(born, "male"),
    birthDate: born,
    grade: 4,
  });
  const school = (await getSchoolByBin(db, "990140000106"))!;
  const app = await createDraft(db, { serviceId: "meals", parentId: parent.id, lang: "kk", now });
  await fillStage(db, { applicationId: app.id, stage: "parent", answers: { fullName: parent.fullName, iin, phone: parent.phone }, now });
  await fillStage(db, {
    applicationId: app.id,
    stage: "child",
    answers: { childId: child.id, fullName: child.fullName, iin: child.iin, birthDate: child.birthDate, grade: child.grade },
    patch: { childId: child.id },
    now,
  });
  await fillStage(db, { applicationId: app.id, stage: "school", answers: { schoolId: school.id }, patch: { schoolId: school.id }, now });
  const draft = await fillStage(db, { applicationId: app.id, stage: "fields", answers: { category: "asp" }, now });
  return { parent, app: draft! };
}

/**
 * The registered parent in `parent`'s chat gets a complete meals draft (a child — a fifth-grader
 * this school year, a different one for each `childSerial` — the first school, the "large family"
 * category, every document), made in the database — the form itself is tested elsewhere — and
 * opens its review through the bot.
 */
export async function mealsDraftAtReview(
  db: Database["db"],
  parent: TgChat,
  childSerial: number,
  /** The parent's language's words (Russian unless given). */
  words: { continueTap: string; review: RegExp } = { continueTap: "▶ Продолжить", review: /Проверьте заявление/ },
): Promise<void> {
  const user = (await findUserByTelegramId(db, parent.chat.user.id))!;
  const [school] = await db.select().from(schools).limit(1);
  const now = new Date();
  const born = bornForGrade(5, now, "05-20");
  const child = await addChild(db, {
    parentId: user.id,
    fullName: "Жумабаев Арман Ерланович",
    // Serials ten apart: makeIin takes the next serial when one has no check digit, which would be the next child's.
    iin: makeIin(born, "male", childSerial * 10),
    birthDate: born,
    grade: 5,
  });
  const draft = await createDraft(db, { serviceId: "meals", parentId: user.id, lang: "ru", now });
  const stage = (name: string, answers: Record<string, unknown>, patch?: { childId?: number; schoolId?: number }) =>
    fillStage(db, { applicationId: draft.id, stage: name, answers, ...(patch ? { patch } : {}), now });
  await stage("parent", { fullName: user.fullName, iin: user.iin, phone: user.phone });
  const answers = { childId: child.id, fullName: child.fullName, iin: child.iin, birthDate: child.birthDate, grade: child.grade };
  await stage("child", answers, { childId: child.id });
  await stage("school", { schoolId: school!.id }, { schoolId: school!.id });
  await stage("fields", { category: "large-family" });
  const docs: Record<string, string> = {};
  for (const req of requiredDocuments(getService("meals"), { category: "large-family" })) {
    const file = await storeFile(db, { bytes: JPEG, name: `${req.id}.jpg` });
    await addDocument(db, { applicationId: draft.id, requirementId: req.id, fileId: file.id });
    docs[req.id] = "done";
  }
  await stage("documents", docs);
  await parent.send("/apply");
  await parent.nextMessage(new RegExp(`${draft.number}`));
  await parent.tap(words.continueTap);
  await parent.nextMessage(words.review);
}

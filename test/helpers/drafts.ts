/** A registered parent with a complete meals draft (category "asp"), made straight in the database. */
import { fillStage } from "#root/test/helpers/answers.ts";
import type { Database } from "#root/db/client.ts";
import { createDraft, type Application } from "#root/db/queries/applications.ts";
import { getSchoolByBin } from "#root/db/queries/schools.ts";
import { addChild, giveConsent, registerParent, type User } from "#root/db/queries/users.ts";
import { makeIin } from "#root/flows/iin.ts";

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
  const child = await addChild(db, {
    parentId: parent.id,
    fullName: "Әбілқасымов Нұрлан",
    iin: makeIin("2015-03-09", "male"),
    birthDate: "2015-03-09",
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

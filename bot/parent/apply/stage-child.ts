/** Step 2: the child — one of the parent's saved children, or a new one. */
import { InlineKeyboard } from "grammy";
import type { Db } from "../../../db/client.ts";
import { addChild, listChildren } from "../../../db/queries/users.ts";
import { birthDateMatchesIin, formatDate, validateField, type FieldDef } from "../../../flows/form.ts";
import { getService } from "../../../flows/services/index.ts";
import { esc } from "../../shared/html.ts";
import { ask, say, type Step } from "./ask.ts";
import { finishStage, keepAnswers, type DraftView, type StageMode } from "./draft.ts";
import { stepHeader } from "./header.ts";

const NAME: FieldDef = { kind: "text", format: "fullName", id: "fullName", label: "apply-child-ask-name" };
const BIRTH: FieldDef = { kind: "date", id: "birthDate", label: "apply-child-ask-birth-date", notFuture: true, maxAgeYears: 21 };
const GRADE: FieldDef = { kind: "grade", id: "grade", label: "apply-child-ask-grade" };

interface ChildAnswers {
  childId?: number | null;
  fullName?: string;
  iin?: string;
  birthDate?: string;
  grade?: number;
}

export async function childStage(step: Step, db: Db, draft: DraftView, mode: StageMode): Promise<void> {
  const { tr, lang, conversation } = step;
  const head = stepHeader(tr, draft.serviceId, "child");
  // A half-entered new child (a restart in the middle) continues where it stopped.
  let child: ChildAnswers = mode === "fill" ? { ...draft.form.child } : {};
  // The parent's saved children are offered before a new child's first answer (not read after).
  const saved =
    typeof child.childId !== "number" && !child.fullName
      ? await conversation.external(async () =>
          (await listChildren(db, draft.parentId)).map((c) => ({ id: c.id, fullName: c.fullName, iin: c.iin, birthDate: c.birthDate, grade: c.grade })),
        )
      : [];

  if (saved.length > 0) {
    const keyboard = new InlineKeyboard();
    for (const c of saved) keyboard.text(tr("apply-child-saved", { name: c.fullName, grade: c.grade }), `c:${c.id}`).row();
    keyboard.text(tr("apply-child-add"), "c:new");
    const pick = await ask(step, { text: `${head}\n\n${tr("apply-child-pick")}`, keyboard });
    const chosen = pick.kind === "button" ? saved.find((c) => `c:${c.id}` === pick.data) : undefined;
    if (chosen) {
      child = { childId: chosen.id, fullName: chosen.fullName, iin: chosen.iin, birthDate: chosen.birthDate, grade: chosen.grade };
      await keepAnswers(step, db, draft, "child", { ...child }, { patch: { childId: chosen.id }, finish: true });
      return;
    }
  }

  if (typeof child.childId === "number" && mode === "fill") {
    await finishStage(step, db, draft, "child");
    return;
  }
  if (!child.fullName) {
    const a = await ask(step, { text: `${head}\n\n${tr(NAME.label)}`, validate: (t) => validateField(NAME, t, lang) });
    if (a.kind === "text") child.fullName = a.value;
    await keepAnswers(step, db, draft, "child", { fullName: child.fullName, childId: null });
    await step.answered?.();
  }
  if (!child.iin) {
    // The IIN must describe a child of the service's age, or no birth date could match it.
    const iinField: FieldDef = { kind: "iin", id: "iin", label: "apply-child-ask-iin", age: { ...getService(draft.serviceId).childAge, error: "apply-child-iin-not-a-pupil" } };
    const a = await ask(step, {
      text: `${head}\n\n${tr(iinField.label, { name: esc(child.fullName ?? "") })}`,
      validate: (t) => validateField(iinField, t, lang, new Date()),
    });
    if (a.kind === "text") child.iin = a.value;
    await keepAnswers(step, db, draft, "child", { iin: child.iin });
    await step.answered?.();
  }
  if (!child.birthDate) {
    const iin = child.iin!;
    const a = await ask(step, {
      text: `${head}\n\n${tr(BIRTH.label)}`,
      validate: (t) => {
        const date = validateField(BIRTH, t, lang, new Date());
        return date.ok ? birthDateMatchesIin(iin, date.value) : date;
      },
    });
    if (a.kind === "text") child.birthDate = a.value;
    await keepAnswers(step, db, draft, "child", { birthDate: child.birthDate });
    await step.answered?.();
  }
  if (child.grade === undefined) {
    const a = await ask(step, { text: `${head}\n\n${tr(GRADE.label)}`, validate: (t) => validateField(GRADE, t, lang) });
    if (a.kind === "text") child.grade = Number(a.value);
  }
  // Saving the child is a write of its own: not for a draft that has moved on.
  await step.leaveIfStale?.();
  const stored = await conversation.external(async () => {
    const c = await addChild(db, {
      parentId: draft.parentId,
      fullName: child.fullName!,
      iin: child.iin!,
      birthDate: child.birthDate!,
      grade: child.grade!,
    });
    return c.id;
  });
  await keepAnswers(step, db, draft, "child", { ...child, childId: stored }, { patch: { childId: stored }, finish: true });
  await say(step, tr("apply-child-saved-note", { name: esc(child.fullName!), date: formatDate(child.birthDate!) }), { parse_mode: "HTML" });
}

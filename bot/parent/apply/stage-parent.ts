/** Step 1: the parent — prefilled from the profile, editable; and an email for the order notice. */
import { InlineKeyboard } from "grammy";
import type { Db } from "../../../db/client.ts";
import { getUser } from "../../../db/queries/users.ts";
import { PARENT_AGE, validateField, type FieldDef } from "../../../flows/form.ts";
import { esc } from "../../shared/html.ts";
import { ask, type Step } from "./ask.ts";
import { keepAnswers, type DraftView, type StageMode } from "./draft.ts";
import { stepHeader } from "./header.ts";

const FULL_NAME: FieldDef = { kind: "text", format: "fullName", id: "fullName", label: "apply-parent-ask-name" };
const IIN: FieldDef = { kind: "iin", id: "iin", label: "apply-parent-ask-iin", age: PARENT_AGE };
const EMAIL: FieldDef = { kind: "email", id: "email", label: "apply-parent-ask-email" };

export async function parentStage(step: Step, db: Db, draft: DraftView, mode: StageMode): Promise<void> {
  const { tr, lang, conversation } = step;
  const head = stepHeader(tr, draft.serviceId, "parent");
  const profile = await conversation.external(async () => {
    const u = await getUser(db, draft.parentId);
    return { fullName: u?.fullName ?? "", iin: u?.iin ?? "", phone: u?.phone ?? "", email: u?.email ?? "" };
  });
  let answers = { ...profile, ...draft.form.parent };
  if (mode === "fill" && !draft.form.parent) await keepAnswers(step, db, draft, "parent", { fullName: answers.fullName, iin: answers.iin, phone: answers.phone });

  for (;;) {
    const summary = tr("apply-parent-summary", { name: esc(answers.fullName), iin: answers.iin, phone: esc(answers.phone) });
    const email = answers.email ? tr("apply-parent-email-current", { email: esc(answers.email) }) : "";
    const keyboard = new InlineKeyboard()
      .text(answers.email ? tr("apply-parent-keep-email") : tr("apply-parent-no-email"), "p:ok")
      .row()
      .text(tr("apply-parent-edit"), "p:edit");
    const answer = await ask(step, {
      text: `${head}\n\n${summary}${email}\n\n${tr("apply-parent-ask-email")}`,
      keyboard,
      validate: (text) => validateField(EMAIL, text, lang),
    });
    if (answer.kind === "text") {
      // The email is the stage's last answer: kept and the stage finished in one write.
      await keepAnswers(step, db, draft, "parent", { email: answer.value }, { finish: true });
      return;
    }
    if (answer.kind === "button" && answer.data === "p:ok") {
      // The email shown is kept, or "none" (an empty one): either way the question is answered.
      await keepAnswers(step, db, draft, "parent", { email: answers.email }, { finish: true });
      return;
    }
    // Edit: name and IIN again (the phone is the verified Telegram contact and stays).
    const name = await ask(step, { text: `${head}\n\n${tr(FULL_NAME.label)}`, validate: (t) => validateField(FULL_NAME, t, lang) });
    if (name.kind !== "text") continue;
    const iin = await ask(step, { text: `${head}\n\n${tr(IIN.label)}`, validate: (t) => validateField(IIN, t, lang) });
    if (iin.kind !== "text") continue;
    answers = { ...answers, fullName: name.value, iin: iin.value };
    await keepAnswers(step, db, draft, "parent", { fullName: name.value, iin: iin.value });
  }
}

/** Step 4: the service's own questions, read from its definition (e.g. the meals category). */
import { InlineKeyboard } from "grammy";
import type { Db } from "../../../db/client.ts";
import { validateField } from "../../../flows/form.ts";
import { hasTranslation } from "../../../flows/i18n.ts";
import { getService } from "../../../flows/services/index.ts";
import { ask, type Step } from "./ask.ts";
import { finishStage, keepAnswers, type DraftView, type StageMode } from "./draft.ts";
import { stepHeader } from "./header.ts";

export async function fieldsStage(step: Step, db: Db, draft: DraftView, mode: StageMode): Promise<void> {
  const { tr, lang } = step;
  const service = getService(draft.serviceId);
  const head = stepHeader(tr, draft.serviceId, "fields");
  const answered = { ...draft.form.fields };
  for (const [index, field] of service.fields.entries()) {
    if (field.kind === "files") continue; // uploads are the documents stage's
    if (mode === "fill" && answered[field.id] !== undefined) continue;
    const hint = field.hint && hasTranslation(lang, field.hint) ? `\n<i>${tr(field.hint)}</i>` : "";
    const text = `${head}\n\n${tr(field.label)}${hint}`;
    let value: string;
    if (field.kind === "choice") {
      const keyboard = new InlineKeyboard();
      for (const o of field.options) keyboard.text(tr(o.label), `f:${o.value}`).row();
      const a = await ask(step, { text, keyboard, validate: (t) => validateField(field, t, lang) });
      value = a.kind === "button" ? a.data.slice(2) : a.kind === "text" ? a.value : "";
    } else {
      const a = await ask(step, { text, validate: (t) => validateField(field, t, lang, new Date()) });
      value = a.kind === "text" ? a.value : "";
    }
    answered[field.id] = value;
    // The stage's last answer finishes it in the same write.
    const last = service.fields.slice(index + 1).every((f) => f.kind === "files" || (mode === "fill" && answered[f.id] !== undefined));
    await keepAnswers(step, db, draft, "fields", { [field.id]: value }, { finish: last });
    if (last) return;
    await step.answered?.();
  }
  await finishStage(step, db, draft, "fields");
}

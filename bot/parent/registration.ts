/**
 * Registration, after the language and the consent: the phone through Telegram's "share my
 * phone" button (only the parent's own contact), the full name, and the IIN; then the menu.
 */
import { Keyboard, type Api } from "grammy";
import type { Db } from "#root/db/client.ts";
import { registerParent } from "#root/db/queries/users.ts";
import { PARENT_AGE, validateField, validatePhone, type FieldDef } from "#root/flows/form.ts";
import { ask, say, type Step, type Tr } from "./ask.ts";
import { catalogMessage } from "./catalog.ts";
import type { ParentConversation, StageContext } from "./context.ts";
import { REMOVE_KEYBOARD } from "#root/bot/shared/keyboard.ts";

export const REGISTRATION_CONVERSATION = "registration";

const NAME: FieldDef = { kind: "text", format: "fullName", id: "fullName", label: "registration-ask-name" };
const IIN: FieldDef = { kind: "iin", id: "iin", label: "registration-ask-iin", age: PARENT_AGE };

export function registrationConversation(db: Db, api: Api, trFor: (lang: "kk" | "ru") => Tr) {
  return async function registration(conversation: ParentConversation, ctx: StageContext, args: { lang: "kk" | "ru" }) {
    const tr = trFor(args.lang);
    const step: Step = { conversation, ctx, lang: args.lang, tr, api };
    const share = new Keyboard().requestContact(tr("registration-share-phone")).resized().oneTime();
    const contact = await ask(step, {
      text: tr("registration-ask-phone"),
      replyKeyboard: share,
      contact: true,
      hint: tr("registration-use-button"),
    });
    const phone = contact.kind === "contact" ? validatePhone(contact.phone) : { ok: false as const, error: "" };
    if (!phone.ok) {
      await say(step, tr("registration-phone-not-kz"), REMOVE_KEYBOARD);
      return;
    }
    await say(step, tr("registration-phone-ok"), REMOVE_KEYBOARD);
    const name = await ask(step, { text: tr(NAME.label), validate: (t) => validateField(NAME, t, args.lang) });
    const iin = await ask(step, { text: tr(IIN.label), validate: (t) => validateField(IIN, t, args.lang) });
    if (name.kind !== "text" || iin.kind !== "text") return;
    await conversation.external(() =>
      registerParent(db, { telegramId: ctx.from!.id, phone: phone.value, fullName: name.value, iin: iin.value, lang: args.lang }),
    );
    // Registered: the services menu, sent from here (the conversation ends with it).
    const menu = catalogMessage(tr);
    await say(step, menu.text, { reply_markup: menu.keyboard });
  };
}

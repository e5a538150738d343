/** The provider bot's context type, built in one place. */
import type { ConversationFlavor } from "@grammyjs/conversations";
import type { Context, SessionFlavor } from "grammy";
import type { Staff } from "#root/db/queries/staff.ts";
import type { Lang } from "#root/flows/i18n.ts";
import type { I18nFlavor } from "#root/bot/shared/i18n.ts";

/** Per-chat state. The staff member's language lives in `staff.lang`; this is for strangers. */
export interface ProviderSession {
  lang?: Lang;
  /** Onboarding: which of the staff member's details is asked now, and the name already given. */
  profileStep?: "name" | "position";
  profileName?: string;
}

/** The active staff member behind this update, loaded from the database for every update. */
export interface StaffFlavor {
  staff?: Staff;
}

/** The context of the provider bot's handlers. */
export type ProviderContext = ConversationFlavor<Context & SessionFlavor<ProviderSession> & I18nFlavor & StaffFlavor>;

/**
 * The parent's consent to the processing of personal data, taken back: what is kept about them
 * (masked, as a screen may be seen by others), and the withdrawal itself. Drafts and saved
 * children are the parent's and go; applications sent to a school stay with it, as the law on
 * the school's records requires.
 */
import type { Db } from "#root/db/client.ts";
import { countKept, withdrawParentData, type KeptCounts } from "#root/db/queries/privacy.ts";
import { findUserByTelegramId } from "#root/db/queries/users.ts";
import { maskIin } from "./iin.ts";

export interface PrivacyReport extends KeptCounts {
  /** Masked profile fields; absent when not kept. */
  name?: string;
  iin?: string;
  phone?: string;
  email?: string;
}

/** "Петрова Анна Сергеевна" → "Петрова А. С.": the surname and initials. */
export function maskName(fullName: string): string {
  const [surname, ...rest] = fullName.split(" ");
  return [surname, ...rest.map((w) => `${[...w][0]}.`)].join(" ");
}

/** "+77011234567" → "+7 701 *** ** 67". */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, "");
  return digits.length === 11 ? `+7 ${digits.slice(1, 4)} *** ** ${digits.slice(9)}` : "***";
}

/** "anna.petrova@example.kz" → "a***@example.kz". */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf("@");
  return at > 0 ? `${[...email][0]}***${email.slice(at)}` : "***";
}

/** What the desk keeps about this Telegram user, or undefined when it keeps no profile. */
export async function privacyReport(db: Db, telegramId: number): Promise<PrivacyReport | undefined> {
  const user = await findUserByTelegramId(db, telegramId);
  if (!user) return undefined;
  const counts = await countKept(db, user.id);
  const kept = user.fullName || user.iin || user.phone || user.email || user.consentAt;
  if (!kept && counts.drafts + counts.children + counts.sent === 0) return undefined;
  return {
    ...counts,
    ...(user.fullName ? { name: maskName(user.fullName) } : {}),
    ...(user.iin ? { iin: maskIin(user.iin) } : {}),
    ...(user.phone ? { phone: maskPhone(user.phone) } : {}),
    ...(user.email ? { email: maskEmail(user.email) } : {}),
  };
}

/**
 * Withdraw the consent of this Telegram user: drafts (with those signed or cancelled but never
 * sent to a school) and saved children deleted with their documents, the profile anonymised,
 * sent applications left with their schools. The next
 * /start asks for consent again. Undefined when nothing was kept.
 */
export async function withdrawConsent(
  db: Db,
  telegramId: number,
  now: Date,
): Promise<{ drafts: number; children: number; files: number } | undefined> {
  const user = await findUserByTelegramId(db, telegramId);
  if (!user) return undefined;
  return withdrawParentData(db, user.id, now);
}

/**
 * The ticket card operators see at the top of a topic: who the parent is, their language,
 * their applications with statuses, where they are in a form, and who took the ticket.
 * Written in the parent's language: the operator answers the parent in it anyway, and the
 * parent's own words copied into the topic are in it too.
 */
import { InlineKeyboard } from "grammy";
import type { Db } from "#root/db/client.ts";
import { findDraft, getApplication, listParentApplications, type Application } from "#root/db/queries/applications.ts";
import { revokedResultsOf } from "#root/db/queries/issued.ts";
import type { SupportTicket } from "#root/db/queries/support.ts";
import type { User } from "#root/db/queries/users.ts";
import { t, type Lang } from "#root/flows/i18n.ts";
import { getService } from "#root/flows/services/index.ts";
import { nextQuestion } from "#root/flows/form/engine.ts";
import { stepOf, type Stage } from "#root/flows/stages.ts";
import { formOf } from "#root/flows/statement.ts";
import type { ParentSession } from "#root/bot/parent/context.ts";
import { esc } from "#root/bot/shared/html.ts";
import { data } from "#root/bot/parent/callbacks.ts";
import { parentStatusText } from "#root/bot/parent/my-applications.ts";
import { langOf } from "#root/bot/shared/i18n.ts";
import { shorten } from "#root/bot/shared/limits.ts";

/** How many applications the card lists (newest first). */
const MAX_APPS = 10;

/** The parent as the topic names them. */
export interface ParentIdentity {
  user: User;
  /** The Telegram name, when the update that led here carried it. */
  telegramName?: string;
}

/** The parent as `ticket` knows them: with the Telegram name it kept, when the update at hand carries none. */
const identity = (p: ParentIdentity, ticket: SupportTicket): ParentIdentity => {
  const telegramName = p.telegramName || ticket.telegramName || undefined;
  return telegramName ? { ...p, telegramName } : p;
};

/** "Full name" from registration, else the Telegram name, else the Telegram id. */
export function parentName(p: ParentIdentity): string {
  return p.user.fullName ?? p.telegramName ?? `id ${p.user.telegramId}`;
}

/** The topic's title: "<parent> · № <ticket>", within Telegram's 128 characters (a long name cut, never inside an emoji). */
export function topicName(parent: ParentIdentity, ticket: SupportTicket): string {
  const p = identity(parent, ticket);
  const suffix = t(langOf(p.user), "support-topic-name", { name: "", number: String(ticket.id) });
  return t(langOf(p.user), "support-topic-name", { name: shorten(parentName(p), 128 - suffix.length), number: String(ticket.id) });
}

const serviceTitle = (lang: Lang, app: Application) => t(lang, getService(app.serviceId).catalog.title);

/** Where the parent is in a form: the stage they are answering, or the newest draft's next stage. */
async function whereLine(db: Db, lang: Lang, user: User, current?: ParentSession["current"]): Promise<string> {
  const app = current ? await getApplication(db, current.appId) : await findDraft(db, user.id);
  if (!app || app.status !== "draft") return t(lang, "support-card-where-none");
  const service = getService(app.serviceId);
  const q = nextQuestion(service, formOf(app));
  const stage: Stage | "review" = current?.stage ?? (q.kind === "review" ? "review" : q.stage);
  const base = { number: esc(app.number), service: serviceTitle(lang, app) };
  if (stage === "review") return t(lang, "support-card-where-review", base);
  const { step, total } = stepOf(service, stage);
  return t(lang, "support-card-where-stage", {
    ...base,
    step: t(lang, "apply-step", { step, total }),
    stage: t(lang, `apply-stage-${stage}`),
  });
}

/** The card's text (Telegram HTML) for the ticket as it is now. */
export async function cardText(db: Db, ticket: SupportTicket, parent: ParentIdentity, current?: ParentSession["current"]): Promise<string> {
  const p = identity(parent, ticket);
  const lang = langOf(p.user);
  const apps = (await listParentApplications(db, p.user.id)).slice(0, MAX_APPS);
  // A result the school revoked: its status says so, as the parent's /my does.
  const revoked = await revokedResultsOf(db, apps);
  const lines = [
    t(lang, "support-card-title", { number: String(ticket.id) }),
    t(lang, "support-card-parent", { name: esc(parentName(p)) }),
    ...(p.telegramName ? [t(lang, "support-card-telegram", { name: esc(p.telegramName), id: String(p.user.telegramId) })] : []),
    t(lang, "support-card-lang"),
    "",
    ...(apps.length > 0
      ? [
          t(lang, "support-card-apps"),
          ...apps.map((a) =>
            t(lang, "support-card-app", {
              number: esc(a.number),
              service: serviceTitle(lang, a),
              status: parentStatusText((key, vars) => t(lang, key, vars), a, revoked.get(a.id)),
            }),
          ),
        ]
      : [t(lang, "support-card-no-apps")]),
    await whereLine(db, lang, p.user, current),
    "",
    ticket.operatorName ? t(lang, "support-card-operator", { name: esc(ticket.operatorName) }) : t(lang, "support-card-no-operator"),
    ticket.status === "closed" ? t(lang, "support-card-closed") : t(lang, "support-card-hint"),
  ];
  return lines.join("\n");
}

/** Take and Close while the ticket is open; nothing once it is closed. */
export function cardKeyboard(lang: Lang, ticket: SupportTicket): InlineKeyboard | undefined {
  if (ticket.status !== "open") return undefined;
  return new InlineKeyboard()
    .text(t(lang, "support-take-button"), data.supportTake(ticket.id))
    .text(t(lang, "support-close-button"), data.supportClose(ticket.id));
}

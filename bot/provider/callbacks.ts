/**
 * Callback data of the provider bot's buttons (Telegram allows 64 bytes). A button names the
 * application and the version the staff member saw — never a permission: every handler checks
 * the staff member and the application again on the server.
 */
import type { Lang } from "#root/flows/i18n.ts";
import { ACTIONS, type Action } from "#root/flows/lifecycle.ts";
import { INT, UUID } from "#root/bot/shared/ids.ts";

const ID = `(${UUID})`;

export const data = {
  page: (page: number) => `inbox:p:${page}`,
  /** A page of one view of the inbox (new, in progress, overdue, decided this month). */
  view: (view: string, page: number) => `inbox:v:${view}:${page}`,
  /** Open an application: its files and its card (also used by new-application notifications). */
  open: (id: string) => `inbox:open:${id}`,
  /** Redraw an application's card without sending its files again. */
  card: (id: string) => `card:${id}`,
  /** Start an action: a confirmation, a reason list or a typed text follows. */
  ask: (action: Action, id: string, version: number) => `a:${action}:${id}:${version}`,
  /** A refusal reason, by its index in the service's list. */
  reason: (id: string, version: number, index: number) => `rr:${id}:${version}:${index}`,
  /**
   * An enrolment order from the card past `count` applicants ahead in the queue, confirmed after the card's warning:
   * the order's number and date are asked next (the count is checked again when it is made).
   */
  outOfTurn: (id: string, version: number, count: number) => `ot:${id}:${version}:${count}`,
  /** The confirmed action. */
  confirm: (action: Action, id: string, version: number) => `do:${action}:${id}:${version}`,
  /** The confirmed action, signed with EDS first: a signing link follows, the document is issued once signed. */
  sign: (action: Action, id: string, version: number) => `sg:${action}:${id}:${version}`,
  /** Give the IIN signatures are checked against again (a mistyped one fails every signature). */
  signIin: (id: string) => `si:${id}`,
  /** Sign the document of a signing link in eGov mobile instead: a QR code follows (the handler checks the link is the tapper's). */
  signMobile: (resultSessionId: number) => `sm:${resultSessionId}`,
  /** The team (/staff): a page of the list, a new specialist invite, switching a member off (from a page of the list). */
  teamList: (page = 0) => (page > 0 ? `team:list:${page}` : "team:list"),
  teamInvite: "team:invite",
  teamOff: (staffId: number, page = 0) => (page > 0 ? `team:off:${staffId}:${page}` : `team:off:${staffId}`),
  /** The switch-off confirmed, for the member's membership the director was asked about (a member may leave and come back). */
  teamOffConfirm: (staffId: number, membership: number) => `team:offok:${staffId}:${membership}`,
  /** The school's report for a preset period. */
  report: (preset: "month" | "last-month" | "school-year") => `rp:${preset}`,
  /** Revoke an issued document of the application (a reason and a confirmation follow). */
  revoke: (id: string, documentId: number) => `rv:${id}:${documentId}`,
  /** The interface language (/lang). */
  lang: (lang: Lang) => `lang:${lang}`,
  /**
   * A button of a typed-input dialog (skip, confirm, cancel, sign and issue), bound to the one dialog that showed it: a
   * summary left unanswered must not confirm the dialog of another application started since.
   */
  input: (button: InputButton, dialog: string) => `in:${button}:${dialog}`,
  /** Orders in bulk (/orders): a service's queue (a page of it), an order for the first of it, the places, refusing the rest. */
  bulkQueue: (serviceId: string, page = 0) => (page > 0 ? `bk:q:${serviceId}:${page}` : `bk:q:${serviceId}`),
  bulkEnrol: (serviceId: string) => `bk:n:${serviceId}`,
  bulkPlaces: (serviceId: string) => `bk:p:${serviceId}`,
  bulkRefuse: (serviceId: string) => `bk:r:${serviceId}`,
  /** A button of a bulk dialog (all in order, confirm, cancel), bound to the one dialog that showed it. */
  bulkDialog: (button: BulkButton, dialog: string) => `bk:${button}:${dialog}`,
};

/** The buttons of a typed-input dialog. */
export type InputButton = "skip" | "yes" | "no" | "sign";
/** The buttons of a bulk dialog. */
export type BulkButton = "all" | "yes" | "no";

export const patterns = {
  page: /^inbox:p:(\d{1,4})$/,
  view: /^inbox:v:(new|progress|overdue|decided):(\d{1,4})$/,
  open: new RegExp(`^inbox:open:${ID}$`),
  card: new RegExp(`^card:${ID}$`),
  ask: new RegExp(`^a:([a-z]+):${ID}:(\\d{1,9})$`),
  reason: new RegExp(`^rr:${ID}:(\\d{1,9}):(\\d{1,3})$`),
  outOfTurn: new RegExp(`^ot:${ID}:(\\d{1,9}):(\\d{1,4})$`),
  confirm: new RegExp(`^do:([a-z]+):${ID}:(\\d{1,9})$`),
  sign: new RegExp(`^sg:([a-z]+):${ID}:(\\d{1,9})$`),
  signIin: new RegExp(`^si:${ID}$`),
  /** The signing session is an `integer` row id: a longer number is no session (not a statement PostgreSQL refuses). */
  signMobile: new RegExp(`^sm:(${INT})$`),
  teamList: /^team:list(?::(\d{1,3}))?$/,
  teamInvite: /^team:invite$/,
  teamOff: /^team:off:(\d{1,9})(?::(\d{1,3}))?$/,
  teamOffConfirm: /^team:offok:(\d{1,9}):(\d{1,9})$/,
  report: /^rp:(month|last-month|school-year)$/,
  revoke: new RegExp(`^rv:${ID}:(\\d{1,9})$`),
  lang: /^lang:(kk|ru)$/,
  input: /^in:(skip|yes|no|sign):([A-Za-z0-9_-]{1,16})$/,
  bulkQueue: /^bk:q:([a-z][a-z0-9-]{0,40})(?::(\d{1,4}))?$/,
  bulkEnrol: /^bk:n:([a-z][a-z0-9-]{0,40})$/,
  bulkPlaces: /^bk:p:([a-z][a-z0-9-]{0,40})$/,
  bulkRefuse: /^bk:r:([a-z][a-z0-9-]{0,40})$/,
  bulkDialog: /^bk:(all|yes|no):([A-Za-z0-9_-]{1,16})$/,
};

/** The action named in callback data, or undefined for anything that is not one. */
export function parseAction(name: string | undefined): Action | undefined {
  return (ACTIONS as readonly string[]).includes(name ?? "") ? (name as Action) : undefined;
}

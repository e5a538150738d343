/**
 * The application status machine: which action moves an application from which status to
 * which, and who may take it. The database layer asks `canTransition` before every change;
 * the provider bot draws its buttons from `availableActions`.
 *
 * ```
 * draft ──sign──▶ signed ──send──▶ submitted ──register──▶ registered ──issue──▶ completed ──order──▶ order_signed
 *                                      └─refuse (incomplete)     └─reject (reasoned)        (only if the service has an order step)
 *                                                                                    completed ──refuse──▶ refused
 *                                                                                      (only if its order step is `refusable`)
 * submitted ──issue──▶ completed: only for a result given at once (`result.atOnce`) — the send
 *   itself takes this step as the system, in the same transaction (flows/applications.ts).
 * cancel (parent): from draft, signed, submitted or registered — until the provider decides; for a
 *   result given at once that an order follows, from completed too (until the order).
 * ```
 */
import { hasTranslation, type Lang } from "./i18n.ts";
import type { ServiceDefinition } from "./services/types.ts";

export const STATUSES = [
  "draft",
  "signed",
  "submitted",
  "registered",
  "completed",
  "refused",
  "rejected",
  "cancelled",
  "order_signed",
] as const;
export type Status = (typeof STATUSES)[number];

export const ACTIONS = ["sign", "send", "cancel", "register", "refuse", "issue", "reject", "order"] as const;
export type Action = (typeof ACTIONS)[number];

export type StaffRole = "specialist" | "director";
export type Actor = { kind: "parent" } | { kind: "staff"; role: StaffRole } | { kind: "system" };

/** Who may act, by name: the parent, the system, or a staff role. */
type ActorName = "parent" | "system" | StaffRole;

export type TransitionDenial =
  | "not_allowed_from_status"
  | "forbidden_for_actor"
  | "reason_required"
  | "unknown_reason"
  | "not_offered_by_service"
  /** The service takes applications part of the year, and today is outside it (`changeStatus` knows the day). */
  | "closed_period"
  /** The parent sending has withdrawn their consent to the processing of personal data (`changeStatus` knows). */
  | "no_consent";

export type TransitionCheck = { ok: true; to: Status } | { ok: false; reason: TransitionDenial };

/** What an action needs to be explained: a listed refusal reason, or free text. */
type ReasonKind = "refusal-reason" | "text";

interface Rule {
  from: readonly Status[];
  to: Status;
  by: readonly ActorName[];
  reason?: ReasonKind;
}

const STAFF: readonly ActorName[] = ["specialist", "director"];

/**
 * The transition table. `order` is not here: whether it exists, where it leads and who signs
 * come from the service's result (`result.then`), so a service without an order has none.
 * The system may sign and send on the parent's behalf: the signing page verifies the
 * parent's signature and then submits the application.
 */
const RULES: Record<Exclude<Action, "order">, Rule> = {
  sign: { from: ["draft"], to: "signed", by: ["parent", "system"] },
  send: { from: ["signed"], to: "submitted", by: ["parent", "system"] },
  // Registration is acceptance for review, not a decision: the parent may still withdraw.
  cancel: { from: ["draft", "signed", "submitted", "registered"], to: "cancelled", by: ["parent"] },
  register: { from: ["submitted"], to: "registered", by: STAFF },
  refuse: { from: ["submitted"], to: "refused", by: STAFF, reason: "refusal-reason" },
  issue: { from: ["registered"], to: "completed", by: STAFF },
  reject: { from: ["registered"], to: "rejected", by: STAFF, reason: "text" },
};

function ruleFor(service: ServiceDefinition, action: Action): Rule | null {
  // A service whose order may still be refused takes a listed refusal after its result too.
  if (action === "refuse" && service.result.then?.refusable) return { ...RULES.refuse, from: [...RULES.refuse.from, "completed"] };
  // A result given at once is no decision of the school's: until the order it follows, the parent
  // may still withdraw, as they could before registration elsewhere.
  if (action === "cancel" && service.result.atOnce && service.result.then)
    return { ...RULES.cancel, from: [...RULES.cancel.from, "completed"] };
  // A result given at once (the receipt for documents handed in) needs no registration first.
  if (action === "issue" && service.result.atOnce) return { ...RULES.issue, from: ["submitted", ...RULES.issue.from] };
  if (action !== "order") return RULES[action];
  const then = service.result.then;
  if (!then) return null;
  return { from: ["completed"], to: then.status, by: then.by };
}

const nameOf = (actor: Actor): ActorName => (actor.kind === "staff" ? actor.role : actor.kind);

function check(service: ServiceDefinition, from: Status, action: Action, actor: Actor): TransitionCheck & { rule?: Rule } {
  const rule = ruleFor(service, action);
  if (!rule) return { ok: false, reason: "not_offered_by_service" };
  if (!rule.by.includes(nameOf(actor))) return { ok: false, reason: "forbidden_for_actor" };
  if (!rule.from.includes(from)) return { ok: false, reason: "not_allowed_from_status" };
  return { ok: true, to: rule.to, rule };
}

/**
 * May `actor` take `action` on an application of `service` in status `from`? Answers the new
 * status, or why not. `refuse` needs `details.reason` to be one of the service's refusal
 * reason ids; `reject` needs a reason text (non-blank).
 */
export function canTransition(
  service: ServiceDefinition,
  from: Status,
  action: Action,
  actor: Actor,
  details: { reason?: string } = {},
): TransitionCheck {
  const result = check(service, from, action, actor);
  if (!result.ok) return result;
  const reason = details.reason?.trim() ?? "";
  if (result.rule?.reason && reason === "") return { ok: false, reason: "reason_required" };
  if (result.rule?.reason === "refusal-reason" && !service.refusalReasons.some((r) => r.id === reason)) {
    return { ok: false, reason: "unknown_reason" };
  }
  return { ok: true, to: result.to };
}

/**
 * The actions `actor` may take now (for the provider bot's buttons and the parent's menu),
 * in table order. Actions that need a reason are included: the bot asks for it next.
 */
export function availableActions(service: ServiceDefinition, status: Status, actor: Actor): Action[] {
  return ACTIONS.filter((action) => check(service, status, action, actor).ok);
}

/** The provider has decided: the parent can no longer cancel. */
export function isDecided(status: Status): boolean {
  return status === "completed" || status === "refused" || status === "rejected" || status === "order_signed";
}

/**
 * Nothing more will happen to the application. `completed` is final unless the service's
 * result continues with an order; without `service` it counts as final (the parent's request
 * is answered).
 */
export function isFinal(status: Status, service?: ServiceDefinition): boolean {
  if (status === "completed") return !service?.result.then;
  return status === "refused" || status === "rejected" || status === "cancelled" || status === "order_signed";
}

/** Locale key (`locales/<lang>/lifecycle.ftl`) of a status name. */
export const statusKey = (status: Status): string => `lifecycle-status-${status.replace(/_/g, "-")}`;

/**
 * Locale key of an application's status as people read it: a refusal says what its reason
 * means (incomplete documents, an unreadable copy, data that documents do not confirm, the
 * wrong school), and a result that an order still follows says the next step.
 */
export function statusLabelKey(service: ServiceDefinition, status: Status, reason?: string | null): string {
  if (status === "refused") {
    const listed = service.refusalReasons.find((r) => r.id === reason);
    if (listed) return `lifecycle-status-refused-${listed.status}`;
  }
  if (status === "completed" && service.result.then) return `lifecycle-status-completed-awaiting-${service.result.then.kind}`;
  return statusKey(status);
}

/**
 * `key`'s words for where a refusal's listed reason points, when `lang` has them: `<key>-<fix>`
 * ("-school": no places, the wrong school — nothing in the application to correct); else `key`.
 */
export function refusalFixKey(service: ServiceDefinition, reason: string | null | undefined, key: string, lang: Lang): string {
  const fix = service.refusalReasons.find((r) => r.id === reason)?.fix;
  return fix && hasTranslation(lang, `${key}-${fix}`) ? `${key}-${fix}` : key;
}

/** Locale key of an action's button text. */
export const actionKey = (action: Action): string => `lifecycle-action-${action}`;

/** Locale key of the explanation of a refused transition. */
export const denialKey = (reason: TransitionDenial): string => `lifecycle-denied-${reason.replace(/_/g, "-")}`;

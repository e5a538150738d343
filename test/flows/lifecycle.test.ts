import { describe, expect, it } from "vitest";
import { LANGS, t } from "#root/flows/i18n.ts";
import {
  ACTIONS,
  STATUSES,
  actionKey,
  availableActions,
  canTransition,
  denialKey,
  isDecided,
  isFinal,
  statusKey,
  statusLabelKey,
  type Action,
  type Actor,
  type Status,
} from "#root/flows/lifecycle.ts";
import { getService } from "#root/flows/services/index.ts";
import { notificationsFor } from "#root/flows/notify.ts";

const meals = getService("meals");
const homeSchooling = getService("home-schooling");

const parent: Actor = { kind: "parent" };
const specialist: Actor = { kind: "staff", role: "specialist" };
const director: Actor = { kind: "staff", role: "director" };
const system: Actor = { kind: "system" };
const ACTORS = { parent, specialist, director, system } as const;
type ActorName = keyof typeof ACTORS;

/** The specification, written out: [from, action, to, who may]. Everything else is refused. */
const TABLE: [Status, Action, Status, ActorName[]][] = [
  ["draft", "sign", "signed", ["parent", "system"]],
  ["signed", "send", "submitted", ["parent", "system"]],
  ["draft", "cancel", "cancelled", ["parent"]],
  ["signed", "cancel", "cancelled", ["parent"]],
  ["submitted", "cancel", "cancelled", ["parent"]],
  ["registered", "cancel", "cancelled", ["parent"]],
  ["submitted", "register", "registered", ["specialist", "director"]],
  ["submitted", "refuse", "refused", ["specialist", "director"]],
  ["registered", "issue", "completed", ["specialist", "director"]],
  ["registered", "reject", "rejected", ["specialist", "director"]],
  ["completed", "order", "order_signed", ["director"]], // home schooling only
];

const details = { reason: "missing-document" };

describe("the transition table", () => {
  it("allows exactly the listed transitions, for exactly the listed actors (home schooling)", () => {
    for (const from of STATUSES) {
      for (const action of ACTIONS) {
        for (const [name, actor] of Object.entries(ACTORS)) {
          const row = TABLE.find(([f, a]) => f === from && a === action);
          const allowed = row !== undefined && row[3].includes(name as ActorName);
          const result = canTransition(homeSchooling, from, action, actor, details);
          expect(result, `${name} ${action} from ${from}`).toEqual(
            allowed ? { ok: true, to: row![2] } : { ok: false, reason: expect.any(String) },
          );
        }
      }
    }
  });

  it("meals has no order step: nobody can order, not even the director", () => {
    expect(canTransition(meals, "completed", "order", director)).toEqual({ ok: false, reason: "not_offered_by_service" });
    expect(canTransition(meals, "registered", "issue", specialist)).toEqual({ ok: true, to: "completed" });
  });
});

describe("who may act", () => {
  it("a specialist cannot sign the order", () => {
    expect(canTransition(homeSchooling, "completed", "order", specialist)).toEqual({ ok: false, reason: "forbidden_for_actor" });
    expect(canTransition(homeSchooling, "completed", "order", director)).toEqual({ ok: true, to: "order_signed" });
  });

  it("a parent cannot register their own application; staff cannot sign it", () => {
    expect(canTransition(meals, "submitted", "register", parent)).toEqual({ ok: false, reason: "forbidden_for_actor" });
    expect(canTransition(meals, "draft", "sign", specialist)).toEqual({ ok: false, reason: "forbidden_for_actor" });
    expect(canTransition(meals, "draft", "cancel", director)).toEqual({ ok: false, reason: "forbidden_for_actor" });
  });
});

describe("cancelling", () => {
  it("is allowed after registration: registration is not a decision", () => {
    expect(canTransition(meals, "registered", "cancel", parent)).toEqual({ ok: true, to: "cancelled" });
  });

  it("is refused once the provider has decided", () => {
    for (const from of ["completed", "refused", "rejected", "order_signed", "cancelled"] as const) {
      expect(canTransition(homeSchooling, from, "cancel", parent), from).toEqual({ ok: false, reason: "not_allowed_from_status" });
    }
  });

  it("a receipt given at once is no decision: the parent may withdraw until the order, not after", () => {
    const atOnce = { ...homeSchooling, id: "at-once", result: { ...homeSchooling.result, atOnce: true } };
    expect(canTransition(atOnce, "completed", "cancel", parent)).toEqual({ ok: true, to: "cancelled" });
    expect(canTransition(atOnce, "completed", "cancel", director)).toEqual({ ok: false, reason: "forbidden_for_actor" });
    for (const from of ["order_signed", "refused"] as const) {
      expect(canTransition(atOnce, from, "cancel", parent), from).toEqual({ ok: false, reason: "not_allowed_from_status" });
    }
    // Without an order to follow, the result given at once is the decision.
    const final = { ...meals, id: "final-at-once", result: { kind: meals.result.kind, atOnce: true } };
    expect(canTransition(final, "completed", "cancel", parent)).toEqual({ ok: false, reason: "not_allowed_from_status" });
  });
});

describe("reasons", () => {
  it("refusing needs one of the service's refusal reasons", () => {
    expect(canTransition(meals, "submitted", "refuse", specialist)).toEqual({ ok: false, reason: "reason_required" });
    expect(canTransition(meals, "submitted", "refuse", specialist, { reason: "  " })).toEqual({ ok: false, reason: "reason_required" });
    expect(canTransition(meals, "submitted", "refuse", specialist, { reason: "dislike" })).toEqual({ ok: false, reason: "unknown_reason" });
    expect(canTransition(meals, "submitted", "refuse", specialist, { reason: "category-not-confirmed" })).toEqual({
      ok: true,
      to: "refused",
    });
    // A reason of another service does not apply here.
    expect(canTransition(meals, "submitted", "refuse", specialist, { reason: "conclusion-expired" })).toEqual({
      ok: false,
      reason: "unknown_reason",
    });
  });

  it("a reasoned refusal needs its text", () => {
    expect(canTransition(meals, "registered", "reject", director, { reason: "" })).toEqual({ ok: false, reason: "reason_required" });
    expect(canTransition(meals, "registered", "reject", director, { reason: "Доход семьи выше порога" })).toEqual({
      ok: true,
      to: "rejected",
    });
  });
});

describe("buttons", () => {
  it("staff see register and refuse on a submitted application", () => {
    expect(availableActions(meals, "submitted", specialist)).toEqual(["register", "refuse"]);
    expect(availableActions(meals, "registered", director)).toEqual(["issue", "reject"]);
  });

  it("only the director sees the order button, and only for home schooling", () => {
    expect(availableActions(homeSchooling, "completed", director)).toEqual(["order"]);
    expect(availableActions(homeSchooling, "completed", specialist)).toEqual([]);
    expect(availableActions(meals, "completed", director)).toEqual([]);
  });

  it("the parent can cancel until the decision", () => {
    expect(availableActions(meals, "draft", parent)).toEqual(["sign", "cancel"]);
    expect(availableActions(meals, "registered", parent)).toEqual(["cancel"]);
    expect(availableActions(meals, "completed", parent)).toEqual([]);
  });
});

describe("final and decided statuses", () => {
  it("decided: completed, refused, rejected, order_signed", () => {
    expect(STATUSES.filter(isDecided)).toEqual(["completed", "refused", "rejected", "order_signed"]);
  });

  it("completed is final for meals, but home schooling still waits for the order", () => {
    expect(isFinal("completed", meals)).toBe(true);
    expect(isFinal("completed", homeSchooling)).toBe(false);
    expect(isFinal("order_signed", homeSchooling)).toBe(true);
    expect(STATUSES.filter((s) => isFinal(s, homeSchooling))).toEqual(["refused", "rejected", "cancelled", "order_signed"]);
  });

  it("no action leads out of a final status", () => {
    for (const from of STATUSES.filter((s) => isFinal(s, homeSchooling))) {
      for (const actor of Object.values(ACTORS)) expect(availableActions(homeSchooling, from, actor)).toEqual([]);
    }
  });
});

describe("names for people", () => {
  it("every status, action and denial has a name in both languages", () => {
    const keys = [
      ...STATUSES.map(statusKey),
      ...ACTIONS.map(actionKey),
      ...(
        [
          "not_allowed_from_status",
          "forbidden_for_actor",
          "reason_required",
          "unknown_reason",
          "not_offered_by_service",
          "closed_period",
          "no_consent",
        ] as const
      ).map(denialKey),
    ];
    for (const key of keys) for (const lang of LANGS) expect(t(lang, key).length, `${lang} ${key}`).toBeGreaterThan(2);
  });
});

describe("the rating request", () => {
  const recipients = { parent: { telegramId: 42, lang: "ru" as const, email: null }, staff: [] };
  const asks = (serviceId: string, from: Status, to: Status) =>
    notificationsFor({ application: { id: "a", number: "2026-000001", serviceId, version: 3 }, from, to, recipients }).filter(
      (m) => (m.payload as { template: string }).template === "rating",
    );

  it("goes once, when the service is decided for good: a refusal, a result without an order, or the order", () => {
    expect(asks("meals", "registered", "completed")).toHaveLength(1);
    expect(asks("meals", "submitted", "refused")).toHaveLength(1);
    expect(asks("home-schooling", "registered", "completed")).toHaveLength(0);
    expect(asks("home-schooling", "completed", "order_signed")).toHaveLength(1);
    expect(asks("meals", "submitted", "registered")).toHaveLength(0);
    expect(asks("meals", "registered", "cancelled")).toHaveLength(0);
    expect(asks("meals", "registered", "completed")[0]!.dedupeKey).toBe("app:a:rating");
  });
});

describe("the status as people read it", () => {
  const meals = getService("meals");
  const home = getService("home-schooling");

  it("a refusal reads as its reason, not always as incomplete documents", () => {
    expect(t("ru", statusLabelKey(meals, "refused", "unreadable-copy"))).toBe("Отказано в приёме: копию документа невозможно прочитать");
    expect(t("ru", statusLabelKey(meals, "refused", "category-not-confirmed"))).toBe(
      "Отказано в приёме: сведения не подтверждаются документами",
    );
    expect(t("ru", statusLabelKey(meals, "refused", "wrong-school"))).toBe("Отказано в приёме: заявление подано не в ту школу");
    expect(t("kk", statusLabelKey(home, "refused", "missing-document"))).toBe("Қабылдаудан бас тартылды: құжаттар толық емес");
  });

  it("home schooling's receipt reads as documents accepted with the director's order next; a meals certificate as issued", () => {
    expect(t("ru", statusLabelKey(home, "completed"))).toBe("Документы приняты, ожидается приказ директора");
    expect(t("kk", statusLabelKey(home, "completed"))).toBe("Құжаттар қабылданды, директордың бұйрығы күтілуде");
    expect(t("ru", statusLabelKey(meals, "completed"))).toBe("Результат выдан");
  });

  it("every refusal reason has a button text of at most 30 characters in both languages", () => {
    for (const service of [meals, home]) {
      for (const reason of service.refusalReasons) {
        for (const lang of ["kk", "ru"] as const)
          expect(t(lang, reason.short).length, `${service.id} ${reason.id} ${lang}`).toBeLessThanOrEqual(30);
      }
    }
  });
});

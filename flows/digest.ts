/**
 * The staff's morning digest: at 08:00 in Almaty, on working days only, every active staff
 * member of a school gets what is due today and what is overdue; each overdue application is
 * escalated once to the school's director(s), and its parent is told once that the deadline passed.
 * All are outbox rows whose dedupe keys make a second run the same day (a restart, a second
 * instance) write nothing new.
 */
import type { Db } from "#root/db/client.ts";
import { enqueue, existingDedupeKeys, type OutboxMessage } from "#root/db/queries/outbox.ts";
import type { Application } from "#root/db/queries/applications.ts";
import { registeredDueBy } from "#root/db/queries/inbox.ts";
import { listSchoolStaff } from "#root/db/queries/staff.ts";
import { telegramOfUsers } from "#root/db/queries/users.ts";
import type { Logger } from "#root/log.ts";
import { ALMATY_OFFSET_MS } from "./calendar/almaty.ts";
import { MissingCalendarYearError } from "./calendar/index.ts";
import type { DigestItem, DigestPayload, OverduePayload } from "./notify.ts";
import { almatyDate, dueToday, endOfAlmatyDay, isOverdue, isWorkingDay } from "./sla.ts";

/** The hour (Almaty) the digest goes out. */
export const DIGEST_HOUR = 8;

/** True from 08:00 Almaty on a working day: the time for today's digest. */
export function isDigestTime(now: Date): boolean {
  const hour = new Date(now.getTime() + ALMATY_OFFSET_MS).getUTCHours();
  return hour >= DIGEST_HOUR && isWorkingDay(now);
}

const itemOf = (a: Application): DigestItem => ({
  applicationId: a.id,
  number: a.number,
  serviceId: a.serviceId,
  deadlineAt: a.deadlineAt!.toISOString(),
});

/** The parent's one notice that their application's deadline passed undecided: one key per application, ever. */
export const overdueNoticeKey = (applicationId: string) => `app:${applicationId}:overdue`;

/**
 * Write today's digests and escalations for `now` into the outbox and return them, with the notice
 * to the parent of each application found overdue for the first time. Writes nothing on a
 * non-working day. Safe to call again: rows already written are skipped.
 */
export async function queueDigests(db: Db, now: Date): Promise<OutboxMessage[]> {
  if (!isWorkingDay(now)) return [];
  const date = almatyDate(now);
  // Registered applications wait for the school's decision; their deadline is what counts.
  const due = await registeredDueBy(db, endOfAlmatyDay(date));

  const bySchool = new Map<number, typeof due>();
  for (const app of due) bySchool.set(app.schoolId!, [...(bySchool.get(app.schoolId!) ?? []), app]);

  const messages: OutboxMessage[] = [];
  /** Every overdue application, and whether its school has staff whose digest lists it (the parent is told they were reminded). */
  const late: Array<{ app: Application; reminded: boolean }> = [];
  for (const [schoolId, apps] of bySchool) {
    const overdueApps = apps.filter((a) => isOverdue(a.deadlineAt!, now));
    const overdue = overdueApps.map(itemOf);
    const today = apps.filter((a) => dueToday(a.deadlineAt!, now)).map(itemOf);
    if (overdue.length === 0 && today.length === 0) continue;
    const staff = await listSchoolStaff(db, schoolId);
    for (const app of overdueApps) late.push({ app, reminded: staff.length > 0 });
    for (const member of staff) {
      const daily: DigestPayload = { template: "digest", kind: "daily", lang: member.lang, date, dueToday: today, overdue };
      messages.push({
        channel: "provider",
        recipient: String(member.telegramId),
        payload: daily,
        dedupeKey: `digest:${date}:${member.telegramId}`,
      });
      if (member.role !== "director") continue;
      for (const item of overdue) {
        const escalation: DigestPayload = {
          template: "digest",
          kind: "escalation",
          lang: member.lang,
          date,
          dueToday: [],
          overdue: [item],
        };
        // Once per application and director, ever: the key has no date in it.
        messages.push({
          channel: "provider",
          recipient: String(member.telegramId),
          payload: escalation,
          dedupeKey: `escalation:${item.applicationId}:${member.telegramId}`,
        });
      }
    }
  }
  // An application overdue for weeks is escalated, and its parent told, once: neither row is
  // written again every day (the dedupe key would drop it, after sending it to the database).
  const written = await existingDedupeKeys(db, [
    ...messages.filter((m) => m.dedupeKey.startsWith("escalation:")).map((m) => m.dedupeKey),
    ...late.map((l) => overdueNoticeKey(l.app.id)),
  ]);
  const untold = late.filter((l) => !written.has(overdueNoticeKey(l.app.id)));
  const parents =
    untold.length > 0
      ? await telegramOfUsers(
          db,
          untold.map((l) => l.app.parentId),
        )
      : new Map();
  for (const { app, reminded } of untold) {
    // A parent without a Telegram account (an imported record) has no chat to be told in.
    const parent = parents.get(app.parentId);
    if (!parent) continue;
    const notice: OverduePayload = {
      template: "overdue",
      applicationId: app.id,
      number: app.number,
      serviceId: app.serviceId,
      deadlineAt: app.deadlineAt!.toISOString(),
      reminded,
      lang: parent.lang ?? app.lang,
    };
    messages.push({ channel: "parent", recipient: String(parent.telegramId), payload: notice, dedupeKey: overdueNoticeKey(app.id) });
  }
  await enqueue(
    db,
    messages.filter((m) => !written.has(m.dedupeKey)),
  );
  return messages;
}

/**
 * Check every `intervalMs` (default a minute) whether today's digest is due and queue it once
 * per day per process; dedupe keys cover several processes. A failure — a year with no calendar
 * file, the database down — is logged once a day and tried again at the next check; it never
 * ends the process. Returns `stop()`.
 */
export function startDigestScheduler(deps: { db: Db; log: Logger; now?: () => Date; intervalMs?: number }): { stop(): void } {
  const now = deps.now ?? (() => new Date());
  let lastDate: string | undefined;
  let failedDate: string | undefined;
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    let date: string | undefined;
    try {
      const at = now();
      date = almatyDate(at);
      if (lastDate === date || !isDigestTime(at)) return;
      const queued = await queueDigests(deps.db, at);
      lastDate = date;
      deps.log.info({ date, rows: queued.length }, "staff digest queued");
    } catch (err) {
      if (failedDate === date) return;
      failedDate = date;
      deps.log.error(
        { error: err },
        err instanceof MissingCalendarYearError
          ? `staff digest not sent: ${err.message}`
          : "staff digest failed; will try again (this is logged once a day)",
      );
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void tick(), deps.intervalMs ?? 60_000);
  void tick();
  return { stop: () => clearInterval(timer) };
}

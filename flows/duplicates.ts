/**
 * One application per child and service: while one is on its way (sent, registered, or a
 * receipt waiting for the order) or its result is still valid, the same child cannot be sent to
 * the same school for the same service again — the parent is shown the one that stands. Another
 * school is allowed (a move), and both schools see it on their cards. The database enforces the
 * in-progress part (a partial unique index), so two sends racing leave one.
 */
import type { Db } from "#root/db/client.ts";
import { sentApplicationsForChild, type Application } from "#root/db/queries/applications.ts";
import { getSchool } from "#root/db/queries/schools.ts";
import { nameIn, type Lang } from "./i18n.ts";
import { almatyDate } from "./calendar/almaty.ts";
import { formOf } from "./statement.ts";
import { resultValidTo } from "./results.ts";
import { getService } from "./services/index.ts";

/**
 * Still on its way, or decided with a result valid today (to the end of the school year it is for:
 * an enrolment order of May enrols for the coming one, {@link resultValidTo}).
 * An application whose result (its order, certificate or receipt) was revoked is not among those it is
 * asked of (sentApplicationsForChild): it stands for nothing.
 */
export function stands(app: Application, now: Date): boolean {
  if (app.status === "submitted" || app.status === "registered") return true;
  if (app.status === "completed" && getService(app.serviceId).result.then) return true;
  if ((app.status === "completed" || app.status === "order_signed") && app.decidedAt) {
    return resultValidTo(app, almatyDate(app.decidedAt)) >= almatyDate(now);
  }
  return false;
}

export interface ChildsOtherApplications {
  /** The application that stands at the same school: this one must not be sent. */
  sameSchool?: Application;
  /** Standing applications of the same child and service at other schools (a move). */
  elsewhere: Application[];
}

/** The same child's other standing applications for this service. */
export async function childsOtherApplications(db: Db, app: Application, now: Date): Promise<ChildsOtherApplications> {
  const iin = formOf(app).child?.iin;
  if (!iin) return { elsewhere: [] };
  const standing = (await sentApplicationsForChild(db, app.serviceId, iin, app.id)).filter((a) => stands(a, now));
  return {
    sameSchool: standing.find((a) => a.schoolId === app.schoolId),
    elsewhere: standing.filter((a) => a.schoolId !== app.schoolId),
  };
}

/** The application that stands for `app`'s child and service at `schoolId`, if any: that school cannot be chosen. */
export async function standingAt(db: Db, app: Application, schoolId: number, now: Date): Promise<Application | undefined> {
  return (await childsOtherApplications(db, { ...app, schoolId }, now)).sameSchool;
}

/**
 * The child's applications for `app`'s service that stand (on their way, or with a valid result),
 * as the parent is told of them once the child is known: at most three, each with its school's
 * name in `lang` ("—" without one).
 */
export async function standingFor(db: Db, app: Application, now: Date, lang: Lang): Promise<Array<Application & { schoolName: string }>> {
  const { sameSchool, elsewhere } = await childsOtherApplications(db, { ...app, schoolId: null }, now);
  const named = [];
  for (const other of [...(sameSchool ? [sameSchool] : []), ...elsewhere].slice(0, 3)) {
    const school = other.schoolId ? await getSchool(db, other.schoolId) : undefined;
    named.push({ ...other, schoolName: school ? nameIn(lang, school) : "—" });
  }
  return named;
}

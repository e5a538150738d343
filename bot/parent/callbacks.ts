/**
 * Callback data of the parent bot's buttons (Telegram allows 64 bytes), built and matched here
 * only: a button names what it acts on, never a permission — every handler loads the parent and
 * the application again on the server and checks they belong together. Notifications sent by
 * other parts of the system (`bot/shared/notices.ts`) build their buttons here too, so a button
 * and its handler cannot drift apart.
 */
import { INT, UUID } from "#root/bot/shared/ids.ts";
import type { PromptAction } from "#root/flows/form/prompts.ts";
import type { SchoolMove } from "#root/flows/form/schools.ts";

const ID = `(${UUID})`;
/** A service id or a form question's id (lowercase words with dashes). */
const NAME = "([\\w-]+)";
/** A school list's row id (a region, a district or a school). */
const ROW = "([1-9]\\d{0,8})";

/** How the parent signs a statement. */
export type SignWay = "mobile" | "eds" | "paper";

export const data = {
  /** The list of services. */
  catalog: "catalog",
  /** A service's card, and its longer description. */
  service: (serviceId: string) => `svc:${serviceId}`,
  serviceMore: (serviceId: string) => `svc:more:${serviceId}`,
  /** Start a statement for a service, continue a draft, or drop it and start again. */
  applyNew: (serviceId: string) => `apply:new:${serviceId}`,
  resume: (id: string) => `apply:resume:${id}`,
  restart: (id: string) => `apply:restart:${id}`,
  /** Send a signed statement to the school. */
  send: (id: string) => `apply:send:${id}`,
  /** The review's "change this stage" button. */
  reviewEdit: (id: string, stage: string) => `rv:edit:${id}:${stage}`,
  /** A way to sign the statement. */
  sign: (way: SignWay, id: string) => `sg:${way}:${id}`,
  /** /cancel during a draft: keep it, or discard it. */
  draftKeep: (id: string) => `dr:keep:${id}`,
  draftDiscard: (id: string) => `dr:discard:${id}`,
  /** The parent's applications: the list, one of them, its result, fixing a refused one, withdrawing. */
  myList: "my:list",
  /** A further page of "My applications" (0 is the first). */
  myPage: (page: number) => `my:list:${page}`,
  myOpen: (id: string) => `my:open:${id}`,
  myFile: (id: string) => `my:file:${id}`,
  myFix: (id: string) => `my:fix:${id}`,
  myCancel: (id: string) => `my:cancel:${id}`,
  myCancelYes: (id: string, version: number) => `my:cancel-yes:${id}:${version}`,
  /** A score for a decided application, and a comment to go with it. */
  rate: (id: string, score: number) => `rate:${id}:${score}`,
  rateComment: (id: string) => `ratec:${id}`,
  /** The interface language. */
  lang: (lang: "kk" | "ru") => `lang:${lang}`,
  /** Consent to the processing of personal data. */
  consentYes: "consent:yes",
  consentNo: "consent:no",
  /** /privacy: withdraw the consent, or keep it. */
  privacyWithdraw: "privacy:withdraw",
  privacyKeep: "privacy:keep",
  /** A talk with the school's support, and its end. */
  supportOpen: "support:open",
  supportEnd: "support:end",
  /** In the support group: take a ticket, close it. */
  supportTake: (ticketId: number) => `sup:take:${ticketId}`,
  supportClose: (ticketId: number) => `sup:close:${ticketId}`,
  /**
   * The form: a choice's option, or what the parent's profile offers (a saved child, the email),
   * names its question (a late tap answers nothing else).
   */
  choice: (questionId: string, value: string) => `f:${questionId}:${value}`,
  /** A document question's buttons: done, skip, add a page, "a page of the document before", replace its pages. */
  document: (questionId: string, what: "done" | "skip" | "more" | "back" | "redo") => `d:${questionId}:${what}`,
  /** The school lists: back to the regions, a region, a district, a page of schools, a school. */
  schoolsBack: "s:back",
  region: (regionId: number) => `s:r:${regionId}`,
  district: (regionId: number, districtId: number) => `s:d:${regionId}:${districtId}`,
  schoolsPage: (regionId: number, districtId: number, page: number) => `s:p:${regionId}:${districtId}:${page}`,
  school: (schoolId: number) => `s:sc:${schoolId}`,
};

export const patterns = {
  catalog: /^catalog$/,
  service: new RegExp(`^svc:${NAME}$`),
  serviceMore: new RegExp(`^svc:more:${NAME}$`),
  applyNew: new RegExp(`^apply:new:${NAME}$`),
  resume: new RegExp(`^apply:resume:${ID}$`),
  restart: new RegExp(`^apply:restart:${ID}$`),
  send: new RegExp(`^apply:send:${ID}$`),
  reviewEdit: new RegExp(`^rv:edit:${ID}:(\\w+)$`),
  /** Any way to sign: the application is the first group. */
  signAny: new RegExp(`^sg:\\w+:${ID}$`),
  /** A way to sign tapped while another is under way (the way is the first group). */
  signWay: /^sg:(mobile|eds|paper):/,
  sign: {
    mobile: new RegExp(`^sg:mobile:${ID}$`),
    eds: new RegExp(`^sg:eds:${ID}$`),
    paper: new RegExp(`^sg:paper:${ID}$`),
  },
  draftKeep: new RegExp(`^dr:keep:${ID}$`),
  draftDiscard: new RegExp(`^dr:discard:${ID}$`),
  myList: /^my:list$/,
  myPage: new RegExp(`^my:list:(${INT})$`),
  myOpen: new RegExp(`^my:open:${ID}$`),
  myFile: new RegExp(`^my:file:${ID}$`),
  myFix: new RegExp(`^my:fix:${ID}$`),
  myCancel: new RegExp(`^my:cancel:${ID}$`),
  myCancelYes: new RegExp(`^my:cancel-yes:${ID}:(${INT})$`),
  rate: new RegExp(`^rate:${ID}:([1-5])$`),
  rateComment: new RegExp(`^ratec:${ID}$`),
  lang: /^lang:(kk|ru)$/,
  supportTake: /^sup:take:(\d{1,9})$/,
  supportClose: /^sup:close:(\d{1,9})$/,
  /** The form's own buttons (a choice or an offer, a school list, a document); others pass it by. */
  form: /^[fsd]:/,
  choice: /^f:([\w-]+):([\w-]+)$/,
  document: /^d:([\w-]+):(done|skip|more|back|redo)$/,
  documentMore: /^d:[\w-]+:more$/,
  region: new RegExp(`^s:r:${ROW}$`),
  district: new RegExp(`^s:d:${ROW}:${ROW}$`),
  schoolsPage: new RegExp(`^s:p:${ROW}:${ROW}:(\\d{1,4})$`),
  school: new RegExp(`^s:sc:${ROW}$`),
};

/** The data of a school list's button (`flows/form/schools.ts`). */
export function schoolMoveData(move: SchoolMove): string {
  if (move.kind === "school") return data.school(move.id);
  const v = move.view;
  if (v.kind === "regions") return data.schoolsBack;
  if (v.kind === "districts") return data.region(v.regionId);
  return v.page === 0 ? data.district(v.regionId, v.districtId) : data.schoolsPage(v.regionId, v.districtId, v.page);
}

/** The data of a form prompt's button (`flows/form/prompts.ts`). */
export function promptData(action: PromptAction): string {
  if ("school" in action) return schoolMoveData(action.school);
  return "choice" in action ? data.choice(action.question, action.choice) : data.document(action.question, action.document);
}

/** The move a school list's button names, or undefined for anything else (a forged or foreign button). */
export function schoolMoveOf(d: string): SchoolMove | undefined {
  if (d === data.schoolsBack) return { kind: "view", view: { kind: "regions" } };
  let m = patterns.region.exec(d);
  if (m) return { kind: "view", view: { kind: "districts", regionId: Number(m[1]) } };
  m = patterns.district.exec(d) ?? patterns.schoolsPage.exec(d);
  if (m) return { kind: "view", view: { kind: "schools", regionId: Number(m[1]), districtId: Number(m[2]), page: Number(m[3] ?? 0) } };
  m = patterns.school.exec(d);
  return m ? { kind: "school", id: Number(m[1]) } : undefined;
}

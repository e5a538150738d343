/**
 * Plain data for the documents: no database types, every text already in the parent's
 * language (except the school, which is stored in both and picked by `lang`).
 */
import type { Lang } from "#root/flows/i18n.ts";

/** The school the application is addressed to. */
export interface SchoolInfo {
  nameKk: string;
  nameRu: string;
  /** Business identification number (12 digits). */
  bin: string;
  directorName?: string;
}

export interface ChildInfo {
  fullName: string;
  iin: string;
  /** ISO date, e.g. 2014-05-21. */
  birthDate: string;
  grade: number;
}

export interface ParentInfo {
  fullName: string;
  iin: string;
  phone: string;
  email?: string;
}

/** The staff member who issues a school document. */
export interface StaffInfo {
  fullName: string;
  /** Position in the document's language, e.g. "Заместитель директора". */
  position: string;
}

/** A document the parent attached (statement) or the school received (receipt). */
export interface AttachedDocument {
  /** Document type in the document's language, e.g. "Справка ВКК". */
  label: string;
  pages: number;
}

/** A date range (ISO dates). */
export interface Period {
  from: string;
  to: string;
}

/** What every document knows about its application. */
export interface ApplicationRef {
  lang: Lang;
  /** Application number as shown to people, e.g. "MEAL-2025-000123". */
  number: string;
  /** ISO date-time the application was made. */
  date: string;
  school: SchoolInfo;
  child: ChildInfo;
}

/** The application statement the parent signs. */
export interface StatementData extends ApplicationRef {
  /** Service title in the parent's language. */
  service: { title: string };
  parent: ParentInfo;
  /** Every answer of the form, label and value in the parent's language. */
  answers: Array<{ label: string; value: string }>;
  attachments: AttachedDocument[];
}

/** How anyone holding the paper checks a document: printed under its QR code. */
export interface DocumentCheck {
  /** The document's own number (not the application's), e.g. "2026/000017". */
  number: string;
  /** The check code as printed, grouped: "7K2M-9QXD-4A1B-3C5E". */
  code: string;
  /** The public check address the QR code holds, ending in the code. */
  url: string;
}

/** Fields shared by the documents the school issues. */
export interface IssuedDocument extends ApplicationRef {
  /** ISO date-time the document was issued; also its PDF creation date. */
  issuedAt: string;
  staff: StaffInfo;
  check: DocumentCheck;
}

/** Meals: the child is on the list of free / subsidised meal recipients. */
export interface CertificateData extends IssuedDocument {
  /** Category of the recipient in the document's language. */
  category: string;
  period: Period;
}

/** Home schooling: receipt of the documents the school accepted. */
export interface ReceiptData extends IssuedDocument {
  service: { title: string };
  parent: { fullName: string; iin: string };
  documents: AttachedDocument[];
}

/** A reasoned refusal: the service, the applicant and the ground, in the document's language. */
export interface RefusalNoticeData extends IssuedDocument {
  service: { title: string };
  parent: { fullName: string; iin: string };
  /** The ground, as the service's refusal reason words it. */
  reason: string;
  /** The staff member's comment to it. */
  comment?: string;
}

/** Locale keys of what an order notice says: each service words its own order. */
export interface OrderNoticeTexts {
  /** Under the title: what the order is about. */
  subtitle: string;
  /** The notice itself (given `orderNumber`, `orderDate`, `grade`, `schoolYear`). */
  body: string;
  /** The name of the period row; without it the notice shows no period. */
  period?: string;
}

/** Notice of the director's order (home schooling, enrolment in the first grade). */
export interface OrderNoticeData extends IssuedDocument {
  order: { number: string /** ISO date */; date: string };
  /** The first year of the school year the order is for (2026 for 2026–2027): `orderSchoolYear`. */
  schoolYear: number;
  period?: Period;
  texts: OrderNoticeTexts;
}

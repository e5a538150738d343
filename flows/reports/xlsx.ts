/**
 * The school's report as an XLSX workbook (ExcelJS), with Kazakh or Russian headers: the
 * applications of the period, the timeliness figures, and one sheet per month with the children
 * holding a valid period result, by grade and by the service's choices.
 */
import ExcelJS from "exceljs";
import { formatDate } from "#root/flows/form/date.ts";
import { t, type Lang } from "#root/flows/i18n.ts";
import { statusLabelKey } from "#root/flows/lifecycle.ts";
import { getService, type ServiceDefinition } from "#root/flows/services/index.ts";
import { periodResultServices, type Holder, type SchoolReport } from "./report.ts";

const DATE_FORMAT = "dd.mm.yyyy";

/** A date cell: midnight UTC of the day, so no time zone shifts it. */
const dateCell = (iso: string | undefined) => (iso ? new Date(`${iso}T00:00:00Z`) : null);

function choiceLabel(service: ServiceDefinition, lang: Lang, fieldId: string, value: string | undefined): string {
  const field = service.fields.find((f) => f.id === fieldId);
  if (!field || field.kind !== "choice" || value === undefined) return "";
  const option = field.options.find((o) => o.value === value);
  return option ? t(lang, option.label) : value;
}

/** Every choice field of these services, once (the columns the report adds). */
function choiceColumns(list: readonly ServiceDefinition[], lang: Lang): Array<{ id: string; header: string }> {
  const seen = new Map<string, string>();
  for (const s of list)
    for (const f of s.fields) if (f.kind === "choice" && !seen.has(f.id)) seen.set(f.id, t(lang, f.answerLabel ?? f.label));
  return [...seen].map(([id, header]) => ({ id, header }));
}

function reasonText(service: ServiceDefinition, lang: Lang, reason: string | undefined): string {
  if (!reason) return "";
  const known = service.refusalReasons.find((r) => r.id === reason);
  return known ? t(lang, known.label) : reason;
}

function styleHeader(row: ExcelJS.Row): void {
  row.font = { bold: true };
  row.alignment = { vertical: "middle", wrapText: true };
}

function fitColumns(sheet: ExcelJS.Worksheet, widths: number[]): void {
  for (const [i, w] of widths.entries()) sheet.getColumn(i + 1).width = w;
}

function applicationsSheet(book: ExcelJS.Workbook, report: SchoolReport, lang: Lang, school: string): void {
  const sheet = book.addWorksheet(t(lang, "report-sheet-applications"), { views: [{ state: "frozen", ySplit: 2 }] });
  const serviceList = [...new Set(report.rows.map((r) => r.serviceId))].map(getService);
  const choices = choiceColumns(serviceList, lang);
  sheet.addRow([t(lang, "report-title", { school, from: formatDate(report.period.from), to: formatDate(report.period.to) })]).font = {
    bold: true,
    size: 12,
  };
  const keys = [
    "number",
    "service",
    "submitted",
    "registered",
    "decided",
    "ordered",
    "status",
    "deadline",
    "outcome",
    "working-days",
    "reason",
  ];
  styleHeader(sheet.addRow([...keys.map((k) => t(lang, `report-col-${k}`)), ...choices.map((c) => c.header)]));
  for (const r of report.rows) {
    const service = getService(r.serviceId);
    const row = sheet.addRow([
      r.number,
      t(lang, service.catalog.title),
      dateCell(r.submitted),
      dateCell(r.registered),
      dateCell(r.decided),
      dateCell(r.ordered),
      // The service's words for it (a receipt may still await an order); the reason has its own column.
      // A result the school revoked: that, as the card says it (the status stays as it was decided).
      r.revoked
        ? t(lang, "report-status-revoked", {
            kind: t(lang, `provider-doc-${r.revoked.kind}`),
            document: r.revoked.number,
            date: formatDate(r.revoked.on),
          })
        : t(lang, statusLabelKey(service, r.status)),
      dateCell(r.deadline),
      t(lang, `report-outcome-${r.outcome}`),
      r.workingDays ?? null,
      reasonText(service, lang, r.reason),
      ...choices.map((c) => choiceLabel(service, lang, c.id, r.choices[c.id])),
    ]);
    for (const col of [3, 4, 5, 6, 8]) row.getCell(col).numFmt = DATE_FORMAT;
  }
  fitColumns(sheet, [14, 34, 12, 12, 12, 12, 24, 12, 22, 12, 40, ...choices.map(() => 36)]);
}

function timelinessSheet(book: ExcelJS.Workbook, report: SchoolReport, lang: Lang): void {
  const sheet = book.addWorksheet(t(lang, "report-sheet-timeliness"));
  const tl = report.timeliness;
  const rows: Array<[string, number | null]> = [
    ["received", tl.received],
    ["registered", tl.registered],
    ["refused", tl.refused],
    ["issued", tl.issued],
    ["revoked", tl.revoked],
    ["cancelled", tl.cancelled],
    ["overdue", tl.overdue],
    ["median", tl.medianWorkingDays ?? null],
  ];
  for (const [key, value] of rows) sheet.addRow([t(lang, `report-time-${key}`), value]);
  fitColumns(sheet, [52, 12]);
}

function holdersSheet(
  book: ExcelJS.Workbook,
  month: string,
  holders: Holder[],
  service: ServiceDefinition,
  lang: Lang,
  school: string,
  prefix: string,
): void {
  const [y, m] = month.split("-");
  const label = `${m}.${y}`;
  // Sheet names are unique and at most 31 characters.
  const sheet = book.addWorksheet(`${prefix}${t(lang, "report-sheet-holders", { month: label })}`.slice(0, 31));
  const choices = choiceColumns([service], lang);
  sheet.addRow([t(lang, "report-holders-title", { school, service: t(lang, service.catalog.title), month: label })]).font = {
    bold: true,
    size: 12,
  };
  styleHeader(
    sheet.addRow([
      t(lang, "report-col-row"),
      t(lang, "report-col-child"),
      t(lang, "report-col-iin"),
      t(lang, "report-col-grade"),
      ...choices.map((c) => c.header),
      t(lang, "report-col-issued"),
      t(lang, "report-col-valid-to"),
      t(lang, "report-col-number"),
    ]),
  );
  const mine = holders.filter((h) => h.serviceId === service.id);
  if (mine.length === 0) sheet.addRow([t(lang, "report-holders-none")]);
  mine.forEach((h, i) => {
    const row = sheet.addRow([
      i + 1,
      h.childName,
      h.childIin,
      h.grade,
      ...choices.map((c) => choiceLabel(service, lang, c.id, h.choices[c.id])),
      dateCell(h.issued),
      dateCell(h.validTo),
      h.number,
    ]);
    row.getCell(3).numFmt = "@";
    row.getCell(5 + choices.length).numFmt = DATE_FORMAT;
    row.getCell(6 + choices.length).numFmt = DATE_FORMAT;
  });
  // The totals a district asks for: by grade, and by each choice (the meals category).
  sheet.addRow([]);
  styleHeader(sheet.addRow([t(lang, "report-by-grade"), t(lang, "report-col-count")]));
  const grades = [...new Set(mine.map((h) => h.grade))].sort((a, b) => a - b);
  for (const g of grades) sheet.addRow([g, mine.filter((h) => h.grade === g).length]);
  for (const c of choices) {
    sheet.addRow([]);
    styleHeader(sheet.addRow([t(lang, "report-by-choice", { field: c.header }), t(lang, "report-col-count")]));
    const values = [...new Set(mine.map((h) => h.choices[c.id]).filter((v): v is string => v !== undefined))].sort();
    for (const v of values) sheet.addRow([choiceLabel(service, lang, c.id, v), mine.filter((h) => h.choices[c.id] === v).length]);
  }
  sheet.addRow([t(lang, "report-holders-total"), mine.length]).font = { bold: true };
  fitColumns(sheet, [6, 40, 15, 8, ...choices.map(() => 40), 14, 14, 14]);
}

/** The workbook's bytes. `school` is the school's name in `lang`. */
export async function reportWorkbook(report: SchoolReport, lang: Lang, school: string): Promise<Uint8Array> {
  const book = new ExcelJS.Workbook();
  book.creator = "School services desk";
  // Fixed, so the same report is the same file (ExcelJS stamps the current time otherwise).
  book.created = book.modified = new Date(`${report.period.to}T00:00:00Z`);
  applicationsSheet(book, report, lang, school);
  timelinessSheet(book, report, lang);
  const withHolders = periodResultServices();
  withHolders.forEach((service, i) => {
    const prefix = withHolders.length > 1 ? `${i + 1}. ` : "";
    for (const { month, holders } of report.months) holdersSheet(book, month, holders, service, lang, school, prefix);
  });
  return new Uint8Array(await book.xlsx.writeBuffer());
}

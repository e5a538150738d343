/**
 * The process logger (pino). IINs, phone numbers and e-mail addresses are personal data: every
 * string that goes into a log line — the message and every field, however deep — passes through
 * `maskPersonalData`.
 */
import pino, { type Logger } from "pino";

export type { Logger };

// 12 digits standing alone (IIN/BIN), and Kazakhstan phone numbers in their usual spellings.
const IIN_RE = /(?<!\d)(\d{4})\d{6}(\d{2})(?!\d)/g;
// An e-mail address (an SMTP server's refusal names it): its first letter and its domain stay.
const EMAIL_RE = /(?<![\w.%+-])([\w%+-])[\w.%+-]*@((?:[\w-]+\.)+[A-Za-z]{2,})\b/g;
const PHONE_RE = /(?<![\d+])(\+?[78])[\s(-]*(7\d{2})[\s)-]*\d{3}[\s-]*\d{2}[\s-]*(\d{2})(?!\d)/g;
// The same number without its +7 or 8, as parents often type it (701 234 56 78, (747) 234-56-78): only
// a mobile operator's code starts it, so ten digits of another kind (a Telegram id) stay as they are.
const LOCAL_PHONE_RE = /(?<![\d+])\(?(70[0-8]|747|77[15-8])[\s)-]*\d{3}[\s-]*\d{2}[\s-]*(\d{2})(?!\d)/g;

/**
 * The values of a failed query (drizzle's "Failed query: …\nparams: …"): names, emails and
 * free text as well as IINs and phones. The statement stays, its values go; in a stack the
 * values end where the first "at" line begins.
 */
const QUERY_PARAMS_RE = /(Failed query: [\s\S]*?\nparams: )[\s\S]*?(?=\n\s+at |$)/g;

/**
 * Replace IINs, phone numbers and e-mail addresses in `text` with masked forms (`0503******12`,
 * `+7 70X *** ** 12`, `a***@mail.kz`), and the values of a failed query with "[hidden]".
 */
export function maskPersonalData(text: string): string {
  return text
    .replace(QUERY_PARAMS_RE, "$1[hidden]")
    .replace(EMAIL_RE, "$1***@$2")
    .replace(PHONE_RE, (_m, _p, op: string, last: string) => `+7${op}*****${last}`)
    .replace(LOCAL_PHONE_RE, (_m, op: string, last: string) => `+7${op}*****${last}`)
    .replace(IIN_RE, "$1******$2");
}

// A SQLSTATE: five digits or capital letters (23505 unique_violation, 42P01, P0001).
const SQLSTATE_RE = /^[0-9A-Z]{5}$/;

/**
 * What an operator needs of a PostgreSQL error (postgres.js's PostgresError, PGlite's DatabaseError — both
 * carry a severity and a SQLSTATE code): the code, the constraint and the table. Never its message, detail
 * or hint: they quote the values ("Key (iin)=(…) already exists"). Undefined for any other error.
 */
function databaseError(err: unknown): { code: string; constraint?: string; table?: string } | undefined {
  if (err === null || typeof err !== "object") return undefined;
  const e = err as Record<string, unknown>;
  if (typeof e.severity !== "string" || typeof e.code !== "string" || !SQLSTATE_RE.test(e.code)) return undefined;
  const name = (v: unknown) => (typeof v === "string" ? maskPersonalData(v) : undefined);
  const constraint = name(e.constraint_name ?? e.constraint);
  const table = name(e.table_name ?? e.table);
  return { code: e.code, ...(constraint ? { constraint } : {}), ...(table ? { table } : {}) };
}

/** The first PostgreSQL error among an error's causes (drizzle's DrizzleQueryError wraps the driver's). */
function databaseCause(err: Error): ReturnType<typeof databaseError> {
  let cause: unknown = err.cause;
  for (let i = 0; i < 4 && cause !== null && typeof cause === "object"; i++, cause = (cause as { cause?: unknown }).cause) {
    const found = databaseError(cause);
    if (found) return found;
  }
  return undefined;
}

function maskDeep(value: unknown, depth = 0): unknown {
  if (typeof value === "string") return maskPersonalData(value);
  if (typeof value === "number" && Number.isInteger(value) && value >= 1e11 && value < 1e12) return maskPersonalData(String(value));
  if (value === null || typeof value !== "object") return value;
  // Deeper than anything logged on purpose: not written at all rather than written unmasked.
  if (depth > 6) return "[too deep]";
  if (value instanceof Error) {
    // Of its cause only a database error's code, constraint and table: any other cause's text may quote anything.
    const cause = databaseCause(value);
    return {
      type: value.name,
      code: (value as { code?: unknown }).code,
      ...databaseError(value),
      message: maskPersonalData(value.message),
      stack: value.stack && maskPersonalData(value.stack),
      ...(cause ? { cause } : {}),
    };
  }
  if (Array.isArray(value)) return value.map((v) => maskDeep(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = maskDeep(v, depth + 1);
  return out;
}

/**
 * Create the logger. `destination` is for tests (they capture lines); production writes to stdout.
 */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: undefined,
      formatters: { log: (obj) => maskDeep(obj) as Record<string, unknown> },
      hooks: {
        logMethod(args, method) {
          // An Error as the first argument: pino would take its (unmasked) message as the line's msg.
          if (args[0] instanceof Error) {
            const err = args[0];
            args = [{ error: maskDeep(err) }, ...(args.length > 1 ? args.slice(1) : [err.message])] as typeof args;
          }
          // The message and its %s/%j/%o arguments: an interpolated object is masked as a field is.
          const masked = args.map((a, i) => (typeof a === "string" ? maskPersonalData(a) : i === 0 ? a : maskDeep(a)));
          method.apply(this, masked as Parameters<typeof method>);
        },
      },
    },
    destination,
  );
}

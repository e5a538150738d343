/**
 * The one place that reads the environment. `loadConfig()` validates it with zod once at start;
 * everything else receives the resulting `Config` object.
 */
import { readFileSync, realpathSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { z } from "zod";
import { isValidBin } from "#root/flows/iin.ts";

const empty = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(empty, schema.optional());

const botToken = z.string().regex(/^\d+:[A-Za-z0-9_-]{20,}$/, "a bot token from @BotFather, like 123456789:AAE...");
const url = (what: string, protocols: string[]) =>
  z.string().refine(
    (v) => {
      try {
        return protocols.includes(new URL(v).protocol);
      } catch {
        return false;
      }
    },
    `must be ${what} (${protocols.map((p) => p + "//…").join(" or ")})`,
  );

/**
 * The kernel's folders: their entries are not files, and creating the embedded database in one
 * never ends (libuv spins) or crashes. /dev/shm is an ordinary in-memory file system.
 */
const KERNEL_FOLDERS = ["/proc", "/sys", "/dev"];

/** `dir` resolved from here through the symbolic links on its way (its part that does not exist yet as written). */
function realPath(dir: string): string {
  const rest: string[] = [];
  for (let path = resolve(dir); ; path = dirname(path)) {
    try {
      return join(realpathSync(path), ...rest.reverse());
    } catch {
      if (dirname(path) === path) return resolve(dir);
      rest.push(basename(path));
    }
  }
}

/** The kernel's folder `dir` is in (resolved from here, through symbolic links: ./data may point to /proc/self), if any. */
function kernelFolder(dir: string): string | undefined {
  const path = realPath(dir);
  if (path === "/dev/shm" || path.startsWith("/dev/shm/")) return undefined;
  return KERNEL_FOLDERS.find((root) => path === root || path.startsWith(`${root}/`));
}

const kernelFolderProblem = (dir: string) =>
  `is under ${kernelFolder(dir)}, which holds the kernel's entries, not files: nothing can be kept there; ` +
  "give a folder on disk (e.g. ./data)";

/** eGov mobile's launch link: the app opens the signing address (API №1) given as `link`. */
export const MGOV_LAUNCH_URL = "https://m.egov.kz/mobileSign/?link={link}";

/** The NCA's OCSP responder (pki.gov.kz), asked about every RSA signing key by default. */
export const NCA_OCSP_URL = "http://ocsp.pki.gov.kz";

const schema = z
  .object({
    BOT_TOKEN: optional(botToken),
    PROVIDER_BOT_TOKEN: optional(botToken),
    TELEGRAM_API_ROOT: z.preprocess(empty, url("the Bot API server URL", ["http:", "https:"]).default("https://api.telegram.org")),
    DATABASE_URL: optional(url("a PostgreSQL URL", ["postgres:", "postgresql:"])),
    REDIS_URL: optional(url("a Redis URL", ["redis:", "rediss:"])),
    DATA_DIR: z.preprocess(
      empty,
      z
        .string()
        .refine((v) => kernelFolder(v) === undefined, { error: (issue) => kernelFolderProblem(String(issue.input)) })
        .default("./data"),
    ),
    PORT: z.preprocess(empty, z.coerce.number({ error: "a port number, 0-65535" }).int().min(0).max(65535).default(3000)),
    HOST: optional(z.string().regex(/^[A-Za-z0-9.:_-]{1,253}$/, "an address to listen on, like 127.0.0.1, 0.0.0.0 or ::")),
    PUBLIC_URL: optional(url("the public base URL of this server", ["http:", "https:"])),
    BOT_MODE: z.preprocess(empty, z.enum(["polling", "webhook"], { error: "polling or webhook" }).default("polling")),
    WEBHOOK_SECRET: optional(z.string().regex(/^[A-Za-z0-9_-]{16,256}$/, "16-256 characters of A-Z, a-z, 0-9, _ and -")),
    METRICS_TOKEN: optional(z.string().regex(/^[A-Za-z0-9_-]{16,256}$/, "16-256 characters of A-Z, a-z, 0-9, _ and -")),
    SUPPORT_CHAT_ID: optional(
      z.coerce.number({ error: "a Telegram chat id, like -1001234567890" }).int().negative("a negative supergroup id, like -1001234567890"),
    ),
    SMTP_URL: optional(url("an SMTP URL", ["smtp:", "smtps:"])),
    NCANODE_URL: optional(url("the NCANode server URL", ["http:", "https:"])),
    EDS_OCSP_URL: z.preprocess(
      empty,
      // Unset: the NCA's responder with real bots; off in the playground, whose demo keys have none.
      z.union([z.literal("off"), url("the OCSP responder URL, or off", ["http:", "https:"])]).optional(),
    ),
    EDS_TRUST_DIR: optional(z.string()),
    CALENDAR_DIR: optional(z.string()),
    NCALAYER_URL: z.preprocess(empty, url("the NCALayer WebSocket address", ["wss:", "ws:"]).default("wss://127.0.0.1:13579")),
    ORG_BIN: optional(
      z
        .string()
        .regex(/^\d{12}$/, "the operator's BIN, 12 digits")
        .refine(isValidBin, "is not a BIN: its last digit is not the check digit of the first 11 (a digit mistyped?)"),
    ),
    ORG_NAME_RU: z.preprocess(empty, z.string().max(200, "at most 200 characters").default("Государственные услуги школ")),
    ORG_NAME_KK: z.preprocess(
      empty,
      z.string().max(200, "at most 200 characters").default("Мектептердің мемлекеттік көрсетілетін қызметтері"),
    ),
    ORG_NAME_EN: z.preprocess(empty, z.string().max(200, "at most 200 characters").default("School public services")),
    MGOV_LAUNCH_URL: z.preprocess(
      empty,
      url("the eGov mobile launch link, with {link} where the signing address goes", ["https:", "http:"])
        .refine((v) => v.includes("{link}"), "must contain {link}, replaced by the URL-encoded signing address")
        .default(MGOV_LAUNCH_URL),
    ),
    SIGEX_URL: optional(url("SIGEX's address, e.g. https://sigex.kz", ["https:", "http:"])),
    MGOV_SIGN_TTL_MINUTES: z.preprocess(empty, z.coerce.number({ error: "a number of minutes, 1-60" }).int().min(1).max(60).default(15)),
    SHUTDOWN_TIMEOUT_MS: z.preprocess(
      empty,
      z.coerce.number({ error: "a number of milliseconds, at least 1000" }).int().min(1000).default(10_000),
    ),
    TRUST_PROXY: z.preprocess(empty, z.enum(["true", "false"], { error: "true or false" }).default("false")),
    MIGRATE_ON_START: z.preprocess(empty, z.enum(["true", "false"], { error: "true or false" }).default("true")),
    LOG_LEVEL: z.preprocess(
      empty,
      z
        .enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"], { error: "fatal, error, warn, info, debug, trace or silent" })
        .default("info"),
    ),
  })
  .superRefine((env, ctx) => {
    if (env.BOT_MODE === "webhook") {
      if (!env.WEBHOOK_SECRET)
        ctx.addIssue({
          code: "custom",
          path: ["WEBHOOK_SECRET"],
          message: "is required when BOT_MODE=webhook (16+ characters of A-Z, a-z, 0-9, _ and -)",
        });
      if (!env.PUBLIC_URL)
        ctx.addIssue({
          code: "custom",
          path: ["PUBLIC_URL"],
          message: "is required when BOT_MODE=webhook (the https:// address Telegram can reach)",
        });
    }
    if (env.EDS_OCSP_URL === "off" && env.BOT_TOKEN) {
      ctx.addIssue({
        code: "custom",
        path: ["EDS_OCSP_URL"],
        message: "may be off only in the playground (without BOT_TOKEN): real parents' signatures must be checked for revocation",
      });
    }
    if (Boolean(env.BOT_TOKEN) !== Boolean(env.PROVIDER_BOT_TOKEN)) {
      const missing = env.BOT_TOKEN ? "PROVIDER_BOT_TOKEN" : "BOT_TOKEN";
      ctx.addIssue({
        code: "custom",
        path: [missing],
        message: "is missing: set both BOT_TOKEN and PROVIDER_BOT_TOKEN, or neither (then the built-in playground runs)",
      });
    } else if (env.BOT_TOKEN && env.PROVIDER_BOT_TOKEN) {
      // Every issued document carries this address for good (its QR code, the printed check
      // address, both under the PDF's SHA-256), and the signing links point there: no guessing it.
      const problem = !env.PUBLIC_URL
        ? "is required with real bots (BOT_TOKEN): the https:// address parents reach, put in signing links and in the QR code " +
          "and check address of every issued document"
        : !isHttpsOrLoopback(env.PUBLIC_URL)
          ? "must be https:// with real bots (BOT_TOKEN): it goes into signing links and into every issued document's QR code " +
            "(http:// only for this machine: localhost, 127.0.0.1, [::1])"
          : undefined;
      if (problem) ctx.addIssue({ code: "custom", path: ["PUBLIC_URL"], message: problem });
    }
  });

/** An https:// address, or an http:// one on this machine (trying real bots against a local server). */
function isHttpsOrLoopback(value: string): boolean {
  const u = new URL(value);
  return u.protocol === "https:" || ["localhost", "[::1]"].includes(u.hostname) || /^127(\.\d{1,3}){3}$/.test(u.hostname);
}

export type Env = z.infer<typeof schema>;

/** The validated configuration, with derived values the rest of the system needs. */
export interface Config {
  /** The bots' tokens; absent → the built-in playground emulates Telegram. */
  telegram: { mode: "telegram"; parentToken: string; providerToken: string; apiRoot: string } | { mode: "playground" };
  botMode: "polling" | "webhook";
  webhookSecret?: string;
  /** When set, `/metrics` answers only `Authorization: Bearer <token>` (Prometheus' `authorization` setting). */
  metricsToken?: string;
  databaseUrl?: string;
  redisUrl?: string;
  dataDir: string;
  port: number;
  /**
   * The address the HTTP server listens on. The playground hands out every chat to whoever can
   * reach it, so with it (or with the embedded database) only this machine is let in by default.
   */
  host: string;
  /**
   * Base URL for links in messages, without a trailing slash: PUBLIC_URL, required (https://) with
   * real bots; in the playground without it, this process's own address from PORT.
   */
  publicUrl: string;
  /** Whether PUBLIC_URL was set (else `publicUrl` is this process's own guess from PORT). */
  publicUrlConfigured: boolean;
  supportChatId?: number;
  smtpUrl?: string;
  ncanodeUrl?: string;
  /**
   * The OCSP responder asked whether a signer's RSA certificate is revoked (default the NCA's).
   * Undefined only with EDS_OCSP_URL=off, which the playground alone accepts: every signature
   * then records that revocation was not checked.
   */
  edsOcspUrl?: string;
  edsTrustDir?: string;
  /** Working-day calendar files that replace or add years (`kz-<year>.json`); default DATA_DIR/calendar. */
  calendarDir: string;
  /** Where the signing page connects to NCALayer on the parent's computer (tests use a stand-in). */
  ncalayerUrl: string;
  /**
   * Signing in eGov mobile (mgovSign): the organisation the app shows the parent, the launch
   * link's form (`{link}` is the URL-encoded API №1 address) and how long a QR code lives.
   */
  mgov: {
    organisation: { bin: string; nameRu: string; nameKz: string; nameEn: string };
    launchUrl: string;
    ttlMinutes: number;
    /** With it, SIGEX's egovQr flow answers eGov mobile instead of this server (no mgovSign registration of our own). */
    sigexUrl?: string;
  };
  logLevel: Env["LOG_LEVEL"];
  /** Behind a reverse proxy: per-client limits read the client's address from X-Forwarded-For. */
  trustProxy: boolean;
  /** Apply the migrations at start (else only check they are: `npm run db:migrate` applies them). */
  migrateOnStart: boolean;
  /** How long a stop (SIGTERM) may take, in-flight work included, before the process exits anyway. */
  shutdownTimeoutMs: number;
}

/** A configuration error: `message` is one line naming the variable and what is expected. */
export class ConfigError extends Error {
  override name = "ConfigError";
}

/**
 * The settings that carry a secret (a token, or a URL that may hold a password). Each can also be
 * given as `NAME_FILE`, a path to a file holding the value (container platforms mount secrets as
 * files), so the value never has to be in the environment.
 */
export const SECRET_SETTINGS = [
  "BOT_TOKEN",
  "PROVIDER_BOT_TOKEN",
  "WEBHOOK_SECRET",
  "METRICS_TOKEN",
  "DATABASE_URL",
  "REDIS_URL",
  "SMTP_URL",
  "NCANODE_URL",
] as const;

/** The environment with every `NAME_FILE` read into `NAME`; the names that came from a file. */
function readSecretFiles(env: Record<string, string | undefined>, readFile: (path: string) => string) {
  const resolved = { ...env };
  const fromFile = new Set<string>();
  for (const name of SECRET_SETTINGS) {
    const path = empty(env[`${name}_FILE`]) as string | undefined;
    if (path === undefined) continue;
    if (empty(env[name]) !== undefined) throw new ConfigError(`Invalid configuration: ${name} and ${name}_FILE are both set: keep one`);
    let value: string;
    try {
      value = readFile(path).replace(/(\r?\n)+$/, "");
    } catch (err) {
      const code = (err as { code?: string }).code ?? "unreadable";
      throw new ConfigError(`Invalid configuration: ${name}_FILE cannot be read (${code}: ${path})`);
    }
    if (value.trim() === "") throw new ConfigError(`Invalid configuration: ${name}_FILE is empty (${path})`);
    resolved[name] = value;
    fromFile.add(name);
  }
  return { resolved, fromFile };
}

/**
 * Validate the environment. Throws {@link ConfigError} with one line per problem, e.g.
 * `PORT: a port number, 0-65535 (got "abc")`.
 */
export function loadConfig(
  env: Record<string, string | undefined> = process.env,
  readFile: (path: string) => string = (path) => readFileSync(path, "utf8"),
): Config {
  const { resolved, fromFile } = readSecretFiles(env, readFile);
  const parsed = schema.safeParse(resolved);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const name = String(issue.path[0] ?? "environment");
    const got = resolved[name];
    const secret = (SECRET_SETTINGS as readonly string[]).includes(name) || /TOKEN|SECRET|URL/.test(name);
    const shown = got === undefined || secret ? "" : ` (got "${got}")`;
    const what = issue.code === "custom" ? issue.message : `must be ${issue.message}`;
    const source = fromFile.has(name) ? ` (read from ${name}_FILE)` : "";
    throw new ConfigError(`Invalid configuration: ${name}${source} ${what}${shown}`);
  }
  const e = parsed.data;
  const port = e.PORT;
  return {
    telegram:
      e.BOT_TOKEN && e.PROVIDER_BOT_TOKEN
        ? {
            mode: "telegram",
            parentToken: e.BOT_TOKEN,
            providerToken: e.PROVIDER_BOT_TOKEN,
            apiRoot: e.TELEGRAM_API_ROOT.replace(/\/+$/, ""),
          }
        : { mode: "playground" },
    botMode: e.BOT_MODE,
    webhookSecret: e.WEBHOOK_SECRET,
    ...(e.METRICS_TOKEN ? { metricsToken: e.METRICS_TOKEN } : {}),
    databaseUrl: e.DATABASE_URL,
    redisUrl: e.REDIS_URL,
    dataDir: resolve(e.DATA_DIR),
    port,
    host: e.HOST ?? (e.BOT_TOKEN && e.DATABASE_URL ? "0.0.0.0" : "127.0.0.1"),
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/+$/, ""),
    publicUrlConfigured: e.PUBLIC_URL !== undefined,
    supportChatId: e.SUPPORT_CHAT_ID,
    smtpUrl: e.SMTP_URL,
    ncanodeUrl: e.NCANODE_URL,
    edsOcspUrl: e.EDS_OCSP_URL === "off" ? undefined : (e.EDS_OCSP_URL ?? (e.BOT_TOKEN ? NCA_OCSP_URL : undefined)),
    edsTrustDir: e.EDS_TRUST_DIR,
    calendarDir: resolve(e.CALENDAR_DIR ?? join(e.DATA_DIR, "calendar")),
    ncalayerUrl: e.NCALAYER_URL,
    mgov: {
      // eGov mobile shows the BIN it was registered with; without ORG_BIN (the playground) none is claimed.
      organisation: { bin: e.ORG_BIN ?? "", nameRu: e.ORG_NAME_RU, nameKz: e.ORG_NAME_KK, nameEn: e.ORG_NAME_EN },
      launchUrl: e.MGOV_LAUNCH_URL,
      ttlMinutes: e.MGOV_SIGN_TTL_MINUTES,
      ...(e.SIGEX_URL ? { sigexUrl: e.SIGEX_URL.replace(/\/+$/, "") } : {}),
    },
    logLevel: e.LOG_LEVEL,
    migrateOnStart: e.MIGRATE_ON_START === "true",
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    trustProxy: e.TRUST_PROXY === "true",
  };
}

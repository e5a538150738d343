import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ConfigError, loadConfig, SECRET_SETTINGS } from "#root/config.ts";

const token = (n: number) => `${n}:AAH${"x".repeat(30)}`;
/** Real bots, as they must be configured: both tokens and the public address. */
const BOTS = { BOT_TOKEN: token(1), PROVIDER_BOT_TOKEN: token(2), PUBLIC_URL: "https://desk.example.kz" };

describe("configuration", () => {
  it("runs on the embedded defaults when nothing is set: playground, PGlite in ./data, port 3000, polling", () => {
    const c = loadConfig({});
    expect(c.telegram).toEqual({ mode: "playground" });
    expect(c.databaseUrl).toBeUndefined();
    expect(c.redisUrl).toBeUndefined();
    expect(c.dataDir.endsWith("/data")).toBe(true);
    expect(c.port).toBe(3000);
    expect(c.botMode).toBe("polling");
    expect(c.publicUrl).toBe("http://localhost:3000");
  });

  it("uses Telegram with both tokens, against TELEGRAM_API_ROOT when set", () => {
    const c = loadConfig({ ...BOTS, TELEGRAM_API_ROOT: "http://127.0.0.1:8081/" });
    expect(c.telegram).toEqual({ mode: "telegram", parentToken: token(1), providerToken: token(2), apiRoot: "http://127.0.0.1:8081" });
    expect(loadConfig(BOTS).telegram).toMatchObject({
      apiRoot: "https://api.telegram.org",
    });
  });

  it("listens on this machine only unless HOST says otherwise or the production services are all set", () => {
    expect(loadConfig({}).host).toBe("127.0.0.1");
    expect(loadConfig({ DATABASE_URL: "postgres://db/x" }).host).toBe("127.0.0.1");
    expect(loadConfig(BOTS).host).toBe("127.0.0.1");
    expect(loadConfig({ ...BOTS, DATABASE_URL: "postgres://db/x" }).host).toBe("0.0.0.0");
    expect(loadConfig({ HOST: "0.0.0.0" }).host).toBe("0.0.0.0");
    expect(() => loadConfig({ HOST: "http://x/" })).toThrow(/^Invalid configuration: HOST must be an address to listen on/);
  });

  it(
    "checks signers' certificates for revocation at the NCA's OCSP responder " +
      "unless told another one; the playground checks none unless told",
    () => {
      const bots = BOTS;
      expect(loadConfig(bots).edsOcspUrl).toBe("http://ocsp.pki.gov.kz");
      expect(loadConfig({ ...bots, EDS_OCSP_URL: "" }).edsOcspUrl).toBe("http://ocsp.pki.gov.kz");
      expect(loadConfig({ ...bots, EDS_OCSP_URL: "http://127.0.0.1:2560/" }).edsOcspUrl).toBe("http://127.0.0.1:2560/");
      expect(loadConfig({}).edsOcspUrl).toBeUndefined();
      expect(loadConfig({ EDS_OCSP_URL: "http://127.0.0.1:2560/" }).edsOcspUrl).toBe("http://127.0.0.1:2560/");
    },
  );

  it("switches the revocation check off only in the playground, and says so when asked to with real bots", () => {
    expect(loadConfig({ EDS_OCSP_URL: "off" }).edsOcspUrl).toBeUndefined();
    expect(() => loadConfig({ ...BOTS, EDS_OCSP_URL: "off" })).toThrow(
      /^Invalid configuration: EDS_OCSP_URL may be off only in the playground/,
    );
    expect(() => loadConfig({ EDS_OCSP_URL: "ftp://x" })).toThrow(/EDS_OCSP_URL must be the OCSP responder URL, or off/);
  });

  it(
    "refuses to start real bots without PUBLIC_URL, or with an http:// one other than this machine's: " +
      "every issued document's QR code and check address would point nowhere, for good",
    () => {
      const tokens = { BOT_TOKEN: token(1), PROVIDER_BOT_TOKEN: token(2) };
      expect(() => loadConfig(tokens)).toThrow(
        /^Invalid configuration: PUBLIC_URL is required with real bots \(BOT_TOKEN\): the https:\/\/ address parents reach/,
      );
      expect(() => loadConfig({ ...tokens, PUBLIC_URL: " " })).toThrow(/^Invalid configuration: PUBLIC_URL is required with real bots/);
      expect(() => loadConfig({ ...tokens, PUBLIC_URL: "http://desk.example.kz" })).toThrow(
        /^Invalid configuration: PUBLIC_URL must be https:\/\/ with real bots/,
      );
      expect(() => loadConfig({ ...tokens, BOT_MODE: "polling", PUBLIC_URL: "http://10.0.0.5:3000" })).toThrow(/must be https:\/\//);
      expect(loadConfig({ ...tokens, PUBLIC_URL: "https://desk.example.kz/" }).publicUrl).toBe("https://desk.example.kz");
      // Trying the real bots on one's own computer, deliberately.
      expect(loadConfig({ ...tokens, PUBLIC_URL: "http://127.0.0.1:8080" }).publicUrl).toBe("http://127.0.0.1:8080");
      expect(loadConfig({ ...tokens, PUBLIC_URL: "http://localhost:3000" }).publicUrl).toBe("http://localhost:3000");
      // The playground needs nothing.
      expect(loadConfig({}).publicUrlConfigured).toBe(false);
    },
  );

  it("treats an empty variable as unset", () => {
    expect(loadConfig({ PORT: "", DATABASE_URL: " " }).port).toBe(3000);
  });

  const bad: Array<[Record<string, string>, RegExp]> = [
    [{ PORT: "abc" }, /^Invalid configuration: PORT must be a port number, 0-65535 \(got "abc"\)$/],
    [{ PORT: "70000" }, /^Invalid configuration: PORT /],
    [{ BOT_MODE: "hook" }, /^Invalid configuration: BOT_MODE must be polling or webhook/],
    [{ DATABASE_URL: "mysql://db/x" }, /^Invalid configuration: DATABASE_URL must be a PostgreSQL URL/],
    [{ REDIS_URL: "localhost:6379" }, /^Invalid configuration: REDIS_URL must be a Redis URL/],
    [{ BOT_TOKEN: "not-a-token", PROVIDER_BOT_TOKEN: token(2) }, /^Invalid configuration: BOT_TOKEN must be a bot token from @BotFather/],
    [{ BOT_TOKEN: token(1) }, /^Invalid configuration: PROVIDER_BOT_TOKEN is missing/],
    [
      { BOT_MODE: "webhook", PUBLIC_URL: "https://desk.example.kz" },
      /^Invalid configuration: WEBHOOK_SECRET is required when BOT_MODE=webhook/,
    ],
    [{ SUPPORT_CHAT_ID: "12345" }, /^Invalid configuration: SUPPORT_CHAT_ID must be a negative supergroup id/],
    [{ LOG_LEVEL: "loud" }, /^Invalid configuration: LOG_LEVEL must be fatal, error, warn, info, debug, trace or silent/],
    [{ ORG_BIN: "99014000010" }, /^Invalid configuration: ORG_BIN must be the operator's BIN, 12 digits/],
    // 990140000106 with its last digit mistyped: eGov mobile would show parents a BIN that is nobody's.
    [{ ORG_BIN: "990140000107" }, /^Invalid configuration: ORG_BIN is not a BIN: its last digit is not the check digit/],
  ];
  it.each(bad)("refuses %o with one line naming the variable", (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    try {
      loadConfig(env);
    } catch (err) {
      expect((err as Error).message).toMatch(message);
      expect((err as Error).message).not.toContain("\n");
    }
  });

  it("refuses a DATA_DIR under /proc, /sys or /dev (creating the database there never ends) in one line; not /dev/shm", () => {
    for (const [dir, root] of [
      ["/proc/desk", "/proc"],
      ["/proc", "/proc"],
      ["/sys/fs/cgroup/desk", "/sys"],
      ["/dev/desk", "/dev"],
      [`${"../".repeat(process.cwd().split("/").length)}proc/self/desk`, "/proc"],
    ]) {
      expect(() => loadConfig({ DATA_DIR: dir }), dir).toThrow(
        new ConfigError(
          `Invalid configuration: DATA_DIR is under ${root}, which holds the kernel's entries, not files: nothing can be kept there; ` +
            `give a folder on disk (e.g. ./data) (got "${dir}")`,
        ),
      );
    }
    expect(loadConfig({ DATA_DIR: "/dev/shm/desk" }).dataDir).toBe("/dev/shm/desk");
    expect(loadConfig({ DATA_DIR: "/processes/desk" }).dataDir).toBe("/processes/desk");
  });

  it("sees through a symbolic link: a DATA_DIR whose folder is a link into /proc is refused, one into a disk folder is not", () => {
    const dir = mkdtempSync(join(tmpdir(), "desk-link-"));
    try {
      symlinkSync("/proc/self", join(dir, "kernel"));
      symlinkSync(dir, join(dir, "disk"));
      expect(() => loadConfig({ DATA_DIR: join(dir, "kernel", "data") })).toThrow(/DATA_DIR is under \/proc/);
      expect(() => loadConfig({ DATA_DIR: join(dir, "kernel") })).toThrow(/DATA_DIR is under \/proc/);
      expect(loadConfig({ DATA_DIR: join(dir, "disk", "data") }).dataDir).toBe(join(dir, "disk", "data"));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("never echoes a token or secret back into the error line", () => {
    try {
      loadConfig({ ...BOTS, BOT_TOKEN: "123:secret-but-short" });
    } catch (err) {
      expect((err as Error).message).not.toContain("secret-but-short");
    }
  });

  it("stops within SHUTDOWN_TIMEOUT_MS, 10 s unless set", () => {
    expect(loadConfig({}).shutdownTimeoutMs).toBe(10_000);
    expect(loadConfig({ SHUTDOWN_TIMEOUT_MS: "25000" }).shutdownTimeoutMs).toBe(25_000);
    expect(() => loadConfig({ SHUTDOWN_TIMEOUT_MS: "soon" })).toThrow(
      /^Invalid configuration: SHUTDOWN_TIMEOUT_MS must be a number of milliseconds/,
    );
  });
});

describe("secrets from files (NAME_FILE)", () => {
  const dir = mkdtempSync(join(tmpdir(), "desk-secrets-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, content: string) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };
  const messageOf = (env: Record<string, string>) => {
    try {
      loadConfig(env);
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      return (err as Error).message;
    }
    throw new Error("accepted");
  };

  it("reads every secret setting from the file NAME_FILE names, without its trailing newline", () => {
    const c = loadConfig({
      BOT_TOKEN_FILE: file("bot", `${token(1)}\n`),
      PROVIDER_BOT_TOKEN_FILE: file("provider", `${token(2)}\r\n`),
      BOT_MODE: "webhook",
      PUBLIC_URL: "https://desk.example.kz",
      WEBHOOK_SECRET_FILE: file("webhook", "webhook-secret-0123456789\n"),
      DATABASE_URL_FILE: file("db", "postgres://desk:pa55@db:5432/desk\n"),
      REDIS_URL_FILE: file("redis", "redis://:pa55@redis:6379\n"),
      SMTP_URL_FILE: file("smtp", "smtp://mail:pa55@smtp.example.kz:587\n"),
      NCANODE_URL_FILE: file("ncanode", "http://user:pa55@ncanode:14579\n"),
    });
    expect(c.telegram).toMatchObject({ parentToken: token(1), providerToken: token(2) });
    expect(c.webhookSecret).toBe("webhook-secret-0123456789");
    expect(c.databaseUrl).toBe("postgres://desk:pa55@db:5432/desk");
    expect(c.redisUrl).toBe("redis://:pa55@redis:6379");
    expect(c.smtpUrl).toBe("smtp://mail:pa55@smtp.example.kz:587");
    expect(c.ncanodeUrl).toBe("http://user:pa55@ncanode:14579");
  });

  it.each(SECRET_SETTINGS.map((name) => [name]))("refuses %s set both ways, in one line", (name) => {
    const message = messageOf({ [name]: "value-in-the-environment", [`${name}_FILE`]: file(`both-${name}`, "value-in-the-file") });
    expect(message).toBe(`Invalid configuration: ${name} and ${name}_FILE are both set: keep one`);
  });

  it("names an unreadable or empty file in one line", () => {
    const missing = join(dir, "no-such-file");
    expect(messageOf({ BOT_TOKEN_FILE: missing, PROVIDER_BOT_TOKEN: token(2) })).toBe(
      `Invalid configuration: BOT_TOKEN_FILE cannot be read (ENOENT: ${missing})`,
    );
    expect(messageOf({ DATABASE_URL_FILE: dir })).toBe(`Invalid configuration: DATABASE_URL_FILE cannot be read (EISDIR: ${dir})`);
    const blank = file("blank", "\n");
    expect(messageOf({ REDIS_URL_FILE: blank })).toBe(`Invalid configuration: REDIS_URL_FILE is empty (${blank})`);
  });

  it("never shows a secret read from a file, even when it is malformed", () => {
    const secret = "hunter2-not-a-token";
    const message = messageOf({ BOT_TOKEN_FILE: file("bad-token", secret), PROVIDER_BOT_TOKEN: token(2) });
    expect(message).toMatch(/^Invalid configuration: BOT_TOKEN \(read from BOT_TOKEN_FILE\) must be a bot token from @BotFather/);
    expect(message).not.toContain(secret);
    const url = "mysql://root:hunter2@db/desk";
    const dbMessage = messageOf({ DATABASE_URL_FILE: file("bad-url", url) });
    expect(dbMessage).toMatch(/^Invalid configuration: DATABASE_URL \(read from DATABASE_URL_FILE\) must be a PostgreSQL URL/);
    expect(dbMessage).not.toContain("hunter2");
  });
});

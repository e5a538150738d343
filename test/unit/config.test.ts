import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../config.ts";

const token = (n: number) => `${n}:AAH${"x".repeat(30)}`;

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
    const c = loadConfig({ BOT_TOKEN: token(1), PROVIDER_BOT_TOKEN: token(2), TELEGRAM_API_ROOT: "http://127.0.0.1:8081/" });
    expect(c.telegram).toEqual({ mode: "telegram", parentToken: token(1), providerToken: token(2), apiRoot: "http://127.0.0.1:8081" });
    expect(loadConfig({ BOT_TOKEN: token(1), PROVIDER_BOT_TOKEN: token(2) }).telegram).toMatchObject({ apiRoot: "https://api.telegram.org" });
  });

  it("checks signers' certificates for revocation at the NCA's OCSP responder unless told another one", () => {
    expect(loadConfig({}).edsOcspUrl).toBe("http://ocsp.pki.gov.kz");
    expect(loadConfig({ EDS_OCSP_URL: "" }).edsOcspUrl).toBe("http://ocsp.pki.gov.kz");
    expect(loadConfig({ EDS_OCSP_URL: "http://127.0.0.1:2560/" }).edsOcspUrl).toBe("http://127.0.0.1:2560/");
  });

  it("switches the revocation check off only in the playground, and says so when asked to with real bots", () => {
    expect(loadConfig({ EDS_OCSP_URL: "off" }).edsOcspUrl).toBeUndefined();
    expect(() => loadConfig({ EDS_OCSP_URL: "off", BOT_TOKEN: token(1), PROVIDER_BOT_TOKEN: token(2) })).toThrow(
      /^Invalid configuration: EDS_OCSP_URL may be off only in the playground/,
    );
    expect(() => loadConfig({ EDS_OCSP_URL: "ftp://x" })).toThrow(/EDS_OCSP_URL must be the OCSP responder URL, or off/);
  });

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
    [{ BOT_MODE: "webhook", PUBLIC_URL: "https://desk.example.kz" }, /^Invalid configuration: WEBHOOK_SECRET is required when BOT_MODE=webhook/],
    [{ SUPPORT_CHAT_ID: "12345" }, /^Invalid configuration: SUPPORT_CHAT_ID must be a negative supergroup id/],
    [{ LOG_LEVEL: "loud" }, /^Invalid configuration: LOG_LEVEL must be fatal, error, warn, info, debug, trace or silent/],
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

  it("never echoes a token or secret back into the error line", () => {
    try {
      loadConfig({ BOT_TOKEN: "123:secret-but-short", PROVIDER_BOT_TOKEN: token(2) });
    } catch (err) {
      expect((err as Error).message).not.toContain("secret-but-short");
    }
  });
});

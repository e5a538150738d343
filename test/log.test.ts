import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { openMemoryDatabase } from "#root/db/client.ts";
import { registerParent, setUserLang } from "#root/db/queries/users.ts";
import { users } from "#root/db/schema.ts";
import { createLogger, maskPersonalData } from "#root/log.ts";

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      lines.push(String(chunk));
      cb();
    },
  });
  return { log: createLogger("debug", stream), lines };
}

describe("logs never carry an IIN or a phone number unmasked", () => {
  it("masks IINs and every usual spelling of a Kazakhstan phone number in text", () => {
    const text = maskPersonalData("IIN 150309600128, phone +7 701 234 56 78, 8(701)234-56-78, +77012345678");
    expect(text).not.toMatch(/150309600128|234 56|234-56|2345678/);
    expect(text).toContain("1503******28");
  });

  it("masks the message, every field however deep, numbers, and errors", () => {
    const { log, lines } = capture();
    log.info({ parent: { iin: "150309600128", contact: { phone: "+77012345678" } }, chat: 150309600128 }, "registered %s", "150309600128");
    log.error(new Error("IIN 150309600128 failed the check"));
    log.warn({ list: ["87012345678"] }, "phone 8 701 234 56 78 refused");
    const all = lines.join("");
    expect(lines).toHaveLength(3);
    expect(all).not.toMatch(/150309600128|7012345678|234 56 78/);
    expect(all).toContain("failed the check");
  });

  it("leaves ordinary numbers alone (chat ids, update ids, counts)", () => {
    expect(maskPersonalData("update 123456789 chat -1001234567890 took 15 ms")).toBe("update 123456789 chat -1001234567890 took 15 ms");
  });
});

describe("a failed query's values never reach the log", () => {
  it("keeps the statement and hides names, emails, phones and IINs of its parameters, in the message and the stack", async () => {
    const database = await openMemoryDatabase();
    try {
      await setUserLang(database.db, 42, "ru");
      await registerParent(database.db, {
        telegramId: 43,
        phone: "+77012345678",
        fullName: "Петрова Анна",
        iin: "880714450123",
        lang: "ru",
        email: "anna@mail.kz",
      });
      // The same Telegram account twice: the unique index refuses, drizzle reports the values.
      const failure = await database.db
        .insert(users)
        .values({
          telegramId: 42,
          fullName: "Петрова Анна Сергеевна",
          email: "anna.petrova@example.kz",
          phone: "+77012345678",
          iin: "880714450123",
        })
        .catch((err: unknown) => err as Error);
      expect(String((failure as Error).message)).toMatch(/Failed query[\s\S]*Петрова/);
      const { log, lines } = capture();
      log.error({ bot: "parent", error: failure }, "parent bot: update failed (handler)");
      log.error(failure as Error);
      const all = lines.join("");
      expect(all).toContain("Failed query: insert into");
      expect(all).toContain("params: [hidden]");
      expect(all).not.toMatch(/Петрова|anna\.petrova|example\.kz|2345678|880714450123/);
    } finally {
      await database.close();
    }
  });
});

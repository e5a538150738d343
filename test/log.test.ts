import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { openMemoryDatabase } from "#root/db/open-embedded.ts";
import { claimDue, enqueue, getOutboxRow, markAttemptFailed } from "#root/db/queries/outbox.ts";
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

describe("logs never carry an IIN, a phone number or an e-mail address unmasked", () => {
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

  it("masks e-mail addresses (an SMTP server's refusal names the parent's), keeping the first letter and the domain", () => {
    const { log, lines } = capture();
    const refusal = new Error("Can't send mail - all recipients were rejected: 550 5.1.1 <aigerim.n+school@mail.kz>: Recipient unknown");
    log.warn({ outbox: 7, error: refusal.message }, "notification failed for good");
    log.error(refusal);
    const all = lines.join("");
    expect(all).not.toContain("aigerim");
    expect(all).toContain("a***@mail.kz");
    expect(maskPersonalData("to anna.petrova@example.kz, no-reply@school-desk.kz")).toBe("to a***@example.kz, n***@school-desk.kz");
  });

  it("stores an outbox row's last error with the address masked", async () => {
    const database = await openMemoryDatabase();
    try {
      await enqueue(database.db, [{ channel: "email", recipient: "aigerim@mail.kz", payload: {}, dedupeKey: "mail" }]);
      const [row] = await claimDue(database.db, { limit: 1, leaseMs: 60_000, now: new Date(Date.now() + 1000) });
      await markAttemptFailed(database.db, row!.id, { error: "550 5.1.1 <aigerim@mail.kz>: Recipient unknown", retryAt: null });
      expect((await getOutboxRow(database.db, "mail"))!.lastError).toBe("550 5.1.1 <a***@mail.kz>: Recipient unknown");
    } finally {
      await database.close();
    }
  });

  it("masks a phone number typed without +7 or 8, as parents often write it", () => {
    const text = maskPersonalData("call 7015550193, 701 555 01 93 or (747) 555-01-93");
    expect(text).not.toMatch(/555/);
    expect(text).toBe("call +7701*****93, +7701*****93 or +7747*****93");
  });

  it("writes nothing unmasked however deep a field is, nor in an object put into the message", () => {
    const { log, lines } = capture();
    let deep: unknown = { iin: "150309600128", phone: "+77012345678" };
    for (let i = 0; i < 8; i++) deep = { next: deep };
    log.info({ deep }, "deep");
    log.info("parent %j asked, contact %o", { iin: "150309600128" }, { phone: "87012345678" });
    const all = lines.join("");
    expect(lines).toHaveLength(2);
    expect(all).not.toMatch(/150309600128|7012345678/);
    expect(all).toContain("1503******28");
    expect(all).toContain("[too deep]");
  });

  it("leaves ordinary numbers alone (chat ids, update ids, counts)", () => {
    expect(maskPersonalData("update 123456789 chat -1001234567890 took 15 ms")).toBe("update 123456789 chat -1001234567890 took 15 ms");
    expect(maskPersonalData("user 6015550193 update 1796615854440005")).toBe("user 6015550193 update 1796615854440005");
  });
});

describe("a database error keeps what an operator needs", () => {
  /** postgres.js's PostgresError for a unique violation: its detail quotes the value. */
  const uniqueViolation = () =>
    Object.assign(new Error('duplicate key value violates unique constraint "users_iin_unique"'), {
      name: "PostgresError",
      severity: "ERROR",
      code: "23505",
      detail: "Key (iin)=(880101300123) already exists.",
      schema_name: "public",
      table_name: "users",
      constraint_name: "users_iin_unique",
    });

  it("logs the SQLSTATE code, the constraint and the table of a query's failure, and none of the values", () => {
    const failure = new Error("Failed query: insert into users (iin) values ($1)\nparams: 880101300123", { cause: uniqueViolation() });
    const { log, lines } = capture();
    log.error({ error: failure }, "parent bot: update failed (handler)");
    log.error(failure);
    expect(lines).toHaveLength(2);
    for (const line of lines) {
      expect(JSON.parse(line).error.cause).toEqual({ code: "23505", constraint: "users_iin_unique", table: "users" });
      expect(line).not.toMatch(/880101300123|Key \(iin\)|already exists/);
    }
  });

  it("logs a database error's own constraint and table, and nothing of a cause that is not a database error", () => {
    const { log, lines } = capture();
    log.error({ error: uniqueViolation() }, "db");
    log.error({ error: new Error("sending failed", { cause: new Error("Key (iin)=(880101300123) already exists") }) }, "other");
    const [own, other] = lines.map((l) => JSON.parse(l).error);
    expect(own).toMatchObject({ code: "23505", constraint: "users_iin_unique", table: "users" });
    expect(other.cause).toBeUndefined();
    expect(lines.join("")).not.toMatch(/880101300123|Key \(iin\)/);
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
      // The embedded database's own error, under drizzle's: the operator sees which rule refused the row.
      expect(JSON.parse(lines[0]!).error.cause).toMatchObject({ code: "23505", table: "users" });
    } finally {
      await database.close();
    }
  });
});

/**
 * What a failure is decides what the user is told and what /metrics counts: an outage of Redis
 * or the database ("temporarily unavailable, your answers are saved"), or a bug.
 */
import { describe, expect, it } from "vitest";
import { DrizzleQueryError } from "drizzle-orm/errors";
import { classifyError } from "#root/bot/shared/errors.ts";

const pgError = (code: string, message: string) => Object.assign(new Error(message), { code });

describe("classifyError", () => {
  it("a Redis that accepts but never answers (ioredis: Command timed out) is storage, as a refused one is", () => {
    expect(classifyError(new Error("Command timed out"))).toBe("storage");
    expect(classifyError(new Error("Connection is closed."))).toBe("storage");
  });

  it("a statement refused for its input (a forged id: 22P02) is a handler error, not a database outage", () => {
    const err = new DrizzleQueryError(
      "select * from applications where id = $1",
      ["-".repeat(36)],
      pgError("22P02", 'invalid input syntax for type uuid: "------------------------------------"') as never,
    );
    expect(classifyError(err)).toBe("handler");
  });

  it("a query that failed because the server went away is a database outage", () => {
    expect(classifyError(new DrizzleQueryError("select 1", [], pgError("ECONNREFUSED", "connect ECONNREFUSED") as never))).toBe("database");
    expect(
      classifyError(
        new DrizzleQueryError("select 1", [], pgError("57P01", "terminating connection due to administrator command") as never),
      ),
    ).toBe("database");
    expect(classifyError(new DrizzleQueryError("select 1", [], new Error("write CONNECTION_CLOSED") as never))).toBe("database");
  });
});

/**
 * The public check of issued documents, through the HTTP routes: a certificate issued through
 * the provider's action is found by the code printed on it — typed in any case, with or
 * without dashes — and shows its kind, number, date, school, validity, the PDF's SHA-256 and
 * the child's initials, and nothing else personal; a wrong code and an unknown one get the
 * same answer; lookups are limited per client address. PGlite and PostgreSQL.
 */
import { createHash, randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkRoutes } from "#root/api/check/index.ts";
import { performAction } from "#root/bot/provider/perform.ts";
import { getApplication } from "#root/db/queries/applications.ts";
import { getStoredFile } from "#root/db/queries/files.ts";
import { storedFiles } from "#root/db/schema.ts";
import { listIssued, type IssuedDocumentRow } from "#root/db/queries/issued.ts";
import { formatCheckCode } from "#root/flows/check/index.ts";
import { createLogger } from "#root/log.ts";
import { openSessionStorage } from "#root/bot/shared/storage.ts";
import { backends, REDIS_URL } from "#root/test/helpers/databases.ts";
import { seedSchool, seedStaff, submittedApplication } from "#root/test/helpers/fixtures.ts";

const ISSUED_AT = new Date("2026-10-05T10:00:00+05:00");
const client = (address: string) => ({ incoming: { socket: { remoteAddress: address } } });

describe.each(backends)("the check page on $name", (backend) => {
  let database: Awaited<ReturnType<typeof backend.open>>;
  let doc: IssuedDocumentRow;
  let pdfSha256: string;
  let now = ISSUED_AT;

  beforeAll(async () => {
    database = await backend.open();
    const db = database.db;
    const school = await seedSchool(db, "123456789012", "Школа-гимназия №12");
    const specialist = await seedStaff(db, { schoolId: school.id, telegramId: 501, role: "specialist", fullName: "Сауле Бекова" });
    const app = await submittedApplication(db, {
      serviceId: "meals",
      schoolId: school.id,
      parentTelegramId: 901,
      childName: "Сапаров Нурлан Ерланович",
      now: ISSUED_AT,
    });
    const deps = { db, now: () => ISSUED_AT, config: { publicUrl: "https://desk.example.kz" } };
    expect((await performAction(deps, specialist.telegramId, { applicationId: app.id, action: "register", version: app.version })).ok).toBe(
      true,
    );
    const registered = (await getApplication(db, app.id))!;
    expect(
      (await performAction(deps, specialist.telegramId, { applicationId: app.id, action: "issue", version: registered.version })).ok,
    ).toBe(true);
    [doc] = (await listIssued(db, app.id)) as [IssuedDocumentRow];
    const completed = (await getApplication(db, app.id))!;
    expect(doc.fileId).toBe(completed.resultFileId);
    pdfSha256 = createHash("sha256")
      .update((await getStoredFile(db, doc.fileId))!.bytes)
      .digest("hex");
  });
  afterAll(async () => {
    await database.dispose();
  });

  const routes = (limit?: { points: number; windowSec: number }) =>
    checkRoutes({ db: database.db, log: createLogger("silent"), now: () => now, ...(limit ? { limit } : {}) });

  it("the document has its own number and an unguessable 16-character code of Crockford's alphabet", () => {
    expect(doc.number).toMatch(/^2026\/\d{6}$/);
    expect(doc.checkCode).toMatch(/^[0-9A-HJKMNP-TV-Z]{16}$/);
    expect(doc.kind).toBe("certificate");
    expect(doc.validTo).toBe("2027-05-31");
  });

  it("shows the kind, number, date, school, validity, the PDF's SHA-256 and the initials only", async () => {
    const typed = formatCheckCode(doc.checkCode).toLowerCase().replace(/-/g, " ");
    const res = await routes().request(`/check/${encodeURIComponent(typed)}?lang=ru`);
    expect(res.status).toBe(200);
    expect(res.headers.get("Referrer-Policy")).toBe("no-referrer");
    const page = await res.text();
    expect(page).toContain("Документ действителен");
    expect(page).toContain("Справка о включении в список обучающихся, обеспечиваемых бесплатным и льготным питанием");
    expect(page).toContain(doc.number);
    expect(page).toContain("05.10.2026");
    expect(page).toContain("Школа-гимназия №12");
    expect(page).toContain("с 05.10.2026 по 31.05.2027");
    expect(page).toContain(pdfSha256);
    expect(page).toContain("С. Н. Е.");
    for (const personal of ["Сапаров", "Нурлан", "Айгерим", "Сапарова"]) expect(page).not.toContain(personal);
    expect(page.replace(pdfSha256, "")).not.toMatch(/\d{12}/); // no IIN (nor the school's BIN)
  });

  it("lets the browser keep the stylesheet, never a page that names a document", async () => {
    const app = routes();
    const css = await app.request("/check-assets/check.css");
    expect(css.status).toBe(200);
    expect(css.headers.get("Content-Type")).toMatch(/^text\/css/);
    expect(css.headers.get("Cache-Control")).toBe("public, max-age=3600");
    expect((await app.request(`/check/${doc.checkCode}`)).headers.get("Cache-Control")).toBe("no-store");
    expect((await app.request("/check")).headers.get("Cache-Control")).toBe("no-store");
  });

  it("speaks Kazakh when asked, and Russian to a Russian-speaking browser", async () => {
    const kk = await (await routes().request(`/check/${doc.checkCode}?lang=kk`)).text();
    expect(kk).toContain("Құжат жарамды");
    expect(kk).toContain('lang="kk"');
    const ru = await (await routes().request(`/check/${doc.checkCode}`, { headers: { "Accept-Language": "ru-RU,ru;q=0.9" } })).text();
    expect(ru).toContain("Документ действителен");
  });

  it("says a meals certificate has expired after its school year", async () => {
    now = new Date("2027-06-01T09:00:00+05:00");
    try {
      const page = await (await routes().request(`/check/${doc.checkCode}?lang=ru`)).text();
      expect(page).toContain("Срок действия документа истёк 31.05.2027");
      expect(page).not.toContain("Документ действителен");
    } finally {
      now = ISSUED_AT;
    }
  });

  it("answers a malformed code exactly as an unknown one, and the form's code moves to its address", async () => {
    const app = routes();
    const unknown = await app.request("/check/ZZZZ-ZZZZ-ZZZZ-ZZZZ?lang=ru");
    const malformed = await app.request("/check/not-a-code!?lang=ru");
    expect(unknown.status).toBe(404);
    expect(malformed.status).toBe(404);
    expect(await malformed.text()).toBe(await unknown.text());
    const form = await app.request(`/check?code=${encodeURIComponent(` ${formatCheckCode(doc.checkCode)} `)}&lang=kk`);
    expect(form.status).toBe(303);
    expect(form.headers.get("Location")).toBe(`/check/${formatCheckCode(doc.checkCode)}?lang=kk`);
    const empty = await app.request("/check?lang=ru");
    expect(await empty.text()).toContain('name="code"');
  });

  it("finds the document by its code typed on a Cyrillic keyboard (С for C, О for 0) with an en dash", async () => {
    const cyrillic: Record<string, string> = { A: "А", B: "В", C: "С", E: "Е", H: "Н", K: "К", M: "М", P: "Р", T: "Т", X: "Х", "0": "О" };
    const printed = formatCheckCode(doc.checkCode);
    const typed = [...printed].map((c) => (c === "-" ? "–" : (cyrillic[c] ?? c))).join("");
    const form = await routes().request(`/check?code=${encodeURIComponent(typed)}&lang=ru`);
    expect(form.status).toBe(303);
    expect(form.headers.get("Location")).toBe(`/check/${printed}?lang=ru`);
  });

  it("limits lookups per client address", async () => {
    const app = routes({ points: 3, windowSec: 60 });
    for (let i = 0; i < 3; i++) expect((await app.request("/check/ZZZZZZZZZZZZZZZZ", {}, client("203.0.113.5"))).status).toBe(404);
    const limited = await app.request(`/check/${doc.checkCode}?lang=ru`, {}, client("203.0.113.5"));
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect(await limited.text()).toContain("Слишком много проверок");
    expect((await app.request(`/check/${doc.checkCode}`, {}, client("198.51.100.7"))).status).toBe(200);
  });

  it("counts an IPv6 client by its /64 network (one phone or home holds all of it), an IPv4 one by its address", async () => {
    const app = routes({ points: 3, windowSec: 60 });
    const from = (address: string) => app.request("/check/ZZZZZZZZZZZZZZZZ?lang=ru", {}, client(address));
    // A client changing the last 64 bits of its address at each lookup is still one client.
    for (const address of ["2001:db8:5:7::1", "2001:db8:5:7:a::2", "2001:db8:5:7:ffff:ffff:ffff:fffe"])
      expect((await from(address)).status).toBe(404);
    expect((await from("2001:0db8:0005:0007:1234:5678:9abc:def0")).status).toBe(429);
    // Another network is another client, and IPv4 clients reaching a dual-stack socket stay apart.
    expect((await from("2001:db8:5:8::1")).status).toBe(404);
    for (const address of ["::ffff:198.51.100.31", "::ffff:198.51.100.32", "::ffff:198.51.100.33", "::ffff:198.51.100.34"])
      expect((await from(address)).status).toBe(404);
  });

  it(
    "behind the proxy (TRUST_PROXY), counts each client by the address the proxy appended, " +
      "whatever the client put in X-Forwarded-For itself",
    async () => {
      const app = checkRoutes({
        db: database.db,
        log: createLogger("silent"),
        now: () => now,
        limit: { points: 3, windowSec: 60 },
        trustProxy: true,
      });
      const proxy = client("172.18.0.5"); // every request reaches the instance from Caddy
      const via = (forwarded: string) =>
        app.request("/check/ZZZZZZZZZZZZZZZZ?lang=ru", { headers: { "X-Forwarded-For": forwarded } }, proxy);
      // A client varying the entries it sends itself is still one client: Caddy appends its real address.
      for (const spoofed of ["10.0.0.1", "10.0.0.2", "10.0.0.3"]) expect((await via(`${spoofed}, 203.0.113.9`)).status).toBe(404);
      expect((await via("10.0.0.4, 203.0.113.9")).status).toBe(429);
      // Nor can it spend another client's lookups by naming that client's address.
      expect((await via("203.0.113.9, 198.51.100.20")).status).toBe(404);
      // The client it exhausted is another one than the proxy: everyone else still gets answers.
      expect((await via("198.51.100.21")).status).toBe(404);
    },
  );

  it.runIf(REDIS_URL)("counts a client's lookups across instances sharing Redis: two instances do not double the limit", async () => {
    const [a, b] = await Promise.all([
      openSessionStorage({ redisUrl: REDIS_URL!, db: database.db }),
      openSessionStorage({ redisUrl: REDIS_URL!, db: database.db }),
    ]);
    try {
      const instance = (storage: typeof a) =>
        checkRoutes({
          db: database.db,
          log: createLogger("silent"),
          now: () => now,
          limit: { points: 3, windowSec: 60 },
          limiter: (o) => storage.rateLimiter(o),
        });
      const [first, second] = [instance(a), instance(b)];
      const address = `203.0.113.${Math.floor(Math.random() * 250) + 1}-${randomUUID()}`;
      expect((await first.request("/check/ZZZZZZZZZZZZZZZZ", {}, client(address))).status).toBe(404);
      expect((await second.request("/check/ZZZZZZZZZZZZZZZZ", {}, client(address))).status).toBe(404);
      expect((await first.request("/check/ZZZZZZZZZZZZZZZZ", {}, client(address))).status).toBe(404);
      expect((await second.request(`/check/${doc.checkCode}`, {}, client(address))).status).toBe(429);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});

describe.each(backends)("issuing races on $name", (backend) => {
  it("two staff issuing one certificate at once leave one checkable document and one stored PDF", async () => {
    const database = await backend.open();
    try {
      const db = database.db;
      const school = await seedSchool(db, "123456789012", "Школа-гимназия №12");
      const a = await seedStaff(db, { schoolId: school.id, telegramId: 701, role: "specialist", fullName: "Сауле Бекова" });
      const b = await seedStaff(db, { schoolId: school.id, telegramId: 702, role: "director", fullName: "Гульнара Ахметова" });
      const app = await submittedApplication(db, { serviceId: "meals", schoolId: school.id, parentTelegramId: 903 });
      const deps = { db, now: () => new Date(), config: { publicUrl: "https://desk.example.kz" } };
      await performAction(deps, a.telegramId, { applicationId: app.id, action: "register", version: app.version });
      const replies = await Promise.all(
        [a, b].map((s) => performAction(deps, s.telegramId, { applicationId: app.id, action: "issue", version: app.version + 1 })),
      );
      expect(replies.filter((r) => r.ok)).toHaveLength(1);
      const issued = await listIssued(db, app.id);
      expect(issued).toHaveLength(1);
      expect(issued[0]!.fileId).toBe((await getApplication(db, app.id))!.resultFileId);
      // The loser's rendered certificate was never kept: no file nobody can reach.
      const certificates = await db
        .select({ id: storedFiles.id })
        .from(storedFiles)
        .where(eq(storedFiles.name, `certificate-${app.number}.pdf`));
      expect(certificates.map((f) => f.id)).toEqual([issued[0]!.fileId]);
    } finally {
      await database.dispose();
    }
  });
});

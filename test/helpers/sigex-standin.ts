/**
 * A stand-in for SIGEX's egovQr flow, with the person holding eGov mobile built in: a procedure
 * is registered (`POST /api/egovQr`), receives the data (`POST /api/egovQr/<id>`), and answers
 * `GET /api/egovQr/<id>` once the test makes the phone sign ({@link SigexStandin.phoneSigns}).
 * Served in process through `fetch` (a Hono app's `request`).
 */
import { randomBytes } from "node:crypto";
import { Hono } from "hono";
import QRCode from "qrcode";
import { signCms, testPki, type TestIdentity } from "./eds-test-ca.ts";

export const SIGEX_URL = "https://sigex.test";

interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
}
function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

interface Procedure {
  id: string;
  description: string;
  data?: {
    signMethod: string;
    documentsToSign: Array<{ id: number; nameRu: string; meta: unknown[]; document: { file: { mime: string; data: string } } }>;
  };
  dataArrived: Deferred<void>;
  /** How many times the data was handed over (once, even across a restart of the system). */
  dataPosts: number;
  signed: Deferred<string>;
}

export class SigexStandin {
  readonly procedures: Procedure[] = [];
  /** Set to make registration fail (SIGEX down or refusing). */
  down = false;
  /** Set to refuse a procedure's data handed over a second time (the app took it already). */
  refuseDataAgain = false;
  readonly app = new Hono();

  /** `base`: the address the procedures' URLs point at (where the stand-in is served). */
  constructor(private readonly base = SIGEX_URL) {
    this.app.post("/api/egovQr", async (c) => {
      if (this.down) return c.json({ message: "Сервис временно недоступен" }, 503);
      const { description } = (await c.req.json()) as { description: string };
      const id = randomBytes(8).toString("hex");
      this.procedures.push({ id, description, dataArrived: deferred<void>(), dataPosts: 0, signed: deferred<string>() });
      const base = this.base;
      const qr = await QRCode.toBuffer(`mobileSign:${base}/api/mgovSign/${id}`, { type: "png" });
      return c.json({
        expireAt: Date.now() + 15 * 60_000,
        qrCode: qr.toString("base64"),
        dataURL: `${base}/api/egovQr/${id}`,
        signURL: `${base}/api/egovQr/${id}`,
        eGovMobileLaunchLink: `https://mgovsign.page.link/?link=${encodeURIComponent(`${base}/api/mgovSign/${id}`)}`,
        eGovBusinessLaunchLink: `https://egovbusiness.page.link/?link=${encodeURIComponent(`${base}/api/mgovSign/${id}`)}`,
      });
    });
    this.app.post("/api/egovQr/:id", async (c) => {
      const p = this.procedures.find((x) => x.id === c.req.param("id"));
      if (!p) return c.json({ message: "not found" }, 404);
      if (this.refuseDataAgain && p.dataPosts > 0) return c.json({ message: "Данные уже переданы" }, 409);
      p.data = await c.req.json();
      p.dataPosts += 1;
      p.dataArrived.resolve();
      return c.json({});
    });
    this.app.get("/api/egovQr/:id", async (c) => {
      const p = this.procedures.find((x) => x.id === c.req.param("id"));
      if (!p) return c.json({ message: "not found" }, 404);
      // SIGEX answers when the signature is there: the request waits for it
      const cms = await p.signed.promise;
      return c.json({
        ...p.data,
        documentsToSign: p.data!.documentsToSign.map((d) => ({ ...d, document: { file: { ...d.document.file, data: cms } } })),
      });
    });
  }

  /** The stand-in as `fetch` sees it, a cancelled request included (in process, a handler still waiting is left behind). */
  fetch = (url: string, init?: RequestInit): Promise<Response> =>
    new Promise((resolve, reject) => {
      const signal = init?.signal;
      if (signal?.aborted) return reject(signal.reason);
      signal?.addEventListener("abort", () => reject(signal.reason), { once: true });
      Promise.resolve(this.app.request(url, init)).then(resolve, reject);
    });

  /** The latest procedure, once its data has arrived. */
  async latest(): Promise<Procedure> {
    const p = this.procedures.at(-1);
    if (!p) throw new Error("No SIGEX procedure was registered");
    await p.dataArrived.promise;
    return p;
  }

  /** The phone signs the latest procedure's document (CMS without the data, as CMS_SIGN_ONLY asks). */
  async phoneSigns(options: { signer?: TestIdentity } = {}): Promise<Uint8Array> {
    const p = await this.latest();
    const pdf = new Uint8Array(Buffer.from(p.data!.documentsToSign[0]!.document.file.data, "base64"));
    p.signed.resolve(signCms(pdf, { signer: options.signer ?? testPki().individual, detached: p.data!.signMethod === "CMS_SIGN_ONLY" }));
    return pdf;
  }
}

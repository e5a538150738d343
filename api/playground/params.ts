/**
 * Reads Bot API call parameters the way Telegram does: from the query string,
 * a JSON body, an urlencoded body or multipart/form-data (grammY's uploads,
 * with `attach://<id>` references and JSON-stringified object fields).
 */
import { badRequest } from "./errors.ts";
import { parseMultipart } from "./multipart.ts";

/** A file sent in a multipart request. */
export interface UploadedFile {
  bytes: Uint8Array;
  filename: string;
  mimeType?: string;
}

/** What an InputFile parameter turned out to be. */
export type InputFileRef = { kind: "upload"; file: UploadedFile } | { kind: "file_id"; fileId: string } | { kind: "url"; url: string };

/** Typed access to one call's parameters; getters throw Telegram's 400s. */
export class Params {
  constructor(
    readonly values: Record<string, unknown>,
    readonly files: Map<string, UploadedFile> = new Map(),
  ) {}

  /** True when the parameter is present and not empty. */
  has(name: string): boolean {
    const v = this.values[name];
    return v !== undefined && v !== null && v !== "";
  }

  /** A string parameter; `emptyText` is Telegram's complaint when it is missing. */
  str(name: string, emptyText?: string): string {
    const v = this.optStr(name);
    if (v === undefined) throw badRequest(emptyText ?? `${name} is empty`);
    return v;
  }

  /** An optional string parameter. */
  optStr(name: string): string | undefined {
    const v = this.values[name];
    if (v === undefined || v === null || v === "") return undefined;
    if (typeof v === "string") return v;
    if (typeof v === "number" || typeof v === "boolean") return String(v);
    throw badRequest(`field "${name}" must be of type String`);
  }

  /** An integer parameter (numbers arrive as strings from forms). */
  int(name: string, emptyText?: string): number {
    const v = this.optInt(name);
    if (v === undefined) throw badRequest(emptyText ?? `${name} is empty`);
    return v;
  }

  /** An optional integer parameter. */
  optInt(name: string): number | undefined {
    const v = this.values[name];
    if (v === undefined || v === null || v === "") return undefined;
    const n = typeof v === "number" ? v : typeof v === "string" && /^-?\d+$/.test(v.trim()) ? Number(v) : NaN;
    if (!Number.isSafeInteger(n)) throw badRequest(`field "${name}" must be of type Integer`);
    return n;
  }

  /** A boolean parameter ("true"/"1" from forms). */
  bool(name: string): boolean {
    const v = this.values[name];
    return v === true || v === "true" || v === "1" || v === 1;
  }

  /** An object parameter sent either as JSON or as a JSON string (forms, multipart). */
  json<T>(name: string, badText?: string): T | undefined {
    const v = this.values[name];
    if (v === undefined || v === null || v === "") return undefined;
    if (typeof v !== "string") return v as T;
    try {
      return JSON.parse(v) as T;
    } catch {
      throw badRequest(badText ?? `can't parse ${name} JSON object`);
    }
  }

  /** `chat_id`: an integer, or an "@username" string. */
  chatId(name = "chat_id"): number | string {
    const raw = this.optStr(name);
    if (raw === undefined) throw badRequest(`${name} is empty`);
    if (/^-?\d+$/.test(raw)) return Number(raw);
    return raw;
  }

  /** An InputFile parameter: an upload (direct or `attach://`), a file_id, or a URL. */
  inputFile(name: string): InputFileRef | undefined {
    const direct = this.files.get(name);
    if (direct) return { kind: "upload", file: direct };
    const v = this.optStr(name);
    if (v === undefined) return undefined;
    if (v.startsWith("attach://")) {
      const file = this.files.get(v.slice("attach://".length));
      if (!file) throw badRequest(`wrong remote file identifier specified: can't find ${v}`);
      return { kind: "upload", file };
    }
    if (/^https?:\/\//i.test(v)) return { kind: "url", url: v };
    return { kind: "file_id", fileId: v };
  }
}

/** Reads all parameters of a request. Throws a 400 ApiError on a malformed body. */
export async function readParams(req: Request): Promise<Params> {
  const values: Record<string, unknown> = {};
  const files = new Map<string, UploadedFile>();
  for (const [k, v] of new URL(req.url).searchParams) values[k] = v;
  if (req.method === "GET" || req.method === "HEAD") return new Params(values, files);
  const type = (req.headers.get("content-type") ?? "").toLowerCase();
  const body = new Uint8Array(await req.arrayBuffer());
  if (body.byteLength === 0) return new Params(values, files);
  if (type.startsWith("multipart/form-data")) {
    try {
      for (const part of parseMultipart(body, req.headers.get("content-type") ?? "")) {
        if (part.filename !== undefined) {
          const mimeType = part.contentType && part.contentType !== "application/octet-stream" ? part.contentType : undefined;
          files.set(part.name, { bytes: part.data, filename: part.filename, ...(mimeType ? { mimeType } : {}) });
        } else {
          values[part.name] = new TextDecoder().decode(part.data);
        }
      }
    } catch (e) {
      throw badRequest(`can't parse multipart/form-data body: ${(e as Error).message}`);
    }
  } else if (type.startsWith("application/x-www-form-urlencoded")) {
    for (const [k, v] of new URLSearchParams(new TextDecoder().decode(body))) values[k] = v;
  } else {
    // Telegram treats anything else as JSON; so do we, and answer 400 when it is not.
    let parsed: unknown;
    try {
      parsed = JSON.parse(new TextDecoder().decode(body));
    } catch {
      throw badRequest("can't parse JSON body: send application/json, urlencoded or multipart/form-data");
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
      throw badRequest("the JSON body must be an object of method parameters");
    }
    Object.assign(values, parsed);
  }
  return new Params(values, files);
}

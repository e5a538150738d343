/** E-mail addresses. */
import { z } from "zod";
import { cleanText } from "./clean.ts";
import type { FieldResult } from "./types.ts";

/** RFC 5321: a path is at most 256 octets including the angle brackets. */
const MAX_EMAIL = 254;
const emailSchema = z.email();

/** Validate an e-mail address (zod's pragmatic pattern); the domain is lower-cased. */
export function validateEmail(raw: string): FieldResult {
  const text = cleanText(raw);
  if (text === "") return { ok: false, error: "form-error-empty" };
  if (text.length > MAX_EMAIL) return { ok: false, error: "form-error-too-long", args: { max: MAX_EMAIL } };
  if (!emailSchema.safeParse(text).success) return { ok: false, error: "form-error-email" };
  const at = text.lastIndexOf("@");
  return { ok: true, value: text.slice(0, at) + text.slice(at).toLowerCase() };
}

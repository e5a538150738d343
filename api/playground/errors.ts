/**
 * Bot API errors with Telegram's exact envelope and wording, so a bot's error
 * handling is exercised against the same texts it meets in production.
 */
import type { ResponseParameters } from "grammy/types";

/** An error answered as `{ ok: false, error_code, description, parameters? }`. */
export class ApiError extends Error {
  constructor(
    readonly code: number,
    readonly description: string,
    readonly parameters?: ResponseParameters,
  ) {
    super(description);
    this.name = "ApiError";
  }

  /** The JSON body Telegram sends for this error. */
  toJSON(): Record<string, unknown> {
    return {
      ok: false,
      error_code: this.code,
      description: this.description,
      ...(this.parameters ? { parameters: this.parameters } : {}),
    };
  }
}

/** 400 `Bad Request: <what>`. */
export const badRequest = (what: string) => new ApiError(400, `Bad Request: ${what}`);
/** 403 `Forbidden: <what>`. */
export const forbidden = (what: string) => new ApiError(403, `Forbidden: ${what}`);
/** 401 for a token the emulator does not know. */
export const unauthorized = () => new ApiError(401, "Unauthorized");
/** 404 for a method the emulator does not implement (Telegram answers the same for typos). */
export const notFound = () => new ApiError(404, "Not Found");
/** 429 with `parameters.retry_after` in whole seconds. */
export const tooManyRequests = (retryAfter: number) =>
  new ApiError(429, `Too Many Requests: retry after ${retryAfter}`, { retry_after: retryAfter });

/** Frequently used Telegram texts, kept in one place so they stay identical everywhere. */
export const texts = {
  chatNotFound: "chat not found",
  blocked: "bot was blocked by the user",
  messageToEditNotFound: "message to edit not found",
  messageToDeleteNotFound: "message to delete not found",
  notModified:
    "message is not modified: specified new message content and reply markup " +
    "are exactly the same as a current content and reply markup of the message",
  threadNotFound: "message thread not found",
  invalidFileId: "invalid file_id",
  fileTooBig: "file is too big",
  noInternet: "failed to get HTTP URL content",
  notUtf8: "strings must be encoded in UTF-8",
} as const;

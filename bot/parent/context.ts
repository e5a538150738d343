import type { Conversation, ConversationFlavor } from "@grammyjs/conversations";
import type { Context, SessionFlavor } from "grammy";
import type { User } from "#root/db/queries/users.ts";
import type { Lang } from "#root/flows/i18n.ts";
import type { I18nFlavor } from "#root/bot/shared/i18n.ts";
import type { PageChecks } from "./page-checks.ts";

/** What the parent bot keeps per chat between updates (everything else is in the database). */
export interface ParentSession {
  lang?: Lang;
  /** The draft being filled and the stage of its question (for the support card); the answers are in the draft. */
  current?: {
    appId: string;
    stage: "parent" | "child" | "school" | "fields" | "documents";
    /** The draft's service (the step header of a school list, shown without reading the draft). */
    service?: string;
    /** Written by earlier versions; unused. */
    mode?: "fill" | "edit";
    question?: string;
    parentId?: number;
    version?: number;
    /** The message whose buttons are live (the school list on screen): another list's buttons are out of date. */
    prompt?: number;
  };
  /**
   * The album whose first page answered a document: its later pages go with it (one
   * confirmation, `reply`), and update the review (`review`) when that page led to it.
   */
  album?: {
    group: string;
    question: string;
    reply: number;
    review?: number;
    /** The album's draft: its later pages are kept without reading it (unset in sessions of earlier versions). */
    app?: string;
  };
  /**
   * When the parent stepped out of the form (/cancel, /start): a draft not answered since is not the form they are
   * filling, so a message is not taken as its answer (see the parent bot's last handler) until they continue it.
   */
  leftFormAt?: number;
  /** After "add a comment" to a rating: the next text message (until this instant) is the comment. */
  ratingComment?: { appId: string; until: number };
}

/** The registered parent behind the update (see `loadParent`), or undefined for someone who never started. */
export interface ParentFlavor {
  parent(opts?: { fresh?: boolean }): Promise<User | undefined>;
  /** Was the parent's row asked for in this update already (`parent()` called)? */
  parentAsked(): boolean;
  /** A page's photo, checked after the answer; the review waits for the checks (`page-checks.ts`). */
  pages: PageChecks;
}

/** The context of the parent bot's ordinary handlers. */
export type ParentContext = ConversationFlavor<Context & SessionFlavor<ParentSession> & I18nFlavor & ParentFlavor>;
/** Inside a conversation: a plain context (texts come from `tr`, bound to the parent's language). */
export type StageContext = Context;
export type ParentConversation = Conversation<ParentContext, StageContext>;

/**
 * The document questions as a parent meets them: which documents are asked, in order; a document
 * goes on by itself once its page is in; "Done" only where it can answer; "add a page" while a
 * document takes more; "↩️ a page of" the document before only for a lone first page.
 */
import { describe, expect, it } from "vitest";
import { afterPage, askButtons, documentBefore, documentsOf, doneAnswer, type FilesQuestion } from "#root/flows/form/documents.ts";
import { filesDescriptor } from "#root/flows/form.ts";

/** A meals draft whose category asks for the ASP certificate after the birth certificate. */
const asp = { serviceId: "meals", form: { fields: { category: "asp" } } };
const [birth, certificate] = documentsOf(asp) as [FilesQuestion, FilesQuestion];
const optional: FilesQuestion = { ...birth, required: false };
const twoPages: FilesQuestion = { ...birth, files: filesDescriptor(2, 4) };

describe("which documents a draft is asked", () => {
  it("follows the answers: the birth certificate, then the category's own proof", () => {
    expect(documentsOf(asp).map((d) => d.id)).toEqual(["birth-certificate", "asp-certificate"]);
    expect(documentsOf({ serviceId: "meals", form: { fields: { category: "large-family" } } }).map((d) => d.id)).toEqual([
      "birth-certificate",
      "large-family-certificate",
    ]);
    expect(documentBefore(asp, "asp-certificate")?.id).toBe("birth-certificate");
    expect(documentBefore(asp, "birth-certificate")).toBeUndefined();
    expect(documentBefore(asp, "income-statement")).toBeUndefined();
  });
});

describe("a document's buttons", () => {
  it("shows «Done» only where it can answer (not before a one-page document's page), «Replace» over pages, «Skip» if optional", () => {
    expect(askButtons(birth, 0)).toEqual([]);
    expect(askButtons(optional, 0)).toEqual(["skip"]);
    // Reopened (with «add a page», or after a refusal): its pages are in, «Done» answers it, and
    // «Replace the pages» sends it again instead of adding to an unreadable copy.
    expect(askButtons(birth, 1)).toEqual(["done", "redo"]);
    expect(askButtons(optional, 2)).toEqual(["done", "redo", "skip"]);
    // A document of two pages or more is answered by «Done» once they are in.
    expect(askButtons(twoPages, 0)).toEqual(["done"]);
  });

  it("refuses «Done» on a required document still short of pages; an optional one is answered with what it has", () => {
    expect(doneAnswer(birth, 0)).toBeUndefined();
    expect(doneAnswer(twoPages, 1)).toBeUndefined();
    expect(doneAnswer(twoPages, 2)).toEqual({ pages: 2 });
    expect(doneAnswer(optional, 0)).toEqual({ pages: 0 });
  });
});

describe("after a page", () => {
  it("a document short of pages says «received»; one with its pages goes on, «add a page» while it takes more", () => {
    expect(afterPage(asp, twoPages, 1, true)).toEqual({ received: true });
    expect(afterPage(asp, birth, 1, true)).toEqual({ kept: true, more: true });
    expect(afterPage(asp, birth, 2, false)).toEqual({ kept: true, more: false });
  });

  it("offers «↩️ a page of» the document before only for a lone first page — not an album, not a second page", () => {
    expect(afterPage(asp, certificate, 1, true)).toEqual({ kept: true, more: true, before: birth });
    expect(afterPage(asp, certificate, 1, false)).toEqual({ kept: true, more: true });
    expect(afterPage(asp, certificate, 2, true)).toEqual({ kept: true, more: true });
  });
});

import { describe, expect, it } from "vitest";
import {
  birthDateMatchesIin,
  checkFile,
  checkFileCount,
  filesDescriptor,
  validateField,
  type FieldDef,
  type FieldResult,
} from "#root/flows/form.ts";
import { t } from "#root/flows/i18n.ts";
import { makeIin } from "#root/flows/iin.ts";
import { escapeHtml } from "#root/flows/text.ts";

const fullName: FieldDef = { kind: "text", format: "fullName", id: "name", label: "x" };
const firstName: FieldDef = { kind: "text", format: "name", id: "first", label: "x" };
const docNumber: FieldDef = { kind: "text", format: "docNumber", id: "num", label: "x" };
const iin: FieldDef = { kind: "iin", id: "iin", label: "x" };
const phone: FieldDef = { kind: "phone", id: "phone", label: "x" };
const email: FieldDef = { kind: "email", id: "email", label: "x" };
const anyDate: FieldDef = { kind: "date", id: "d", label: "x" };
const grade: FieldDef = { kind: "grade", id: "g", label: "x" };
const choice: FieldDef = {
  kind: "choice",
  id: "category",
  label: "x",
  options: [
    { value: "asp", label: "services-meals-category-asp" },
    { value: "large-family", label: "services-meals-category-large-family" },
  ],
};

const NOW = new Date("2026-03-20T06:00:00Z"); // 20 March 2026, 11:00 in Almaty
const ok = (value: string): FieldResult => ({ ok: true, value });
const v = (field: FieldDef, raw: string) => validateField(field, raw, "ru", NOW);
const errorOf = (r: FieldResult) => (r.ok ? null : r.error);

describe("every field kind refuses hostile input politely", () => {
  const textKinds: FieldDef[] = [fullName, firstName, docNumber, iin, phone, email, anyDate, grade, choice];

  it.each(textKinds.map((f) => [f.kind + ("format" in f ? `/${f.format}` : ""), f] as const))(
    "%s: an empty message (a sticker, a photo without caption) asks for text",
    (_, field) => {
      expect(errorOf(v(field, ""))).toBe("form-error-empty");
      expect(errorOf(v(field, "   \n\t "))).toBe("form-error-empty");
      expect(errorOf(v(field, "\u200B\u200D\u2066\uFEFF"))).toBe("form-error-empty");
    },
  );

  it.each(textKinds.map((f) => [f.kind, f] as const))("%s: 10,000 characters are refused", (_, field) => {
    const r = v(field, "а".repeat(10_000));
    expect(r.ok).toBe(false);
  });

  it("a 10,000-character name is refused as too long, naming the limit", () => {
    expect(v(fullName, "Иванова Анна " + "а".repeat(9_990))).toEqual({
      ok: false,
      error: "form-error-too-long",
      args: { max: 100 },
    });
  });

  it("every error a validator gives renders in both languages", () => {
    const results = [
      v(fullName, ""),
      v(fullName, "a".repeat(200)),
      v(fullName, "<b>Ivan</b>"),
      v(fullName, "Иван"),
      v(firstName, "А"),
      v(docNumber, "без номера"),
      v(iin, "123"),
      v(phone, "123"),
      v(email, "x@"),
      v(anyDate, "вчера"),
      v(anyDate, "31.02.2020"),
      v(grade, "12"),
      v(choice, "что-то"),
      validateField({ kind: "files", id: "f", label: "x", ...filesDescriptor(1, 2) }, "текст", "kk"),
      birthDateMatchesIin(makeIin("2015-03-09", "male"), "2015-03-10"),
    ];
    for (const r of results) {
      expect(r.ok).toBe(false);
      if (r.ok) continue;
      for (const lang of ["kk", "ru"] as const) expect(t(lang, r.error, r.args).length).toBeGreaterThan(10);
    }
  });
});

describe("names", () => {
  it("accepts Kazakh, Russian and Latin names, keeps case, collapses spaces", () => {
    expect(v(fullName, "  Сейітов   Арман  Болатұлы ")).toEqual(ok("Сейітов Арман Болатұлы"));
    expect(v(fullName, "Әбілқайыр Ғалымжан Құрманғазыұлы")).toEqual(ok("Әбілқайыр Ғалымжан Құрманғазыұлы"));
    expect(v(fullName, "ИВАНОВА Анна-Мария")).toEqual(ok("ИВАНОВА Анна-Мария"));
    expect(v(fullName, "O’Neil Mary")).toEqual(ok("O'Neil Mary"));
    expect(v(fullName, "Үмбетова Һәдия Іңкәрқызы")).toEqual(ok("Үмбетова Һәдия Іңкәрқызы"));
  });

  it("refuses HTML, Markdown, digits, emoji and SQL in a name", () => {
    for (const raw of [
      "<b>Ivan</b> Petrov",
      "*Иван* Петров",
      "Иван Петров2",
      "Иван 😀 Петров",
      "Robert'); DROP TABLE students;--",
      "[Иван](http://x.kz) Петров",
    ]) {
      expect(errorOf(v(fullName, raw)), raw).toBe("form-error-name-chars");
    }
  });

  it("a full name needs 2 to 4 words", () => {
    expect(errorOf(v(fullName, "Иван"))).toBe("form-error-full-name-words");
    expect(errorOf(v(fullName, "а б в г д"))).toBe("form-error-full-name-words");
    expect(v(firstName, "Айгерім")).toEqual(ok("Айгерім"));
  });

  it("a one-letter name is too short; hyphens must join letters", () => {
    expect(errorOf(v(firstName, "А"))).toBe("form-error-name-length");
    expect(errorOf(v(fullName, "Иванов -Петров"))).toBe("form-error-name-chars");
  });

  it("strips zero-width and bidi characters, then validates what remains", () => {
    expect(v(fullName, "Ива\u200Bнов\u200D Пётр\u202E")).toEqual(ok("Иванов Пётр"));
    expect(v(fullName, "\u2067Иванов\u2069 \u00A0Пётр")).toEqual(ok("Иванов Пётр"));
    // A decomposed "й" (и + combining breve) is composed, so it is a letter like any other.
    expect(v(fullName, "Андреи\u0306 Ким")).toEqual(ok("Андрей Ким"));
  });
});

describe("document numbers", () => {
  it("accepts numbers as written on documents, refuses text without digits", () => {
    expect(v(docNumber, "№ 15/2-К")).toEqual(ok("№ 15/2-К"));
    expect(errorOf(v(docNumber, "нет номера"))).toBe("form-error-doc-number");
    expect(errorOf(v(docNumber, "<script>1</script>"))).toBe("form-error-doc-number");
  });
});

describe("IIN", () => {
  const good = makeIin("2015-03-09", "male", 12);

  it("accepts a valid IIN, with spaces or hyphens between digit groups", () => {
    expect(v(iin, good)).toEqual(ok(good));
    expect(v(iin, `${good.slice(0, 6)} ${good.slice(6)}`)).toEqual(ok(good));
    expect(v(iin, ` ${good.slice(0, 6)}-${good.slice(6)}\u200B`)).toEqual(ok(good));
  });

  it("a wrong check digit is refused with its own message", () => {
    const wrong = good.slice(0, 11) + String((Number(good[11]) + 1) % 10);
    expect(errorOf(v(iin, wrong))).toBe("form-error-iin-checksum");
  });

  it("distinguishes a malformed number and an impossible birth date", () => {
    expect(errorOf(v(iin, "12345"))).toBe("form-error-iin-format");
    expect(errorOf(v(iin, "15030960012a"))).toBe("form-error-iin-format");
    expect(errorOf(v(iin, "1".repeat(13)))).toBe("form-error-iin-format");
    // 31 February: make a valid check digit so that only the date is wrong.
    const feb31 = (() => {
      for (let s = 0; s < 100; s++) {
        const first11 = `150231${5}${String(s).padStart(4, "0")}`;
        for (let c = 0; c < 10; c++) {
          const candidate = first11 + c;
          if (errorOf(v(iin, candidate)) === "form-error-iin-date") return candidate;
        }
      }
      return "";
    })();
    expect(feb31).not.toBe("");
  });
});

describe("phone", () => {
  it("normalizes Kazakhstan mobile numbers to +77XXXXXXXXX", () => {
    for (const raw of [
      "+7 701 234 56 78",
      "8 701 234-56-78",
      "8 (701) 234 56 78",
      "+7(701)2345678",
      "87012345678",
      "7012345678",
      "+7 701.234.56.78",
    ]) {
      expect(v(phone, raw), raw).toEqual(ok("+77012345678"));
    }
  });

  it("refuses foreign, short and decorated-with-text numbers", () => {
    for (const raw of [
      "+7 916 123 45 67",
      "+8 701 234 56 78",
      "701 23 45",
      "+7 701 234 56 78 9",
      "звоните +77012345678",
      "+7 701 234 56 78 😀",
      "++77012345678",
    ]) {
      expect(errorOf(v(phone, raw)), raw).toBe("form-error-phone");
    }
  });
});

describe("email", () => {
  it("lower-cases the domain, keeps the local part", () => {
    expect(v(email, " Aigerim.K@Mail.KZ ")).toEqual(ok("Aigerim.K@mail.kz"));
  });

  it("refuses addresses that are not addresses", () => {
    for (const raw of ["aigerim", "a@b", "a b@mail.kz", "<a@mail.kz>", "a@mail.kz; DROP TABLE"]) {
      expect(errorOf(v(email, raw)), raw).toBe("form-error-email");
    }
    expect(errorOf(v(email, `${"a".repeat(250)}@mail.kz`))).toBe("form-error-too-long");
  });
});

describe("dates", () => {
  it("reads the usual formats into ISO", () => {
    for (const raw of ["09.03.2015", "9.3.2015", "09/03/2015", "09-03-2015", "2015-03-09", "09 . 03 . 2015"]) {
      expect(v(anyDate, raw), raw).toEqual(ok("2015-03-09"));
    }
  });

  it("refuses days that do not exist and unreadable text", () => {
    expect(errorOf(v(anyDate, "31.02.2020"))).toBe("form-error-date-invalid");
    expect(errorOf(v(anyDate, "29.02.2023"))).toBe("form-error-date-invalid");
    expect(v(anyDate, "29.02.2024")).toEqual(ok("2024-02-29"));
    expect(errorOf(v(anyDate, "01.01.0001"))).toBe("form-error-date-invalid");
    expect(errorOf(v(anyDate, "9 марта 2015"))).toBe("form-error-date-format");
    expect(errorOf(v(anyDate, "09.03/2015"))).toBe("form-error-date-format");
  });

  it("applies 'not in the future' and 'not older than N years' in Almaty time", () => {
    const recent: FieldDef = { kind: "date", id: "d", label: "x", notFuture: true, maxAgeYears: 1 };
    expect(v(recent, "20.03.2026")).toEqual(ok("2026-03-20"));
    expect(errorOf(v(recent, "21.03.2026"))).toBe("form-error-date-future");
    expect(v(recent, "20.03.2025")).toEqual(ok("2025-03-20"));
    expect(v(recent, "19.03.2025")).toEqual({ ok: false, error: "form-error-date-too-old", args: { years: 1 } });
    // 19:30 UTC on 20 March is already 21 March in Almaty: "today" follows Almaty.
    expect(validateField(recent, "21.03.2026", "kk", new Date("2026-03-20T19:30:00Z"))).toEqual(ok("2026-03-21"));
  });

  it("applies explicit bounds", () => {
    const bounded: FieldDef = { kind: "date", id: "d", label: "x", min: "2020-01-01", max: "2020-12-31" };
    expect(v(bounded, "01.01.2021")).toEqual({ ok: false, error: "form-error-date-too-late", args: { max: "31.12.2020" } });
    expect(v(bounded, "31.12.2019")).toEqual({ ok: false, error: "form-error-date-too-early", args: { min: "01.01.2020" } });
  });
});

describe("numbers and grades", () => {
  it("reads grades typed in Russian or Kazakh", () => {
    for (const [raw, value] of [
      ["5", "5"],
      ["5 класс", "5"],
      ["5-класс", "5"],
      ["11 кл.", "11"],
      ["5 сынып", "5"],
      ["5-сынып", "5"],
      ["0", "0"],
    ]) {
      expect(v(grade, raw!), raw).toEqual(ok(value!));
    }
  });

  it("refuses grades out of 0–11 and words", () => {
    for (const raw of ["12", "-1", "пятый", "5 класс 6", "5.5"]) expect(errorOf(v(grade, raw)), raw).toBe("form-error-grade");
  });

  it("a number field keeps to its range", () => {
    const children: FieldDef = { kind: "number", id: "n", label: "x", min: 1, max: 20 };
    expect(v(children, " 4 ")).toEqual(ok("4"));
    expect(v(children, "21")).toEqual({ ok: false, error: "form-error-number", args: { min: 1, max: 20 } });
    expect(errorOf(v(children, "4 ребёнка"))).toBe("form-error-number");
  });
});

describe("choices", () => {
  it("accepts a button's value or the label typed in the parent's language", () => {
    expect(validateField(choice, "asp", "kk")).toEqual(ok("asp"));
    expect(validateField(choice, "многодетная семья", "ru")).toEqual(ok("large-family"));
    expect(validateField(choice, "Көпбалалы отбасы.", "kk")).toEqual(ok("large-family"));
  });

  it("refuses anything else, including the other language's label", () => {
    expect(errorOf(validateField(choice, "Көпбалалы отбасы", "ru"))).toBe("form-error-choice");
    expect(errorOf(validateField(choice, "ASP", "ru"))).toBe("form-error-choice");
  });
});

describe("files", () => {
  const desc = filesDescriptor(1, 3);

  it("accepts JPEG, PNG and PDF up to 20 MB", () => {
    expect(checkFile(desc, { mimeType: "image/jpeg", size: 1000 })).toEqual(ok("image/jpeg"));
    expect(checkFile(desc, { mimeType: "application/pdf", size: 20 * 1024 * 1024 }).ok).toBe(true);
    expect(checkFile(desc, { mimeType: "application/pdf", size: 20 * 1024 * 1024 + 1 })).toEqual({
      ok: false,
      error: "form-error-file-too-large",
      args: { maxMb: 20 },
    });
    expect(errorOf(checkFile(desc, { mimeType: "application/zip" }))).toBe("form-error-file-type");
    expect(errorOf(checkFile(desc, {}))).toBe("form-error-file-type");
  });

  it("counts files per document", () => {
    expect(errorOf(checkFileCount(desc, 0))).toBe("form-error-files-too-few");
    expect(errorOf(checkFileCount(desc, 4))).toBe("form-error-files-too-many");
    expect(checkFileCount(desc, 3).ok).toBe(true);
  });
});

describe("birth date and IIN agree", () => {
  const childIin = makeIin("2015-03-09", "female");

  it("passes when the IIN encodes the birth date", () => {
    expect(birthDateMatchesIin(childIin, "2015-03-09")).toEqual(ok("2015-03-09"));
  });

  it("refuses a disagreement and says which date the IIN gives", () => {
    expect(birthDateMatchesIin(childIin, "2015-09-03")).toEqual({
      ok: false,
      error: "form-error-birth-date-iin",
      args: { iinDate: "09.03.2015" },
    });
    expect(t("ru", "form-error-birth-date-iin", { iinDate: "09.03.2015" })).toContain("09.03.2015");
  });
});

describe("escapeHtml", () => {
  it("makes typed text inert in Telegram HTML", () => {
    expect(escapeHtml(`<b>Ivan</b> & "O'Neil"`)).toBe("&lt;b&gt;Ivan&lt;/b&gt; &amp; &quot;O&#39;Neil&quot;");
  });
});

/**
 * The school question's typed search over a country-sized directory: ~7,000 schools in 17 regions,
 * named as Kazakhstan's schools are, searched with what parents type (a number, a town, a name,
 * a type abbreviation, Kazakh letters typed as Russian ones, Latin letters, a BIN). Each search is
 * `searchSchools` (names compared folded through `search_text`, migration 0020); the reference is
 * the query it replaced (six ILIKEs per word over the names as stored), run in the same process on
 * the same rows, so the ratio holds whatever the machine. CPU ms of this process (PGlite runs in
 * it; PostgreSQL's own work is wall time) and wall ms per search, and what each finds.
 *
 *   npx tsx bench/school-search.ts [searches=200]   (DATABASE_URL for PostgreSQL; PGlite always)
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { openDatabase, type Database } from "#root/db/client.ts";
import { importSchools } from "#root/db/import-schools.ts";
import { searchSchools } from "#root/db/queries/schools.ts";
import { iinCheckDigit } from "#root/flows/iin.ts";
import { createScratchPostgres } from "#root/test/helpers/databases.ts";
import { referenceSearch } from "./lib/school-search-reference.ts";
import { printTable, round } from "./lib/stats.ts";

const REGIONS: Array<[string, string]> = [
  ["Алматы қаласы", "город Алматы"],
  ["Астана қаласы", "город Астана"],
  ["Шымкент қаласы", "город Шымкент"],
  ["Қарағанды облысы", "Карагандинская область"],
  ["Ақтөбе облысы", "Актюбинская область"],
  ["Атырау облысы", "Атырауская область"],
  ["Шығыс Қазақстан облысы", "Восточно-Казахстанская область"],
  ["Жамбыл облысы", "Жамбылская область"],
  ["Батыс Қазақстан облысы", "Западно-Казахстанская область"],
  ["Қостанай облысы", "Костанайская область"],
  ["Қызылорда облысы", "Кызылординская область"],
  ["Маңғыстау облысы", "Мангистауская область"],
  ["Павлодар облысы", "Павлодарская область"],
  ["Солтүстік Қазақстан облысы", "Северо-Казахстанская область"],
  ["Түркістан облысы", "Туркестанская область"],
  ["Абай облысы", "область Абай"],
  ["Ақмола облысы", "Акмолинская область"],
];
const PEOPLE: Array<[string, string]> = [
  ["Абай Құнанбаев", "Абая Кунанбаева"],
  ["Мағжан Жұмабаев", "Магжана Жумабаева"],
  ["Ыбырай Алтынсарин", "Ыбырая Алтынсарина"],
  ["Шоқан Уәлиханов", "Шокана Уалиханова"],
  ["Мұхтар Әуезов", "Мухтара Ауэзова"],
];

/** A school's names by its kind (most are general schools; some gymnasiums, lyceums, named ones). */
function schoolNames(n: number, kind: number): [string, string] {
  const [kk, ru] = PEOPLE[n % PEOPLE.length]!;
  if (kind === 0) return [`№${n} гимназия`, `Гимназия №${n}`];
  if (kind === 1) return [`№${n} мектеп-лицей`, `Школа-лицей №${n}`];
  if (kind === 2) return [`${kk} атындағы №${n} жалпы орта білім беретін мектеп`, `Средняя общеобразовательная школа №${n} имени ${ru}`];
  return [`№${n} жалпы орта білім беретін мектеп`, `Общеобразовательная средняя школа №${n}`];
}

/** The directory as the import takes it: `perDistrict` schools in each of 12 districts of every region. */
export function directoryCsv(perDistrict = 34): string {
  const lines = ["region,district,name_kk,name_ru,bin"];
  let serial = 0;
  for (const [r, [rk, rr]] of REGIONS.entries())
    for (let d = 1; d <= 12; d++)
      for (let n = 1; n <= perDistrict; n++) {
        let bin: string;
        do {
          const first11 = `99${String(++serial).padStart(9, "0")}`;
          const check = iinCheckDigit(first11);
          bin = check === null ? "" : `${first11}${check}`;
        } while (!bin);
        const [kk, ru] = schoolNames(n, (n + d + r) % 7);
        const district = `${d}-аудан (${rk.split(" ")[0]})|Район ${d} (${rr.split(" ").at(-1)})`;
        lines.push(`${rk}|${rr},${district},"${kk}","${ru}",${bin}`);
      }
  return lines.join("\n");
}

/** What parents type (the reference query finds nothing for some: that is what changed). */
export const QUERIES = [
  "14",
  "школа 14 Алматы",
  "СОШ 25",
  "Караганды 5",
  "гимназия",
  "Абая",
  "Almaty 7",
  "мектеп-лицей",
  "Жумабаев",
  "Ақтөбе 12",
];

interface Figures {
  backend: string;
  query: string;
  searches: number;
  cpuMs: number;
  wallMs: number;
  found: number;
}

async function measure(db: Database["db"], backend: string, query: string, run: typeof searchSchools, searches: number): Promise<Figures> {
  const found = (await run(db, query)).total;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < searches; i++) await run(db, query);
  const wall = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return { backend, query, searches, cpuMs: (cpu.user + cpu.system) / 1000 / searches, wallMs: wall / searches, found };
}

export async function runSchoolSearchBench(searches = 200) {
  const csv = directoryCsv();
  const rows: Array<Record<string, string | number>> = [];
  const backends: Array<{ name: string; open(): Promise<{ database: Database; close(): Promise<void> }> }> = [
    {
      name: "PGlite",
      async open() {
        const dataDir = mkdtempSync(join(tmpdir(), "desk-search-"));
        const database = await openDatabase({ dataDir });
        const close = async () => {
          await database.close();
          rmSync(dataDir, { recursive: true, force: true });
        };
        return { database, close };
      },
    },
  ];
  if (process.env.DATABASE_URL)
    backends.push({
      name: "PostgreSQL",
      async open() {
        const scratch = await createScratchPostgres(process.env.DATABASE_URL!);
        const dataDir = mkdtempSync(join(tmpdir(), "desk-search-"));
        const database = await openDatabase({ databaseUrl: scratch.url, dataDir });
        const close = async () => {
          await database.close();
          await scratch.drop();
        };
        return { database, close };
      },
    });
  for (const backend of backends) {
    const { database, close } = await backend.open();
    try {
      const report = await importSchools(database.db, csv);
      if (report.rejected.length) throw new Error(`the directory was refused: ${JSON.stringify(report.rejected[0])}`);
      const schools = report.added;
      for (const query of QUERIES) {
        // Interleaved, so that a moment's load on the machine falls on both.
        const now = await measure(database.db, backend.name, query, searchSchools, searches);
        const before = await measure(database.db, backend.name, query, referenceSearch, searches);
        rows.push({
          backend: `${backend.name} (${schools})`,
          query,
          "found now / before": `${now.found} / ${before.found}`,
          "cpu ms now": round(now.cpuMs, 2),
          "cpu ms before": round(before.cpuMs, 2),
          "wall ms now": round(now.wallMs, 2),
          "wall ms before": round(before.wallMs, 2),
          "wall before ÷ now": round(before.wallMs / now.wallMs, 2),
        });
      }
    } finally {
      await close();
    }
  }
  return rows;
}

export function printSchoolSearch(rows: Array<Record<string, string | number>>, searches: number): void {
  printTable(`School search: ${searches} searches per query and backend, now (folded) and before (ILIKE)`, rows);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const searches = Number(process.argv[2] ?? 200);
  printSchoolSearch(await runSchoolSearchBench(searches), searches);
  process.exit(0);
}

/**
 * Summarise a V8 CPU profile (`node --cpu-prof`): where the self time went, by function and by
 * package (node_modules/<name>, or the project folder), so a benchmark's top costs can be read
 * without Chrome DevTools.
 *
 *   node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx bench/throughput.ts
 *   npx tsx bench/profile-summary.ts /tmp/prof/CPU….cpuprofile [top=25]
 */
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { printTable, round } from "./lib/stats.ts";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

/** The package or project folder a script URL belongs to. */
export function ownerOf(url: string): string {
  if (!url) return "(native / V8)";
  const nm = url.lastIndexOf("node_modules/");
  if (nm >= 0) {
    const rest = url.slice(nm + "node_modules/".length).split("/");
    return rest[0]!.startsWith("@") ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  if (url.startsWith("node:")) return "node core";
  const project = url.match(/\/work\/[^/]+\/([^/]+)\//);
  return project ? `project ${project[1]}/` : url;
}

export function summarise(profile: Profile, top = 25) {
  const selfUs = new Map<number, number>();
  for (let i = 0; i < profile.samples.length; i++)
    selfUs.set(profile.samples[i]!, (selfUs.get(profile.samples[i]!) ?? 0) + (profile.timeDeltas[i] ?? 0));
  const total = [...selfUs.values()].reduce((a, b) => a + b, 0);
  const byFunction = new Map<string, number>();
  const byOwner = new Map<string, number>();
  for (const node of profile.nodes) {
    const us = selfUs.get(node.id) ?? 0;
    if (!us) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    const file = url.replace(/^file:\/\//, "").replace(/^.*node_modules\//, "");
    const key = `${functionName || "(anonymous)"} ${file ? `${file.split("/").slice(-2).join("/")}:${lineNumber + 1}` : ""}`.trim();
    byFunction.set(key, (byFunction.get(key) ?? 0) + us);
    const owner = ownerOf(url);
    byOwner.set(owner, (byOwner.get(owner) ?? 0) + us);
  }
  const rows = (m: Map<string, number>) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, us]) => ({ name, "self ms": round(us / 1000, 0), "%": round((100 * us) / total, 1) }));
  return { totalMs: round(total / 1000, 0), functions: rows(byFunction), owners: rows(byOwner) };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const file = process.argv[2];
  if (!file) {
    console.error("usage: npx tsx bench/profile-summary.ts <file.cpuprofile> [top=25]");
    process.exit(2);
  }
  const s = summarise(JSON.parse(readFileSync(file, "utf8")) as Profile, Number(process.argv[3] ?? 25));
  console.log(`sampled time: ${s.totalMs} ms`);
  printTable("Self time by package / folder", s.owners);
  printTable("Self time by function", s.functions);
}

/**
 * The signing page's static files, read once at start: its own script and style, and the
 * browser build of `ncalayer-js-client` from node_modules (served by us: no CDN).
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

export interface Asset {
  body: string;
  contentType: string;
}

const JS = "text/javascript; charset=utf-8";
const CSS = "text/css; charset=utf-8";

let loaded: Map<string, Asset> | undefined;

/**
 * The assets by file name (`sign.js`, `sign.css`, `ncalayer.js`), read on first use and shared by
 * every signing router (parents' and staff's). Throws when one is missing.
 */
export function loadSigningAssets(): Map<string, Asset> {
  loaded ??= readAssets();
  return loaded;
}

function readAssets(): Map<string, Asset> {
  const own = (name: string) => readFileSync(new URL(`./assets/${name}`, import.meta.url), "utf8");
  let ncalayer: string;
  try {
    // The package's main file is its browser build too: it attaches `NCALayerClient` to `window`.
    ncalayer = readFileSync(createRequire(import.meta.url).resolve("ncalayer-js-client"), "utf8");
  } catch (e) {
    throw new Error(`The signing page needs the ncalayer-js-client package: run npm install (${(e as Error).message})`);
  }
  return new Map([
    ["sign.js", { body: own("sign.js"), contentType: JS }],
    ["sign.css", { body: own("sign.css"), contentType: CSS }],
    ["ncalayer.js", { body: ncalayer, contentType: JS }],
  ]);
}

/**
 * SIGEX relays eGov mobile for an operator without an mgovSign registration of its own
 * (`SIGEX_URL`). One backend per running system, shared by the parent's and the staff's bots:
 * its waits end when the system stops, and it goes on with those that still work when the
 * system starts again (`resume`, once).
 */
import { revocationPolicy } from "#root/flows/signing.ts";
import { sigexBackend } from "#root/flows/signing-sigex.ts";
import { loadTrustStore } from "#root/flows/signatures/index.ts";
import type { BotDeps } from "./deps.ts";

type Sigex = ReturnType<typeof sigexBackend>;
const backends = new WeakMap<BotDeps, Sigex>();

/** The system's SIGEX backend, or undefined when eGov mobile is answered by this server (mgovSign). */
export function sigexFor(deps: BotDeps): Sigex | undefined {
  const { config } = deps;
  if (!config.mgov.sigexUrl) return undefined;
  let backend = backends.get(deps);
  if (!backend) {
    backend = sigexBackend({
      url: config.mgov.sigexUrl,
      ttlMs: config.mgov.ttlMinutes * 60_000,
      trust: loadTrustStore(config.edsTrustDir),
      revocation: revocationPolicy(config.edsOcspUrl),
      ...(config.ncanodeUrl ? { ncanode: { url: config.ncanodeUrl } } : {}),
      log: deps.log,
      ...(deps.cancelCalls ? { signal: deps.cancelCalls } : {}),
    });
    backends.set(deps, backend);
    void backend.resume(deps.db).catch((err: Error) => deps.log.warn({ error: err.message }, "SIGEX waits could not be resumed"));
  }
  return backend;
}

/**
 * `postinstall`: prepare the empty embedded-database template (db/pglite-template.ts) so the
 * first `npm start` is quick. Never fails the install: without a template PGlite simply creates
 * the cluster itself on first start.
 */
import { prepareTemplate } from "#root/db/pglite-template.ts";

try {
  const path = await prepareTemplate();
  console.log(`embedded database template ready: ${path}`);
} catch (err) {
  console.warn(
    `could not prepare the embedded database template (${(err as Error).message}); the first start will take a few seconds longer`,
  );
}

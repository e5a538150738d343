/** The playground's web chat as a browser meets it: the page's own requests are answered. */
import { describe, expect, it } from "vitest";
import { createEmulator } from "#root/api/playground/index.ts";

describe("the playground's web routes", () => {
  it("answers the browser's /favicon.ico with 204 No Content (no icon, and no 404 on every page load), without the key", async () => {
    const emulator = createEmulator({ bots: [{ token: "111:parent", username: "parent_bot", label: "Parent bot" }] });
    try {
      const res = await emulator.routes.request("/favicon.ico");
      expect(res.status).toBe(204);
      expect(await res.text()).toBe("");
    } finally {
      emulator.close();
    }
  });
});

/**
 * `npm run webhook:set` — register both bots' webhooks with Telegram: `PUBLIC_URL/webhook/parent`
 * and `PUBLIC_URL/webhook/provider`, with WEBHOOK_SECRET as the secret token. Needs BOT_TOKEN,
 * PROVIDER_BOT_TOKEN, PUBLIC_URL (https) and WEBHOOK_SECRET.
 */
import { Api } from "grammy";
import { webhookUrl } from "#root/api/webhooks.ts";
import { ConfigError, loadConfig } from "#root/config.ts";
import { helpAndExit } from "./lib/help.ts";

helpAndExit(
  "npm run webhook:set — register both bots' webhooks (PUBLIC_URL/webhook/parent and /webhook/provider) with\n" +
    "WEBHOOK_SECRET. Needs BOT_MODE=webhook, BOT_TOKEN, PROVIDER_BOT_TOKEN, PUBLIC_URL (https) and WEBHOOK_SECRET.",
);

try {
  const config = loadConfig();
  if (config.telegram.mode !== "telegram")
    throw new ConfigError("webhook:set needs BOT_TOKEN and PROVIDER_BOT_TOKEN (the playground has no webhooks to register).");
  // With a webhook set, Telegram stops answering getUpdates: polling bots would go deaf.
  if (config.botMode !== "webhook")
    throw new ConfigError("webhook:set is for BOT_MODE=webhook; these bots poll (BOT_MODE=polling), and a webhook would stop them.");
  if (!config.webhookSecret) throw new ConfigError("webhook:set needs WEBHOOK_SECRET (16+ characters of A-Z, a-z, 0-9, _ and -).");
  const bots = { parent: config.telegram.parentToken, provider: config.telegram.providerToken };
  for (const [name, token] of Object.entries(bots)) {
    const api = new Api(token, { apiRoot: config.telegram.apiRoot });
    const url = webhookUrl(config.publicUrl, name);
    await api.setWebhook(url, {
      secret_token: config.webhookSecret,
      allowed_updates: ["message", "edited_message", "callback_query", "my_chat_member"],
      drop_pending_updates: false,
    });
    const me = await api.getMe();
    console.log(`@${me.username}: webhook set to ${url}`);
  }
} catch (err) {
  console.error(err instanceof ConfigError ? err.message : `webhook:set failed: ${(err as Error).message}`);
  process.exit(err instanceof ConfigError ? 2 : 1);
}

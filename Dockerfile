# The desk as a container: `docker build -t school-services-desk .`, run by compose.yaml.
# test/deploy/deploy-files.test.ts runs this file's install and start commands in a fresh
# clone, so they stay true.

ARG NODE_IMAGE=node:20.19-bookworm-slim

# Stage 1: the sources type-check with every dependency installed; the image is built from
# nothing that does not.
FROM ${NODE_IMAGE} AS check
WORKDIR /app
COPY . .
RUN npm ci --no-audit --no-fund && npm run typecheck && touch /app/.checked

# Stage 2: what runs — production dependencies only (tsx, the TypeScript loader of `npm start`,
# is one of them), as the unprivileged `node` user of the base image.
FROM ${NODE_IMAGE}
ENV NODE_ENV=production \
    PORT=3000 \
    DATA_DIR=/app/data
WORKDIR /app
COPY --from=check /app/.checked /tmp/.checked
COPY . .
RUN npm ci --omit=dev --no-audit --no-fund
RUN mkdir -p /app/data && chown node:node /app/data
USER node
EXPOSE 3000
# Liveness only: whether this instance should get traffic is /health/ready (compose.yaml's proxy asks it).
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/health/live').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# Node directly, not `npm start` (the same command): SIGTERM reaches the program, which stops
# within SHUTDOWN_TIMEOUT_MS (default 10 s; keep the orchestrator's grace period longer).
CMD ["node", "--import", "tsx", "main.ts"]

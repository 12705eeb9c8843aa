# syntax=docker/dockerfile:1
# Any LightSwitch workspace service (query-engine, jit) as its own image. Build from the repository root:
#   docker build -f deploy/docker/service.Dockerfile --build-arg SERVICE=query-engine --build-arg PORT=8081 \
#     -t lightswitch/query-engine:dev .
# The service contract is in deploy/README.md: entry file services/$SERVICE/$ENTRY, listens on
# LIGHTSWITCH_HOST:LIGHTSWITCH_PORT, serves /healthz and /metrics.

FROM node:20-bookworm-slim AS build
ARG SERVICE
WORKDIR /app
ENV npm_config_fund=false \
    npm_config_audit=false \
    npm_config_update_notifier=false \
    PRISMA_SCHEMA_ENGINE_BINARY=/bin/false
COPY package.json package-lock.json prisma.config.ts ./
COPY prisma ./prisma
COPY packages/service-kit/package.json packages/service-kit/package.json
COPY services/control-plane/package.json services/control-plane/package.json
COPY services/query-engine/package.json services/query-engine/package.json
COPY services/jit/package.json services/jit/package.json
RUN npm ci && npm prune --omit=dev
# Every workspace's sources: a service may import another (or the shared kit) through its package exports.
COPY packages packages
COPY services services
RUN test -n "$SERVICE" && test -f "services/$SERVICE/package.json" \
 || { echo "build with --build-arg SERVICE=<a directory under services/>" >&2; exit 1; }

FROM node:20-bookworm-slim
ARG SERVICE
ARG ENTRY=src/main.ts
ARG PORT=8081
RUN apt-get update \
 && apt-get install -y --no-install-recommends tini \
 && rm -rf /var/lib/apt/lists/* \
 && mkdir -p /var/lib/lightswitch \
 && chown 1000:1000 /var/lib/lightswitch
WORKDIR /app
COPY --from=build --chown=0:0 /app /app
ENV NODE_ENV=production \
    LIGHTSWITCH_HOST=0.0.0.0 \
    LIGHTSWITCH_PORT=${PORT} \
    LIGHTSWITCH_DATA_DIR=/var/lib/lightswitch \
    LIGHTSWITCH_ENTRY=services/${SERVICE}/${ENTRY}
USER 1000:1000
EXPOSE ${PORT}
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + process.env.LIGHTSWITCH_PORT + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["sh", "-c", "exec node --import tsx \"$LIGHTSWITCH_ENTRY\""]

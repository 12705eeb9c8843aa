# syntax=docker/dockerfile:1
# The LightSwitch control plane. Build from the repository root:
#   docker build -f deploy/docker/control-plane.Dockerfile -t lightswitch/control-plane:dev .

FROM node:20-bookworm-slim AS build
WORKDIR /app
ENV npm_config_fund=false \
    npm_config_audit=false \
    npm_config_update_notifier=false \
    PRISMA_SCHEMA_ENGINE_BINARY=/bin/false
# Manifests first so the dependency layer is cached until the lockfile changes. npm ci needs every
# workspace's package.json; its postinstall generates the Prisma client from prisma/schema.prisma.
COPY package.json package-lock.json prisma.config.ts ./
COPY prisma ./prisma
COPY packages/service-kit/package.json packages/service-kit/package.json
COPY services/control-plane/package.json services/control-plane/package.json
COPY services/query-engine/package.json services/query-engine/package.json
COPY services/jit/package.json services/jit/package.json
RUN npm ci && npm prune --omit=dev
COPY services/control-plane/src services/control-plane/src
COPY services/control-plane/bin services/control-plane/bin
COPY services/control-plane/data services/control-plane/data

FROM node:20-bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends tini \
 && rm -rf /var/lib/apt/lists/* \
 && mkdir -p /var/lib/lightswitch \
 && chown 1000:1000 /var/lib/lightswitch
WORKDIR /app
COPY --from=build --chown=0:0 /app /app
ENV NODE_ENV=production \
    LIGHTSWITCH_HOST=0.0.0.0 \
    LIGHTSWITCH_PORT=8080 \
    LIGHTSWITCH_DATA_DIR=/var/lib/lightswitch
# The image's "node" user; numeric so that Kubernetes can verify runAsNonRoot.
USER 1000:1000
EXPOSE 8080
VOLUME ["/var/lib/lightswitch"]
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.LIGHTSWITCH_PORT || 8080) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["node", "--import", "tsx", "services/control-plane/src/cli/main.ts", "serve"]

# syntax=docker/dockerfile:1
# agentic-sdlc: one image for `serve` (the default), `worker` and every CLI command. See docs/deploy-docker.md.
#   docker build -t agentic-sdlc .
#   docker run -p 3000:3000 -v agentic-data:/data agentic-sdlc                      # serve
#   docker run --rm -i agentic-sdlc review --diff - < pr.diff                         # the CLI
# test/deploy/packed-install.test.ts runs what this image runs; test/deploy/docker-files.test.ts checks this file.

# ---- build: the compiler toolchain, every dependency, the build, then the production install ----
FROM node:22-bookworm-slim AS build
# node-gyp builds the SQLite bindings (better-sqlite3, sqlite3) with these when no prebuilt binary can be fetched.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
# Dependencies before sources, so a source change reuses this layer. No install scripts: the build needs
# only TypeScript, and the root `prepare` script would build before the sources are here.
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY . .
# The package as `npm publish` would ship it (package.json "files"): the image holds nothing the tarball lacks.
RUN npm run build \
 && npm pack --ignore-scripts --pack-destination /tmp
# The runtime install, in a folder of its own: the packed files, the lock file (npm pack leaves it out),
# production dependencies only, native modules built here where the toolchain is. `prepare` is dropped:
# the build is done and TypeScript is not installed.
RUN mkdir /app \
 && tar -xzf /tmp/agentic-sdlc-*.tgz -C /app --strip-components=1 \
 && cp package-lock.json /app/ \
 && cd /app \
 && npm pkg delete scripts.prepare \
 && npm ci --omit=dev --no-audit --no-fund

# ---- runtime: Node, tini and the production install; no compiler, no dev dependency ----
FROM node:22-bookworm-slim AS runtime
# tini is PID 1: it passes SIGTERM on to node, whose graceful shutdown finishes or hands back the runs in
# flight (server.shutdownGraceMs), and reaps zombies. With it, `docker run --init` is not needed.
RUN apt-get update \
 && apt-get install -y --no-install-recommends tini \
 && rm -rf /var/lib/apt/lists/*
# State (runs, steps, API tokens) in /data; the LLM response cache goes beside it (/data/llm-cache.sqlite).
ENV NODE_ENV=production \
    AGENTIC_SDLC_DB=/data/state.db
COPY --from=build /app /app
RUN mkdir -p /data /config \
 && chown 1000:1000 /data
VOLUME ["/data"]
# The configuration is the working directory, as for any project: /config/agentic-sdlc.yaml (or .yml) and
# /config/.env are read when present, and relative paths in them (workflows.dirs: [workflows]) are under /config.
WORKDIR /config
# The base image's `node` user, by number so Kubernetes' runAsNonRoot can check it. It owns only /data.
USER 1000:1000
EXPOSE 3000
# /healthz of serve and worker alike, on PORT (default 3000). Slim images have no curl: Node's fetch does it.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz', { signal: AbortSignal.timeout(4000) }).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["tini", "--", "node", "/app/dist/cli/main.js"]
CMD ["serve"]

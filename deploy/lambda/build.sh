#!/bin/sh
# Builds the Lambda ingest's code directory, what deploy/lambda/template.yaml deploys (CodeUri: .lambda/ at the
# repository root, or the directory given as $1): the compiled JavaScript, the built-in workflows, the production
# dependencies of this checkout's node_modules, and your configuration (CONFIG_DIR, copied to config/).
#
# Run it after `npm ci`, on the platform the function runs on (Linux, its architecture): native modules are copied
# as `npm ci` built them. docs/deploy-lambda.md says how (e.g. in the SAM build image) and why.
set -eu

root=$(cd "$(dirname "$0")/../.." && pwd)
out=${1:-$root/.lambda}

case "$(uname -s)/$(uname -m)" in
  Linux/x86_64 | Linux/aarch64) ;;
  *) echo "warning: building on $(uname -s)/$(uname -m): the native modules in node_modules will not load on Lambda (Linux); build in the SAM build image (docs/deploy-lambda.md)" >&2 ;;
esac
if [ ! -d "$root/node_modules/typescript" ]; then
  echo "error: $root/node_modules has no dev dependencies: run npm ci first (the build compiles with TypeScript, then drops them)" >&2
  exit 1
fi

rm -rf "$out"
mkdir -p "$out"
cd "$root"
# Compiled straight into the output (the checkout's dist/ is left alone); no declarations or source maps to ship.
npx tsc -p tsconfig.build.json --outDir "$out/dist" --declaration false --sourceMap false
cp -R package.json package-lock.json workflows "$out/"
cp -R node_modules "$out/node_modules"

cd "$out"
# Offline: only removes what production does not need. Install scripts already ran, on this platform.
npm prune --omit=dev --ignore-scripts --no-audit --no-fund
# Lambda's limit is 250 MB unzipped: type declarations, source maps and native build intermediates are never loaded.
find node_modules -type f \( -name '*.d.ts' -o -name '*.d.mts' -o -name '*.d.cts' -o -name '*.map' \) -delete
find node_modules -type d -path '*/build/Release/obj*' -prune -exec rm -rf {} +
find node_modules -type f -path '*/build/Release/*.a' -delete

if [ -n "${CONFIG_DIR:-}" ]; then
  cp -R "$CONFIG_DIR" "$out/config"
fi
echo "built $out ($(du -sm "$out" | cut -f1) MB unzipped; Lambda allows 250)"

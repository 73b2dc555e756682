import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './dockerfile.js';

/**
 * Prebuilt binaries for the native modules a production install builds (better-sqlite3, sqlite3), made from
 * this checkout's own builds, in the folder and under the names prebuild-install looks for before it downloads.
 * In the image build prebuild-install downloads them from GitHub (or node-gyp compiles them with the build
 * stage's toolchain); here GitHub may be out of reach and compiling both takes minutes, while what the test
 * proves is the package and its dependency list, not the compiler. A module whose binary cannot be made here
 * is simply compiled, as without this.
 */
export function localPrebuilds(dir: string): Record<string, string> {
  const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { dev?: boolean; hasInstallScript?: boolean }> };
  const env: Record<string, string> = {};
  for (const [key, entry] of Object.entries(lock.packages)) {
    if (!key.startsWith('node_modules/') || key.includes('/node_modules/', 1) || entry.dev || !entry.hasInstallScript) continue;
    const folder = join(ROOT, key);
    const pkg = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')) as { name: string; version: string; scripts?: { install?: string }; binary?: { napi_versions?: number[] } };
    const install = pkg.scripts?.install ?? '';
    const release = join(folder, 'build/Release');
    if (!install.includes('prebuild-install') || !existsSync(release)) continue;
    // The module's own binary only (better_sqlite3.node, node_sqlite3.node): prebuild-install loads the last
    // file it unpacks to check it, and a test extension beside it fails that check.
    const binary = readdirSync(release).find((name) => name.endsWith('.node') && name.includes(pkg.name.replace(/[^a-zA-Z0-9]/g, '_')));
    if (!binary) continue;
    // prebuild-install's name: {name}-v{version}-{runtime}-v{abi}-{platform}{libc}-{arch}.tar.gz (libc empty on glibc).
    const napi = /-r napi\b/.test(install);
    const abi = napi
      ? Math.max(...(pkg.binary?.napi_versions ?? []).filter((version) => version <= Number(process.versions.napi)))
      : process.versions.modules;
    const tarball = join(dir, `${pkg.name}-v${pkg.version}-${napi ? 'napi' : 'node'}-v${abi}-${process.platform}-${process.arch}.tar.gz`);
    execFileSync('tar', ['-czf', tarball, '-C', folder, `build/Release/${binary}`]);
    env[`npm_config_${pkg.name.replace(/[^a-zA-Z0-9]/g, '_')}_local_prebuilds`] = dir;
  }
  return env;
}

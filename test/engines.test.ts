// Every installed package must accept every Node version our `engines` admits: `npm ci` on the oldest one
// must not warn EBADENGINE (it did for content-type@3, which needs Node 22).
import { readFileSync } from 'node:fs';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

interface LockPackage {
  version?: string;
  engines?: { node?: string } | string[];
}

const lock = JSON.parse(readFileSync(new URL('../package-lock.json', import.meta.url), 'utf8')) as { packages: Record<string, LockPackage> };
const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { engines: { node: string } };

/** The newest Node release line checked: an open-ended range (`>=24`) is checked up to here. */
const NEWEST_LINE = 24;

/** The first release of each Node line from the oldest one we admit to NEWEST_LINE that our range admits. */
function oldestPerLine(range: string): string[] {
  const first = semver.minVersion(range);
  if (!first) return [];
  const found: string[] = [];
  for (let major = first.major; major <= NEWEST_LINE; major++) {
    search: for (let minor = 0; minor <= 40; minor++) {
      for (let patch = 0; patch <= 20; patch++) {
        const version = `${major}.${minor}.${patch}`;
        if (semver.satisfies(version, range)) {
          found.push(version);
          break search;
        }
      }
    }
  }
  return found;
}

describe('the engines we declare', () => {
  it('the lockfile records the same engines range as package.json', () => {
    expect(lock.packages['']?.engines).toEqual(manifest.engines);
  });

  it('every package in the lockfile accepts the oldest Node of each release line that package.json admits', () => {
    const versions = oldestPerLine(manifest.engines.node);
    expect(versions.length).toBeGreaterThan(0);
    const refused: string[] = [];
    for (const [path, entry] of Object.entries(lock.packages)) {
      const wanted = Array.isArray(entry.engines) ? undefined : entry.engines?.node;
      if (!path || !wanted) continue;
      for (const version of versions) {
        if (!semver.satisfies(version, wanted)) refused.push(`${path.replace(/^.*node_modules\//, '')}@${entry.version} needs node ${wanted}, not ${version}`);
      }
    }
    expect(refused).toEqual([]);
  });
});

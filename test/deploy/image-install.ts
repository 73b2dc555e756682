import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { copyBuildContext } from './build-context.js';
import { ROOT } from './dockerfile.js';
import { localPrebuilds } from './local-prebuilds.js';

/**
 * What the Dockerfile's build stage produces, made in `dir` without Docker: the build context (.dockerignore
 * applied), `npm run build` and `npm pack` there, then the runtime install of the tarball with the lock file
 * and `npm ci --omit=dev`. Returns the folder the runtime stage copies to /app.
 */
export async function installLikeTheImage(dir: string): Promise<string> {
  const context = join(dir, 'context');
  copyBuildContext(context);
  // The checkout's node_modules stands in for the build stage's `npm ci`; tsc keeps its paths under the
  // symlink (else declarations name files outside the package and the build fails).
  symlinkSync(join(ROOT, 'node_modules'), join(context, 'node_modules'), 'dir');
  await run(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--preserveSymlinks'], context);
  await run('npm', ['pack', '--ignore-scripts', '--pack-destination', dir], context);
  const tarball = readdirSync(dir).find((name) => /^agentic-sdlc-.*\.tgz$/.test(name));
  if (!tarball) throw new Error(`npm pack wrote no agentic-sdlc-*.tgz to ${dir}`);

  const app = join(dir, 'app');
  mkdirSync(app);
  await run('tar', ['-xzf', join(dir, tarball), '-C', app, '--strip-components=1'], dir);
  copyFileSync(join(context, 'package-lock.json'), join(app, 'package-lock.json'));
  await run('npm', ['pkg', 'delete', 'scripts.prepare'], app);
  const prebuilds = join(dir, 'prebuilds');
  mkdirSync(prebuilds);
  // --prefer-offline: from the npm cache when it has the packages, from the registry otherwise.
  await run('npm', ['ci', '--omit=dev', '--prefer-offline', '--no-audit', '--no-fund'], app, localPrebuilds(prebuilds));
  return app;
}

function run(command: string, args: string[], cwd: string, env: Record<string, string> = {}): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { cwd, env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (!error) return resolve();
      // tsc reports on stdout, npm on stderr.
      const tail = `${stdout}\n${stderr}`.trim().split('\n').slice(-30).join('\n');
      reject(new Error(`${command} ${args.join(' ')} failed in ${cwd} (${error.message.split('\n')[0]}):\n${tail}`));
    });
  });
}

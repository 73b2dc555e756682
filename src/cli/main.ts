#!/usr/bin/env node
import { Command, CommanderError, Option } from 'commander';
import { SEVERITIES } from '../analysis/finding.js';
import { ConfigError } from '../config/load-config.js';
import { InputError } from '../engine/inputs.js';
import { WorkflowValidationError } from '../engine/loader/index.js';
import { CliError } from './cli-error.js';
import { withRuntime, type GlobalOptions } from './context.js';
import { nothingRan } from './input-hints.js';
import { packageVersion } from './package-version.js';
import { parseInputs, readEvent, resolveWorkflow, runAndWait, runJson } from './commands/run.js';
import { review, type ReviewOptions } from './commands/review.js';
import { listRuns, resumeRuns, showRun } from './commands/runs.js';
import { validate } from './commands/validate.js';

const program = new Command('agentic-sdlc')
  .description('One workflow engine for SDLC automation: PR review, triage and CI-failure analysis.')
  .option('--db <path>', 'state database (default .agentic-sdlc/state.db, or AGENTIC_SDLC_DB)')
  .option('--config <file>', 'configuration file (default ./agentic-sdlc.yaml or ./agentic-sdlc.yml if present, or AGENTIC_SDLC_CONFIG)')
  .option('--verbose', 'show logs and stack traces')
  .version(packageVersion(), '-V, --version', 'print the version')
  .showHelpAfterError()
  .exitOverride();

const globals = (): GlobalOptions => program.opts<GlobalOptions>();
let exitCode = 0;

program
  .command('run')
  .description('run a workflow by name or file and show its outputs')
  .argument('<workflow>', 'workflow name (see workflows/) or path to a .yml file')
  .option('--event <file>', 'trigger event: a saved GitHub webhook payload or a TriggerEvent JSON')
  .option('--event-name <name>', 'GitHub event name for --event when it cannot be guessed')
  .option('--input <key=value>', 'workflow input; key=@file reads the value from a file (repeatable)', collect, [])
  .option('--json', 'print one JSON object: { run, outputs, steps }')
  .action(async (name: string, options: { event?: string; eventName?: string; input: string[]; json?: boolean }) => {
    exitCode = await withRuntime(globals(), async (runtime) => {
      const workflow = await resolveWorkflow(runtime, name);
      const inputs = await parseInputs(options.input);
      const event = options.event ? await readEvent(options.event, options.eventName) : undefined;
      const result = await runAndWait(runtime, workflow, { inputs, ...(event ? { event } : {}) }, options.json === true);
      const idle = result.run.status === 'success' ? nothingRan(workflow, inputs, event !== undefined, result.steps.map((step) => step.status)) : undefined;
      if (options.json) {
        process.stdout.write(`${JSON.stringify(runJson(result), null, 2)}\n`);
      } else {
        process.stdout.write(`run ${result.run.id} ${result.run.status}${result.run.error ? `: ${result.run.error}` : ''}\n`);
        for (const [key, value] of Object.entries(result.run.outputs ?? {})) {
          process.stdout.write(`${key}: ${typeof value === 'string' ? value : JSON.stringify(value, null, 2)}\n`);
        }
      }
      // A run that did nothing is no pass: a gate must not go green because its input was forgotten.
      if (idle) process.stderr.write(`agentic-sdlc: ${idle}\n`);
      return result.run.status === 'success' && !idle ? 0 : 1;
    });
  });

program
  .command('review')
  .description('review a diff with the PR-review workflow (offline analyzer; an AI review too when an LLM provider is configured)')
  .option('--diff <file>', 'unified diff to review, or - for stdin (default: the working tree, untracked files included, against the merge base of --base and HEAD)')
  .option('--base <ref>', 'base ref for the default diff (default origin/HEAD, main or master)')
  .option('--event <file>', 'pull_request webhook payload giving the PR context')
  .option('--workflow <name>', "workflow to run (name or .yml file); it must have a 'findings' output", 'pr-review')
  .addOption(new Option('--fail-on <severity>', 'exit 1 when a finding has this severity or worse').choices(SEVERITIES))
  .option('--fail-on-ai-error', 'exit 1 when a configured LLM provider fails (the offline findings are still reported)')
  .option('--json', 'print { findings, summary, usage, ai, run } as JSON')
  .action(async (options: ReviewOptions) => {
    exitCode = await withRuntime(globals(), (runtime) => review(runtime, options));
  });

program
  .command('validate')
  .description('check workflow files; prints file:line:col for every problem')
  .argument('[paths...]', 'workflow files or folders (default: built-in and configured workflows)')
  .action(async (paths: string[]) => {
    exitCode = await withRuntime(globals(), (runtime) => validate(runtime, paths));
  });

program
  .command('serve')
  .description('run the GitHub App: webhooks, REST API and the engine on one port (PORT, default 3000)')
  .option('--port <n>', 'port to listen on (default 3000, or PORT)')
  .option('--host <host>', 'interface to listen on (default all, or HOST)')
  .option('--setup', 'without APP_ID: also serve the page that creates the GitHub App at /')
  .option('--no-worker', 'accept and queue work only; `agentic-sdlc worker` processes execute it (needs REDIS_URL)')
  .action(async (options: { port?: string; host?: string; setup?: boolean; worker?: boolean }) => {
    // Loaded on demand: the HTTP stack is not needed by the other commands.
    const { serve } = await import('./commands/serve.js');
    exitCode = await serve(globals(), options);
    // Work abandoned at the shutdown deadline (a step retrying a dead network) may still hold timers or
    // sockets; its run resumes on the next start, so nothing is lost by not waiting for it.
    process.exit(exitCode);
  });

program
  .command('worker')
  .description('execute the runs serve processes queue (REDIS_URL and DATABASE_URL); health and metrics on PORT')
  .option('--port <n>', 'port for /healthz, /readyz and /metrics (default 3000, or PORT; 0 picks a free one)')
  .option('--host <host>', 'interface to listen on (default all, or HOST)')
  .action(async (options: { port?: string; host?: string }) => {
    const { worker } = await import('./commands/worker.js');
    exitCode = await worker(globals(), options);
    // As for serve: runs handed back at the deadline resume on another worker.
    process.exit(exitCode);
  });

program
  .command('action')
  .description('run as a GitHub Actions step (action.yml): review the pull request with the job token; inputs from INPUT_* (docs/github-action.md)')
  .action(async () => {
    // Loaded on demand: only the GitHub Action runs it.
    const { action } = await import('./commands/action.js');
    exitCode = await action(globals());
  });

// Loaded on demand (the S3 client only for s3:// files); docs/backup.md.
program
  .command('backup')
  .description('copy the state (runs, steps, API tokens) to <file> or s3://bucket/key, safe while serve runs; DATABASE_URL: prints the pg_dump commands')
  .argument('<file>', 'backup file (a SQLite database), or s3://bucket/key')
  .option('--with-cache', 'also copy the LLM cache file, to <file>.llm-cache')
  .option('--force', 'replace an existing backup')
  .option('--pg-dump', 'with DATABASE_URL: run pg_dump --format=custom into <file>')
  .action(async (file: string, options: { withCache?: boolean; force?: boolean; pgDump?: boolean }) => {
    exitCode = await (await import('./commands/backup.js')).backup(globals(), file, options);
  });
program
  .command('restore')
  .description('copy a backup into a missing or empty state file (stop serve and workers first); DATABASE_URL: prints the pg_restore command')
  .argument('<file>', 'backup file made by agentic-sdlc backup, or s3://bucket/key')
  .option('--with-cache', 'also restore <file>.llm-cache into the LLM cache file')
  .option('--force', 'replace a state file (or cache) that is not empty')
  .action(async (file: string, options: { withCache?: boolean; force?: boolean }) => {
    exitCode = await (await import('./commands/restore.js')).restore(globals(), file, options);
  });

program
  .command('doctor')
  .description('check the configuration and every integration and service it names (GitHub App, Slack, Jira, Jenkins, LLM, Redis, PostgreSQL), one line each with what to fix')
  .option('--online', "also list each LLM provider's models with its key")
  .addOption(new Option('--offline', 'check the configuration only; contact no service').conflicts('online'))
  .option('--timeout <seconds>', 'how long each service may take to answer', '5')
  .option('--json', 'print { ok, checks } as JSON')
  .action(async (options: { online?: boolean; offline?: boolean; timeout?: string; json?: boolean }) => {
    exitCode = await (await import('./commands/doctor.js')).doctor(globals(), options);
    // A service that never answered may still hold a socket; its check already failed at the deadline.
    process.exit(exitCode);
  });
program
  .command('config')
  .description('the effective configuration')
  .command('show')
  .description('every setting, its value (credentials masked) and where it came from: default, file:line:col, variable or flag')
  .option('--json', 'print JSON')
  .action(async (options: { json?: boolean }) => {
    exitCode = (await import('./commands/config-show.js')).configShow(globals(), options);
  });

const runs = program.command('runs').description('inspect and resume stored runs');
runs
  .command('list')
  .description('recent runs, newest first')
  .option('--status <list>', 'only these statuses, comma-separated')
  .option('--limit <n>', 'how many', '20')
  .option('--json', 'print JSON')
  .action(async (options: { status?: string; limit?: string; json?: boolean }) => {
    exitCode = await withRuntime(globals(), (runtime) => listRuns(runtime, options));
  });
runs
  .command('show')
  .description('one run with its steps')
  .argument('<id>', 'run id')
  .option('--json', 'print JSON')
  .action(async (id: string, options: { json?: boolean }) => {
    exitCode = await withRuntime(globals(), (runtime) => showRun(runtime, id, options));
  });
runs
  .command('resume')
  .description('finish runs interrupted by a crash or restart (completed steps are not run again)')
  .option('--json', 'print JSON')
  .action(async (options: { json?: boolean }) => {
    exitCode = await withRuntime(globals(), (runtime) => resumeRuns(runtime, options));
  });

// Loaded on demand (the PostgreSQL driver comes with it); the text is printed once and stored hashed.
const tokens = program.command('tokens').description('REST API tokens: create (printed once), list, revoke');
tokens
  .command('create')
  .description('create a token and print it once')
  .requiredOption('--name <name>', 'a name to list and revoke it by, unique among active tokens')
  .addOption(new Option('--scope <scope>', 'read: GET routes; execute: also run and cancel workflows').choices(['read', 'execute']).makeOptionMandatory())
  .option('--json', 'print JSON, the token included')
  .action(async (options: { name: string; scope: 'read' | 'execute'; json?: boolean }) => {
    exitCode = await (await import('./commands/tokens.js')).createToken(globals(), options);
  });
tokens
  .command('list')
  .description('tokens with their scope and last use (never the token itself)')
  .option('--all', 'include revoked tokens')
  .option('--json', 'print JSON')
  .action(async (options: { all?: boolean; json?: boolean }) => {
    exitCode = await (await import('./commands/tokens.js')).listTokens(globals(), options);
  });
tokens
  .command('revoke')
  .description('refuse a token from now on')
  .argument('<id|name>', 'the id or name shown by tokens list')
  .action(async (idOrName: string) => {
    exitCode = await (await import('./commands/tokens.js')).revokeToken(globals(), idOrName);
  });

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** User errors are one line (several for several problems); stack traces only with --verbose. */
function report(error: unknown): number {
  if (error instanceof CommanderError) return error.exitCode;
  const verbose = process.argv.includes('--verbose');
  if (error instanceof WorkflowValidationError || error instanceof ConfigError || error instanceof InputError || error instanceof CliError) {
    process.stderr.write(`agentic-sdlc: ${error.message}\n`);
    if (verbose && error.stack) process.stderr.write(`${error.stack}\n`);
    return error instanceof CliError ? error.exitCode : 1;
  }
  process.stderr.write(`agentic-sdlc: ${error instanceof Error ? error.message : String(error)}\n`);
  if (verbose && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
  else process.stderr.write('(run again with --verbose for details)\n');
  return 1;
}

try {
  await program.parseAsync(process.argv);
  process.exitCode = exitCode;
} catch (error) {
  // Exits rather than waits: a command that failed half-started (a runtime whose workflows failed to load after
  // Redis and PostgreSQL connected) would otherwise stay alive on its open connections, not listening.
  process.exit(report(error));
}

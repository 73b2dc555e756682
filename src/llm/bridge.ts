import { createHash } from 'node:crypto';
import type Keyv from 'keyv';
import type { z } from 'zod';
import type { StepLogger } from '../engine/action.js';
import { systemClock, type Clock } from '../engine/clock.js';
import { CancelledError, StepError } from '../engine/errors.js';
import { callWithRetries, type RetryPolicy } from './call-with-retries.js';
import { LlmCallError } from './errors.js';
import { BUDGET_EXCEEDED, repoBudgetError, runBudgetError, usd } from './budget-errors.js';
import { KeyvSpendStore } from './keyv-spend-store.js';
import { SpendLedger, roundUsd } from './ledger.js';
import { costOf, type PriceTable } from './prices.js';
import { redactText } from './redact.js';
import { Semaphore } from './semaphore.js';
import type { Reservation, SpendStore } from './spend-store.js';
import { parseStructured, toOutputJsonSchema } from './structured.js';
import { MESSAGE_OVERHEAD_TOKENS, tokenCounter, type TokenCounter } from './tokens.js';
import { formatModelRef, parseModelRef, type ChatMessage, type LlmProvider, type ModelRef, type ProviderResponse, type Usage } from './types.js';

export interface LlmBudget {
  perRunUsd: number;
  perRepoMonthlyUsd?: number;
  contextTokens: number;
  maxOutputTokens: number;
}

export interface LlmBridgeOptions {
  providers: Map<string, LlmProvider>;
  /** Default `provider:model`; without it, the first configured provider's default model. */
  model?: string;
  fallback?: string[];
  prices: PriceTable;
  /** Response cache (and the spend ledger when `spend` is absent). */
  kv: Keyv;
  /** Spend totals and in-flight reservations; several processes share budgets only through a shared store. */
  spend?: SpendStore;
  /** How long a reservation outlives a process that died mid-call; default: the longest a call can take. */
  reservationTtlMs?: number;
  cache: boolean;
  cacheTtlMs: number;
  budget: LlmBudget;
  retry: Omit<RetryPolicy, 'timeoutMs'>;
  timeoutMs: number;
  concurrency: number;
  clock?: Clock;
  random?: () => number;
  /** Values masked in every prompt (configured secrets, API keys). */
  knownSecrets?: string[];
  /** Default models by provider, for `model` absent. */
  defaultModels?: Record<string, string>;
}

/** Where a call happens and who pays: one per action invocation. */
export interface CallScope {
  runId: string;
  repo?: string;
  signal: AbortSignal;
  log: StepLogger;
  emit(name: string, data: unknown): void;
  /** `provider:model` for this step, instead of the configured default. */
  model?: string;
  /** Per-run budget for this step, instead of `llm.budget.perRunUsd`. */
  maxCostUsd?: number;
  /** What the calls are for (`review`, `describe`), in events and logs. */
  purpose: string;
}

export interface StructuredRequest<T> {
  /** Bump when the prompt or schema changes meaning: cached answers of other versions are not reused. */
  promptVersion: string;
  system: string;
  user: string;
  schema: z.ZodType<T>;
  /** Tool / schema name the model sees (`report_findings`). */
  name: string;
  description: string;
  maxOutputTokens?: number;
  /** `false` when the caller caches finer-grained results itself (reviews cache per hunk). */
  cache?: boolean;
}

export interface StructuredResult<T> {
  value: T;
  /** `provider:model` that answered. */
  model: string;
  cached: boolean;
  usage: Usage;
  costUsd: number;
}

export interface UsageTotals {
  calls: number;
  cachedCalls: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  models: string[];
}

export { BUDGET_EXCEEDED, usd };
export const INVALID_OUTPUT = 'llm_invalid_output';

/**
 * The one way actions talk to models: provider choice and fallback, redaction of every prompt, retries,
 * structured output with one repair, token and cost accounting, budgets and the response cache.
 */
export class LlmBridge {
  readonly budget: LlmBudget;
  readonly ledger: SpendLedger;
  readonly concurrency: number;
  private readonly clock: Clock;
  private readonly random: () => number;
  private readonly defaultRef: ModelRef | undefined;
  private readonly fallbackRefs: ModelRef[];
  readonly reservationTtlMs: number;
  private readonly warnedUnpriced = new Set<string>();

  constructor(private readonly options: LlmBridgeOptions) {
    this.budget = options.budget;
    this.ledger = new SpendLedger(options.spend ?? new KeyvSpendStore(options.kv));
    // Every attempt's timeout and every wait between attempts, plus a minute of slack.
    this.reservationTtlMs = options.reservationTtlMs ?? (options.retry.maxRetries + 1) * (options.timeoutMs + options.retry.maxWaitMs) + 60_000;
    this.concurrency = options.concurrency;
    this.clock = options.clock ?? systemClock;
    this.random = options.random ?? Math.random;
    const defaults = options.defaultModels ?? {};
    const first = [...options.providers.keys()][0];
    this.defaultRef = options.model
      ? parseModelRef(options.model)
      : first && defaults[first]
        ? { provider: first, model: defaults[first] }
        : undefined;
    this.fallbackRefs = (options.fallback ?? []).map(parseModelRef);
  }

  /** Whether any provider is configured; without one, agents fall back to the offline analyzer. */
  get available(): boolean {
    return this.options.providers.size > 0 && this.defaultRef !== undefined;
  }

  /** The models a step will try, in order: its own or the default, then the configured fallbacks. */
  chain(model?: string): ModelRef[] {
    const primary = model ? parseModelRef(model) : this.defaultRef;
    if (!primary) throw new StepError('no LLM provider is configured: set OPENAI_API_KEY, ANTHROPIC_API_KEY or OLLAMA_BASE_URL', { code: 'llm_unavailable' });
    if (!this.options.providers.has(primary.provider)) {
      const configured = [...this.options.providers.keys()].join(', ') || 'none';
      throw new StepError(`model ${formatModelRef(primary)}: provider "${primary.provider}" is not configured (configured: ${configured})`, { code: 'llm_unavailable' });
    }
    const chain = [primary];
    for (const ref of this.fallbackRefs) {
      if (this.options.providers.has(ref.provider) && !chain.some((c) => formatModelRef(c) === formatModelRef(ref))) chain.push(ref);
    }
    return chain;
  }

  session(scope: CallScope): LlmSession {
    return new LlmSession(this, scope, this.chain(scope.model));
  }

  /** @internal */
  get internals() {
    return { options: this.options, clock: this.clock, random: this.random, warnedUnpriced: this.warnedUnpriced };
  }

  /** Closes the response cache and the spend store (and with them their Redis connections). */
  async close(): Promise<void> {
    await Promise.all([this.options.kv.disconnect(), this.ledger.close()]);
  }
}

/** The calls of one action invocation: shares its budget, concurrency limit and usage totals. */
export class LlmSession {
  readonly totals: UsageTotals = { calls: 0, cachedCalls: 0, inputTokens: 0, outputTokens: 0, costUsd: 0, models: [] };
  readonly countTokens: TokenCounter;
  private readonly semaphore: Semaphore;

  constructor(
    private readonly bridge: LlmBridge,
    private readonly scope: CallScope,
    readonly chain: ModelRef[],
  ) {
    this.countTokens = tokenCounter(chain[0]!.provider, chain[0]!.model);
    this.semaphore = new Semaphore(bridge.concurrency);
  }

  get primary(): string {
    return formatModelRef(this.chain[0]!);
  }

  get runLimitUsd(): number {
    return this.scope.maxCostUsd ?? this.bridge.budget.perRunUsd;
  }

  /** Worst-case USD of a call with this many prompt tokens on the primary model (undefined when unpriced). */
  worstCaseCost(inputTokens: number, outputTokens: number = this.bridge.budget.maxOutputTokens, ref: ModelRef = this.chain[0]!): number | undefined {
    const price = this.bridge.internals.options.prices.lookup(formatModelRef(ref));
    return price ? costOf(price, { inputTokens, outputTokens, cachedInputTokens: 0 }) : undefined;
  }

  /** Fails before any call when a plan's worst case cannot fit the run's or the repo's remaining budget. */
  async checkPlan(calls: number, promptTokens: number, what: string): Promise<void> {
    const cost = this.worstCaseCost(promptTokens, calls * this.bridge.budget.maxOutputTokens);
    if (cost === undefined) return;
    await this.checkBudget(cost, `${what} (${calls} call${calls === 1 ? '' : 's'}, ${promptTokens.toLocaleString('en-US')} prompt tokens on ${this.primary})`);
  }

  /** Cached values under `provider:model` keys, tried in chain order. */
  async cacheGet<T>(promptVersion: string, contentHash: string): Promise<{ value: T; model: string } | undefined> {
    const { options } = this.bridge.internals;
    if (!options.cache) return undefined;
    for (const ref of this.chain) {
      const value = await options.kv.get<T>(cacheKey(promptVersion, ref, contentHash));
      if (value !== undefined) return { value, model: formatModelRef(ref) };
    }
    return undefined;
  }

  async cacheSet(promptVersion: string, model: string, contentHash: string, value: unknown): Promise<void> {
    const { options } = this.bridge.internals;
    if (!options.cache) return;
    await options.kv.set(cacheKey(promptVersion, parseModelRef(model), contentHash), value, options.cacheTtlMs);
  }

  /** Records a cache hit in the totals and on the bus (it costs nothing). */
  recordCacheHit(model: string, what: string): void {
    this.totals.cachedCalls++;
    this.scope.emit('llm.usage', { purpose: this.scope.purpose, model, cached: true, what, inputTokens: 0, outputTokens: 0, costUsd: 0 });
  }

  /**
   * A structured answer validated by `schema`: from the cache, else from the first model of the chain that
   * answers (with retries, then fallback). Invalid output gets one repair attempt, then a step error.
   */
  async structured<T>(request: StructuredRequest<T>): Promise<StructuredResult<T>> {
    const { options } = this.bridge.internals;
    const known = options.knownSecrets ?? [];
    const system = redactText(request.system, { known });
    const user = redactText(request.user, { known });
    if (system.redactions + user.redactions > 0) {
      this.scope.log.info(`masked ${system.redactions + user.redactions} secret(s) before calling the model`);
    }
    const jsonSchema = toOutputJsonSchema(request.schema);
    const hash = contentHash({ system: system.text, user: user.text, name: request.name, schema: jsonSchema });
    const useCache = request.cache !== false;
    if (useCache) {
      const hit = await this.cacheGet<T>(request.promptVersion, hash);
      if (hit) {
        const parsed = request.schema.safeParse(hit.value);
        if (parsed.success) {
          this.recordCacheHit(hit.model, request.name);
          return { value: parsed.data, model: hit.model, cached: true, usage: { inputTokens: 0, outputTokens: 0, cachedInputTokens: 0 }, costUsd: 0 };
        }
      }
    }

    const failures: string[] = [];
    let last: unknown;
    for (const [index, ref] of this.chain.entries()) {
      try {
        const result = await this.semaphore.run(() => this.onModel(ref, system.text, user.text, jsonSchema, request));
        if (useCache) await this.cacheSet(request.promptVersion, result.model, hash, result.value);
        return result;
      } catch (error) {
        if (!(error instanceof LlmCallError) || this.scope.signal.aborted) throw error;
        last = error;
        failures.push(error.message);
        const next = this.chain[index + 1];
        if (next) this.scope.log.warn(`${formatModelRef(ref)} failed; falling back to ${formatModelRef(next)}`, { error: error.message });
        if (next) this.scope.emit('llm.fallback', { purpose: this.scope.purpose, from: formatModelRef(ref), to: formatModelRef(next), error: error.message });
      }
    }
    if (failures.length === 1) throw last;
    throw new StepError(`every model failed: ${failures.join('; ')}`, {
      retryable: last instanceof StepError ? last.retryable : true,
      code: 'llm_failed',
      cause: last,
    });
  }

  private async onModel<T>(ref: ModelRef, system: string, user: string, jsonSchema: Record<string, unknown>, request: StructuredRequest<T>): Promise<StructuredResult<T>> {
    const model = formatModelRef(ref);
    const maxOutputTokens = request.maxOutputTokens ?? this.bridge.budget.maxOutputTokens;
    const output = { name: request.name, description: request.description, schema: jsonSchema };
    const counter = ref === this.chain[0] ? this.countTokens : tokenCounter(ref.provider, ref.model);
    const schemaTokens = Math.ceil(JSON.stringify(jsonSchema).length / 3);
    const promptTokens = counter(system) + counter(user) + schemaTokens + 2 * MESSAGE_OVERHEAD_TOKENS;

    const messages: ChatMessage[] = [{ role: 'user', content: user }];
    const first = await this.call(ref, { model: ref.model, system, messages, output, maxOutputTokens }, promptTokens);
    let usage = first.response.usage;
    let costUsd = first.costUsd;
    let parsed = parseStructured(request.schema, first.response.structured, first.response.text);
    if (!parsed.ok) {
      if (first.response.refusal) {
        throw new StepError(`${model} refused to answer: ${first.response.refusal.slice(0, 300)}`, { code: 'llm_refusal' });
      }
      const problem = describeProblem(parsed.problem, first.response.stopReason);
      this.scope.log.warn(`${model} returned invalid ${request.name} output; asking once for a repair`, { problem });
      const repair: ChatMessage[] = [
        ...messages,
        { role: 'assistant', content: parsed.raw.slice(0, 20_000) || '(empty answer)' },
        {
          role: 'user',
          content: `Your answer did not match the required schema: ${problem}\nAnswer again with only the corrected JSON for ${request.name}. Be concise.`,
        },
      ];
      const repairTokens = promptTokens + counter(parsed.raw.slice(0, 20_000)) + 100;
      const second = await this.call(ref, { model: ref.model, system, messages: repair, output, maxOutputTokens }, repairTokens);
      usage = addUsage(usage, second.response.usage);
      costUsd = roundUsd(costUsd + second.costUsd);
      parsed = parseStructured(request.schema, second.response.structured, second.response.text);
      if (!parsed.ok) {
        throw new StepError(
          `${model} returned invalid ${request.name} output twice (after one repair attempt): ${describeProblem(parsed.problem, second.response.stopReason)}`,
          { code: INVALID_OUTPUT },
        );
      }
    }
    return { value: parsed.value, model, cached: false, usage, costUsd };
  }

  /** One budgeted call with retries; usage and cost are recorded whatever happens next. */
  private async call(
    ref: ModelRef,
    request: Parameters<typeof callWithRetries>[2],
    promptTokens: number,
  ): Promise<{ response: ProviderResponse; costUsd: number }> {
    const { options, clock, random, warnedUnpriced } = this.bridge.internals;
    const model = formatModelRef(ref);
    const worst = this.worstCaseCost(promptTokens, request.maxOutputTokens, ref);
    if (worst === undefined && !warnedUnpriced.has(model)) {
      warnedUnpriced.add(model);
      this.scope.log.warn(`no price for ${model} in llm.prices: its cost is counted as 0 and budgets cannot bound it`);
    }
    const reservation = await this.reserve(worst ?? 0, `the next call (${model}, ~${promptTokens.toLocaleString('en-US')} prompt tokens)`);
    try {
      const response = await callWithRetries(options.providers.get(ref.provider)!, ref, request, { ...options.retry, timeoutMs: options.timeoutMs }, {
        clock,
        random,
        signal: this.scope.signal,
        log: this.scope.log,
        onRetry: (info) => this.scope.emit('llm.retry', { purpose: this.scope.purpose, ...info }),
      });
      const price = options.prices.lookup(model);
      const costUsd = price ? costOf(price, response.usage) : 0;
      const runCostUsd = await this.bridge.ledger.record(this.scope.runId, this.scope.repo, costUsd, clock.now());
      this.totals.calls++;
      this.totals.inputTokens += response.usage.inputTokens;
      this.totals.outputTokens += response.usage.outputTokens;
      this.totals.costUsd = roundUsd(this.totals.costUsd + costUsd);
      if (!this.totals.models.includes(model)) this.totals.models.push(model);
      this.scope.emit('llm.usage', {
        purpose: this.scope.purpose,
        model,
        cached: false,
        inputTokens: response.usage.inputTokens,
        outputTokens: response.usage.outputTokens,
        cachedInputTokens: response.usage.cachedInputTokens,
        costUsd,
        priced: price !== undefined,
        runCostUsd,
        ...(response.requestId ? { requestId: response.requestId } : {}),
      });
      return { response, costUsd };
    } finally {
      await this.bridge.ledger.release(reservation).catch((error: unknown) => {
        this.scope.log.warn(`could not release the budget reservation of a ${model} call; it lapses by itself within ${Math.ceil(this.bridge.reservationTtlMs / 60_000)} min`, {
          error: error instanceof Error ? error.message : String(error),
        });
      });
    }
  }

  /**
   * Reserves a call's worst case on the run's and the repo's budgets before it is made, checked and taken in
   * one step of the spend store, so parallel calls (in any process sharing it) cannot overshoot together.
   */
  private async reserve(worstUsd: number, what: string): Promise<Reservation> {
    if (this.scope.signal.aborted) throw new CancelledError();
    const { runId, repo } = this.scope;
    const monthly = this.bridge.budget.perRepoMonthlyUsd;
    const admission = await this.bridge.ledger.reserve({
      runId,
      repo,
      at: this.bridge.internals.clock.now(),
      amountUsd: worstUsd,
      runLimitUsd: this.runLimitUsd,
      repoMonthlyLimitUsd: monthly,
      ttlMs: this.bridge.reservationTtlMs,
    });
    if ('reservation' in admission) return admission.reservation;
    if (admission.refused === 'run') throw runBudgetError(runId, what, worstUsd, admission.committedUsd, this.runLimitUsd);
    throw repoBudgetError(repo!, what, worstUsd, admission.committedUsd, monthly!);
  }

  private async checkBudget(worstUsd: number, what: string): Promise<void> {
    if (this.scope.signal.aborted) throw new CancelledError();
    const { clock } = this.bridge.internals;
    const limit = this.runLimitUsd;
    const spent = await this.bridge.ledger.runCommitted(this.scope.runId);
    if (spent + worstUsd > limit) throw runBudgetError(this.scope.runId, what, worstUsd, spent, limit);
    const monthly = this.bridge.budget.perRepoMonthlyUsd;
    if (monthly !== undefined && this.scope.repo) {
      const repoSpent = await this.bridge.ledger.repoCommitted(this.scope.repo, clock.now());
      if (repoSpent + worstUsd > monthly) throw repoBudgetError(this.scope.repo, what, worstUsd, repoSpent, monthly);
    }
  }
}

export function contentHash(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex');
}

function cacheKey(promptVersion: string, ref: ModelRef, hash: string): string {
  return `cache:${promptVersion}:${ref.provider}:${ref.model}:${hash}`;
}

function addUsage(a: Usage, b: Usage): Usage {
  return { inputTokens: a.inputTokens + b.inputTokens, outputTokens: a.outputTokens + b.outputTokens, cachedInputTokens: a.cachedInputTokens + b.cachedInputTokens };
}

function describeProblem(problem: string, stopReason: string | undefined): string {
  return stopReason === 'length' || stopReason === 'max_tokens' ? `${problem} (the answer was cut off at the output token limit)` : problem;
}

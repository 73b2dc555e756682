import { parseModelRef } from '../../llm/types.js';
import { fail, off, ok, reasonOf, withDeadline, type Check, type CheckLine, type DoctorContext } from './check.js';
import { listModels } from './llm-models.js';

/** The variable that configures each provider. */
const PROVIDER_VARIABLES: Record<string, string> = { openai: 'OPENAI_API_KEY', anthropic: 'ANTHROPIC_API_KEY', ollama: 'OLLAMA_BASE_URL' };

/**
 * One line per configured provider (its key set; with `--online`, its model list fetched with that key, which
 * proves the key and the base URL), and one for the models runs will use: the default (`llm.model`, else the
 * first provider's) and the fallbacks, each of whose provider must be configured. A fallback of an unconfigured
 * provider is skipped silently at run time, so it is named here. No provider at all is no error: reviews then
 * use the offline analyzers.
 */
export const llmCheck: Check = async (context) => {
  const { providers, model, fallback } = context.config.llm;
  const configured = Object.keys(PROVIDER_VARIABLES).filter((name) => (name === 'ollama' ? providers.ollama?.baseURL : providers[name as 'openai' | 'anthropic']?.apiKey));
  if (!configured.length && !model) {
    return [off('LLM', 'no provider configured: reviews use the offline analyzers (set ANTHROPIC_API_KEY, OPENAI_API_KEY or OLLAMA_BASE_URL; docs/llm.md)')];
  }
  const lines = await Promise.all(configured.map((provider) => providerLine(context, provider)));
  lines.push(await modelsLine(context, configured, fallback));
  return lines;
};

async function providerLine(context: DoctorContext, provider: string): Promise<CheckLine> {
  const name = `LLM ${provider}`;
  const variable = PROVIDER_VARIABLES[provider]!;
  if (!context.online) return ok(name, `${variable} set (not contacted: --online lists its models)`);
  try {
    const ids = await withDeadline(context.timeoutMs, (signal) => listModels(provider, context.config.llm.providers, signal, context.timeoutMs));
    return ok(name, `${variable} accepted: ${ids.length} model${ids.length === 1 ? '' : 's'} offered${listed(context, provider, ids)}`);
  } catch (error) {
    const status = (error as { status?: unknown }).status;
    // A provider's refusal may quote part of the key: only the status is shown.
    if (status === 401 || status === 403) return fail(name, `${variable} was refused (HTTP ${status})`, `set ${variable} to a valid key`);
    const reason = typeof status === 'number' ? `HTTP ${status}` : reasonOf(error);
    return fail(name, `listing models failed: ${reason}`, `check the network path to ${provider} and its base URL setting`);
  }
}

/** Whether the configured models of this provider are in its list (an alias may work unlisted, so this is said, not failed). */
function listed(context: DoctorContext, provider: string, ids: string[]): string {
  const wanted = [context.config.llm.model, ...context.config.llm.fallback].flatMap((ref) => (ref ? [parseModelRef(ref)] : [])).filter((ref) => ref.provider === provider);
  const unlisted = wanted.filter((ref) => !ids.includes(ref.model)).map((ref) => ref.model);
  return unlisted.length ? `; not listed: ${unlisted.join(', ')} (an alias may still work)` : '';
}

async function modelsLine(context: DoctorContext, configured: string[], fallback: string[]): Promise<CheckLine> {
  const name = 'LLM models';
  let chain: string[];
  try {
    chain = (await context.runtime()).llm.chain().map((ref) => `${ref.provider}:${ref.model}`);
  } catch (error) {
    const provider = context.config.llm.model ? parseModelRef(context.config.llm.model).provider : undefined;
    const variable = provider && PROVIDER_VARIABLES[provider];
    return fail(name, `llm.model (AGENTIC_SDLC_MODEL): ${reasonOf(error)}`, variable ? `set ${variable}, or choose a model of a configured provider` : 'choose a model of a configured provider');
  }
  const skipped = fallback.filter((ref) => !configured.includes(parseModelRef(ref).provider));
  if (skipped.length) {
    return fail(name, `fallback ${skipped.join(', ')} is skipped: its provider is not configured`, `configure ${[...new Set(skipped.map((ref) => PROVIDER_VARIABLES[parseModelRef(ref).provider] ?? parseModelRef(ref).provider))].join(', ')} or remove it from llm.fallback`);
  }
  return ok(name, `${chain[0]}${chain.length > 1 ? `, then ${chain.slice(1).join(', ')}` : ''}`);
}

import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';

describe('the server block of the configuration', () => {
  it('defaults to every interface, GitHub\'s 25 MiB cap and its 10 s wait', () => {
    expect(loadConfig({ cwd: import.meta.dirname, env: {} }).server).toEqual({ port: 3000, maxBodyBytes: 26_214_400, bodyTimeoutMs: 10_000, shutdownGraceMs: 10_000 });
  });

  it('reads HOST, AGENTIC_SDLC_MAX_BODY_BYTES and AGENTIC_SDLC_BODY_TIMEOUT_MS from the environment', () => {
    const env = { HOST: '127.0.0.1', AGENTIC_SDLC_MAX_BODY_BYTES: '1048576', AGENTIC_SDLC_BODY_TIMEOUT_MS: '5000' };
    expect(loadConfig({ cwd: import.meta.dirname, env }).server).toMatchObject({ host: '127.0.0.1', maxBodyBytes: 1_048_576, bodyTimeoutMs: 5_000 });
  });

  it('names the variable when a limit is out of range', () => {
    expect(() => loadConfig({ cwd: import.meta.dirname, env: { AGENTIC_SDLC_MAX_BODY_BYTES: '10' } })).toThrow(/AGENTIC_SDLC_MAX_BODY_BYTES \(server\.maxBodyBytes\): .*1024/);
  });
});

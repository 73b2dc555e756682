import { describe, expect, it } from 'vitest';
import { startApiRig } from './rig.js';

describe('a failure inside the server', () => {
  it('answers 500 internal without a stack trace or the cause', async () => {
    const rig = await startApiRig();
    try {
      // The store goes away under the API: every read now throws inside the handler.
      await rig.runtime.store.close();
      const response = await fetch(`${rig.url}/api/jobs/run_x`, { headers: { authorization: `Bearer ${rig.tokens.read}` } });
      expect(response.status).toBe(500);
      const text = await response.text();
      expect(JSON.parse(text)).toEqual({ error: 'internal', message: 'the server failed to answer; the cause is in its log' });
      expect(text).not.toMatch(/database|\bat\b|\.ts/);
    } finally {
      await rig.close();
    }
  });
});

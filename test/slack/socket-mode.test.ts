import nock from 'nock';
import { afterEach, expect, it } from 'vitest';
import { strictNock } from '../github/helpers.js';
import { SLACK_API, startSlackRig } from './helpers.js';

afterEach(() => {
  const pending = nock.pendingMocks();
  nock.cleanAll();
  expect(pending).toEqual([]);
});

it('with an app token, serve connects over Socket Mode through SLACK_API_URL, and a refused token stops it', async () => {
  strictNock();
  nock(SLACK_API, { reqheaders: { authorization: 'Bearer xapp-test-app-token' } })
    .post('/api/apps.connections.open')
    .reply(200, { ok: false, error: 'invalid_auth' });
  await expect(startSlackRig({ slack: { appToken: 'xapp-test-app-token' } })).rejects.toThrow(/invalid_auth/);
});

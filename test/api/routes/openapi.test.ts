import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { OPERATIONS } from '../../../src/api/openapi.js';
import { executeRequestSchema, listQuerySchema, submitRequestSchema } from '../../../src/api/schemas.js';
import { startApiRig, type ApiRig } from './rig.js';

let rig: ApiRig;
let doc: any; // eslint-disable-line @typescript-eslint/no-explicit-any
beforeAll(async () => {
  rig = await startApiRig();
  const response = await fetch(`${rig.url}/api/openapi.json`);
  expect(response.status).toBe(200);
  doc = await response.json();
});
afterAll(async () => {
  await rig.close();
});

/** Every `$ref` in the document, with where it was found. */
function refs(value: unknown, path = ''): { ref: string; at: string }[] {
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, child]) => (key === '$ref' && typeof child === 'string' ? [{ ref: child, at: path }] : refs(child, `${path}/${key}`)));
}

describe('GET /api/openapi.json', () => {
  it('is an OpenAPI 3.1 document served without a token, every other operation needing one', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(doc.paths['/api/openapi.json'].get.security).toEqual([]);
    for (const operation of OPERATIONS.filter((op) => op.path !== '/api/openapi.json')) {
      expect(doc.paths[operation.path][operation.method].security).toEqual([{ bearer: [] }]);
    }
  });

  it('lists exactly the routes the server answers under /api', async () => {
    // Each documented operation exists: without a token it is refused (401), not unknown (404).
    for (const operation of OPERATIONS.filter((op) => op.scope)) {
      const path = operation.path.replace('{id}', 'run_x');
      const response = await fetch(`${rig.url}${path}`, { method: operation.method.toUpperCase() });
      expect([operation.method, path, response.status]).toEqual([operation.method, path, 401]);
    }
    // And the server answers nothing else there.
    expect((await rig.call('GET', '/api/workflows')).status).toBe(404);
    expect((await rig.call('PUT', '/api/jobs/run_x')).status).toBe(404);
    const documented = Object.entries(doc.paths).flatMap(([path, methods]) => Object.keys(methods as object).map((method) => `${method} ${path}`));
    expect(documented.sort()).toEqual(OPERATIONS.map((op) => `${op.method} ${op.path}`).sort());
  });

  it('describes request bodies and query parameters with the schemas the routes validate with', () => {
    const component = (name: string) => doc.components.schemas[name] as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    const { $schema: _a, ...execute } = z.toJSONSchema(executeRequestSchema, { io: 'input' }) as Record<string, unknown>;
    expect(doc.paths['/api/workflows/execute'].post.requestBody.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/ExecuteRequest' });
    // The event is a shared component, referenced where the generated schema inlines it.
    expect({ ...component('ExecuteRequest'), properties: { ...component('ExecuteRequest').properties, event: component('ApiEvent') } }).toEqual(execute);
    expect(component('SubmitRequest').properties).not.toHaveProperty('wait');
    expect(Object.keys(component('SubmitRequest').properties).sort()).toEqual(Object.keys(submitRequestSchema.shape).sort());
    expect(component('ExecuteRequest').additionalProperties).toBe(false);
    const params = (doc.paths['/api/jobs'].get.parameters as { name: string; in: string }[]).map((param: { name: string; in: string }) => `${param.in}:${param.name}`);
    expect(params.sort()).toEqual(Object.keys(listQuerySchema.shape).map((name) => `query:${name}`).sort());
    expect((doc.paths['/api/workflows/execute/stream'].get.parameters as { name: string; required: boolean }[]).find((param) => param.name === 'workflow')?.required).toBe(true);
  });

  it('resolves every $ref to a component', () => {
    const all = refs(doc);
    expect(all.length).toBeGreaterThan(10);
    for (const { ref, at } of all) {
      expect(ref, at).toMatch(/^#\/components\/schemas\//);
      expect(doc.components.schemas[ref.split('/').pop()!], `${ref} at ${at}`).toBeDefined();
    }
  });

  it('documents answers that match what the routes send', async () => {
    const { body } = await rig.call('POST', '/api/workflows/execute', { body: { workflow: 'echo', inputs: { message: 'shape' } } });
    const job = doc.components.schemas.Job;
    expect(Object.keys(body).every((key) => key in job.properties)).toBe(true);
    expect((job.required as string[]).every((key) => key in body)).toBe(true);
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Type } from 'typebox';
import type { Module } from '../module.ts';
import { createTestStore, cookieFrom, type TestStore } from '../../testing/store.ts';
import { Problem } from './problem.ts';

let releaseSlow: () => void = () => {};

const probe: Module = {
  name: 'probe',
  register(app) {
    app.post(
      '/api/v1/probe/echo',
      {
        config: { access: 'public' },
        schema: { body: Type.Object({ name: Type.String({ minLength: 1, maxLength: 20 }), quantity: Type.Integer({ minimum: 1 }) }) },
      },
      async (request) => ({ got: request.body }),
    );
    app.get('/api/v1/probe/boom', { config: { access: 'public' } }, async () => {
      throw new Error('connection to 10.0.0.7 failed: password=hunter2');
    });
    app.get('/probe/boom', { config: { access: 'public' } }, async () => {
      throw new Error('SELECT * FROM secrets');
    });
    app.get('/api/v1/probe/conflict', { config: { access: 'public' } }, async () => {
      throw new Problem({ status: 409, type: 'already-paid', title: 'This order is already paid', detail: 'Nothing was charged twice.' });
    });
    app.get('/api/v1/probe/slow', { config: { access: 'public' } }, async () => {
      await new Promise<void>((resolve) => {
        releaseSlow = resolve;
      });
      return { finished: true };
    });
    app.post('/probe/form', { config: { access: 'public' } }, async () => ({ accepted: true }));
    app.post('/probe/cached-form', { config: { access: 'public', csrf: 'origin' } }, async () => ({ accepted: true }));
    app.get('/probe/form', { config: { access: 'public' } }, async (request) => ({ token: request.csrfToken() }));
    app.get('/api/v1/probe/staff-only', { config: { access: ['agent', 'admin'] } }, async () => ({ secret: 'staff' }));
    app.get('/probe/staff-page', { config: { access: ['admin'] } }, async () => 'admin page');
  },
};

describe('HTTP platform', () => {
  let store: TestStore;
  before(async () => {
    store = await createTestStore({ modules: [probe] });
  });
  after(async () => {
    await store.close();
  });

  it('answers an unknown API route with problem+json 404', async () => {
    const response = await store.app.inject({ method: 'GET', url: '/api/v1/nothing-here' });
    assert.equal(response.statusCode, 404);
    assert.match(response.headers['content-type'] as string, /^application\/problem\+json/);
    const body = response.json();
    assert.equal(body.type, '/problems/not-found');
    assert.equal(body.status, 404);
    assert.equal(body.instance, '/api/v1/nothing-here');
    assert.equal(body.requestId, response.headers['x-request-id']);
  });

  it('answers an unknown page with a friendly HTML page and a next step', async () => {
    const response = await store.app.inject({ method: 'GET', url: '/no-such-page', headers: { accept: 'text/html' } });
    assert.equal(response.statusCode, 404);
    assert.match(response.headers['content-type'] as string, /^text\/html/);
    assert.match(response.body, /href="\/"/);
    assert.match(response.body, /name="q"/, 'a search box');
    assert.match(response.body, /href="\/help"/);
  });

  it('lists each failing field of a 400 validation error', async () => {
    const response = await store.app.inject({ method: 'POST', url: '/api/v1/probe/echo', payload: { name: '', quantity: 0 } });
    assert.equal(response.statusCode, 400);
    const body = response.json();
    assert.equal(body.type, '/problems/validation');
    const fields = body.errors.map((e: { field: string }) => e.field).sort();
    assert.deepEqual(fields, ['name', 'quantity']);
    const missing = await store.app.inject({ method: 'POST', url: '/api/v1/probe/echo', payload: {} });
    assert.deepEqual(missing.json().errors.map((e: { field: string; message: string }) => `${e.field} ${e.message}`).sort(), ['name is required', 'quantity is required']);
  });

  it('rejects malformed JSON, a wrong content type and an oversized body with 4xx problems', async () => {
    const malformed = await store.app.inject({ method: 'POST', url: '/api/v1/probe/echo', headers: { 'content-type': 'application/json' }, payload: '{"name": "x",' });
    assert.equal(malformed.statusCode, 400);
    assert.equal(malformed.json().type, '/problems/malformed-body');
    const wrongType = await store.app.inject({ method: 'POST', url: '/api/v1/probe/echo', headers: { 'content-type': 'application/xml' }, payload: '<x/>' });
    assert.equal(wrongType.statusCode, 415);
    assert.equal(wrongType.json().type, '/problems/unsupported-media-type');
    const huge = await store.app.inject({ method: 'POST', url: '/api/v1/probe/echo', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ name: 'x'.repeat(2 * 1024 * 1024), quantity: 1 }) });
    assert.equal(huge.statusCode, 413);
    assert.match(huge.headers['content-type'] as string, /problem\+json/);
  });

  it('turns a thrown error into a 500 with the request id and nothing internal', async () => {
    const response = await store.app.inject({ method: 'GET', url: '/api/v1/probe/boom', headers: { 'x-request-id': 'req-12345678' } });
    assert.equal(response.statusCode, 500);
    const body = response.json();
    assert.equal(body.type, '/problems/internal');
    assert.equal(body.requestId, 'req-12345678');
    assert.doesNotMatch(response.body, /hunter2|10\.0\.0\.7|stack|at /);
    const page = await store.app.inject({ method: 'GET', url: '/probe/boom', headers: { accept: 'text/html' } });
    assert.equal(page.statusCode, 500);
    assert.doesNotMatch(page.body, /SELECT|secrets|\.ts:/);
    assert.match(page.body, /Something went wrong on our side/);
  });

  it('passes a service Problem through with its stable type', async () => {
    const response = await store.app.inject({ method: 'GET', url: '/api/v1/probe/conflict' });
    assert.equal(response.statusCode, 409);
    assert.equal(response.json().type, '/problems/already-paid');
    assert.equal(response.json().detail, 'Nothing was charged twice.');
  });

  it('sends security headers with a real Content-Security-Policy', async () => {
    const response = await store.app.inject({ method: 'GET', url: '/healthz' });
    const csp = response.headers['content-security-policy'] as string;
    assert.match(csp, /default-src 'self'/);
    assert.match(csp, /script-src 'self'(;|$)/);
    assert.match(csp, /frame-ancestors 'none'/);
    assert.equal(response.headers['x-content-type-options'], 'nosniff');
  });

  it('rejects a form post without a valid CSRF token and accepts one with it', async () => {
    const form = (body: Record<string, string>) => new URLSearchParams(body).toString();
    const formHeaders = { 'content-type': 'application/x-www-form-urlencoded' };
    const denied = await store.app.inject({ method: 'POST', url: '/probe/form', headers: { ...formHeaders, accept: 'text/html' }, payload: form({ x: '1' }) });
    assert.equal(denied.statusCode, 403);
    assert.match(denied.body, /form has expired/);
    const tokenResponse = await store.app.inject({ method: 'GET', url: '/probe/form' });
    const token = tokenResponse.json().token as string;
    const cookie = cookieFrom(tokenResponse, '_csrf');
    assert.equal(cookie, token);
    const forged = await store.app.inject({ method: 'POST', url: '/probe/form', headers: formHeaders, cookies: { _csrf: `${token.split('.')[0]}.forged` }, payload: form({ _csrf: `${token.split('.')[0]}.forged` }) });
    assert.equal(forged.statusCode, 403);
    const mismatch = await store.app.inject({ method: 'POST', url: '/probe/form', headers: formHeaders, cookies: { _csrf: token }, payload: form({ _csrf: 'other.value' }) });
    assert.equal(mismatch.statusCode, 403);
    const accepted = await store.app.inject({ method: 'POST', url: '/probe/form', headers: formHeaders, cookies: { _csrf: token }, payload: form({ _csrf: token }) });
    assert.equal(accepted.statusCode, 200);
    const crossSite = await store.app.inject({ method: 'POST', url: '/api/v1/probe/echo', headers: { 'sec-fetch-site': 'cross-site' }, payload: { name: 'x', quantity: 1 } });
    assert.equal(crossSite.statusCode, 403);
  });

  it('checks forms of cached pages by the browser origin headers instead of a token', async () => {
    const post = (headers: Record<string, string>) =>
      store.app.inject({ method: 'POST', url: '/probe/cached-form', headers: { 'content-type': 'application/x-www-form-urlencoded', host: 'store.test', ...headers }, payload: 'x=1' });
    assert.equal((await post({ 'sec-fetch-site': 'same-origin' })).statusCode, 200);
    assert.equal((await post({ 'sec-fetch-site': 'same-site' })).statusCode, 403);
    assert.equal((await post({ 'sec-fetch-site': 'cross-site' })).statusCode, 403);
    assert.equal((await post({ origin: 'http://store.test' })).statusCode, 200);
    assert.equal((await post({ origin: 'https://evil.example' })).statusCode, 403);
    assert.equal((await post({ origin: 'null' })).statusCode, 403);
    // Neither header: not a browser, so not a cross-site forgery.
    assert.equal((await post({})).statusCode, 200);
  });

  it('guards routes by role: 401 for the API, a sign-in redirect for pages', async () => {
    const api = await store.app.inject({ method: 'GET', url: '/api/v1/probe/staff-only' });
    assert.equal(api.statusCode, 401);
    assert.equal(api.json().type, '/problems/unauthenticated');
    const page = await store.app.inject({ method: 'GET', url: '/probe/staff-page', headers: { accept: 'text/html' } });
    assert.equal(page.statusCode, 303);
    assert.equal(page.headers.location, '/staff/sign-in?next=%2Fprobe%2Fstaff-page');
  });

  it('refuses to add a route that does not say who may use it', async () => {
    const bare: Module = { name: 'bare', register: (app) => void app.get('/undeclared', async () => 'x') };
    await assert.rejects(createTestStore({ modules: [bare] }), /does not declare who may use it/);
  });

  it('serves the OpenAPI document and the metrics', async () => {
    const openapi = await store.app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
    assert.equal(openapi.statusCode, 200);
    assert.equal(openapi.json().openapi, '3.1.0');
    const metrics = await store.app.inject({ method: 'GET', url: '/metrics' });
    assert.match(metrics.body, /http_request_duration_seconds_bucket/);
    assert.match(metrics.body, /job_queue_waiting/);
    const ready = await store.app.inject({ method: 'GET', url: '/readyz' });
    assert.equal(ready.statusCode, 200);
    assert.deepEqual(ready.json(), { status: 'ready', database: 'migrated' });
  });
});

describe('graceful shutdown', () => {
  it('finishes a request in flight, then refuses new ones', async () => {
    const store = await createTestStore({ modules: [probe] });
    await store.app.listen({ port: 0, host: '127.0.0.1' });
    const address = store.app.server.address() as { port: number };
    const inFlight = fetch(`http://127.0.0.1:${address.port}/api/v1/probe/slow`);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const stopping = store.close();
    await new Promise((resolve) => setTimeout(resolve, 200));
    releaseSlow();
    const response = await inFlight;
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), { finished: true });
    await stopping;
    await assert.rejects(fetch(`http://127.0.0.1:${address.port}/healthz`));
  });
});

// The hosted card page over real HTTP, as a browser uses it: the form, the redirect back to
// the shop, declines, typing mistakes, 3-D Secure, and a second payment of a paid intent.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { startSimulator, type GatewaySimulator } from './server.ts';

const RETURN_URL = 'https://shop.example/checkout/return?order=DS-7K4Q';

describe('the simulator’s hosted card page', () => {
  let simulator: GatewaySimulator;

  before(async () => {
    simulator = await startSimulator({ secretKey: 'sk_test_page', webhookSecret: 'whsec_page' });
  });
  after(() => simulator.close());

  async function newIntent(captureMethod = 'manual'): Promise<{ id: string; client_secret: string }> {
    const response = await fetch(`${simulator.url}/v1/payment_intents`, {
      method: 'POST',
      headers: { authorization: `Bearer ${simulator.secretKey}`, 'content-type': 'application/x-www-form-urlencoded', 'idempotency-key': randomUUID() },
      body: new URLSearchParams({ amount: '4599', currency: 'usd', capture_method: captureMethod, 'metadata[order_id]': randomUUID() }),
    });
    return (await response.json()) as { id: string; client_secret: string };
  }

  const pageUrl = (intent: { id: string; client_secret: string }) =>
    `${simulator.url}/pay/${intent.id}?${new URLSearchParams({ client_secret: intent.client_secret, return_url: RETURN_URL })}`;

  async function submit(path: string, fields: Record<string, string>) {
    return fetch(`${simulator.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields),
      redirect: 'manual',
    });
  }

  /** The hidden fields of the page's form, as the browser would send them. */
  function hiddenFields(html: string): Record<string, string> {
    const fields: Record<string, string> = {};
    for (const [, name, value] of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) fields[name!] = value!.replace(/&amp;/g, '&');
    return fields;
  }

  async function pay(intent: { id: string; client_secret: string }, card: Record<string, string>) {
    const page = await fetch(pageUrl(intent));
    assert.equal(page.status, 200);
    const html = await page.text();
    const action = /<form method="post" action="([^"]+)"/.exec(html)![1]!;
    return { html, response: await submit(action, { ...hiddenFields(html), ...card }) };
  }

  const visa = { number: '4242 4242 4242 4242', expiry: '12 / 34', cvc: '123', name: 'Ada Lovelace' };

  it('shows the amount and a card form, then sends the browser back with redirect_status=succeeded', async () => {
    const intent = await newIntent();
    const { html, response } = await pay(intent, visa);
    assert.match(html, /\$45\.99/);
    assert.match(html, /autocomplete="cc-number"/);
    assert.equal(response.status, 303);
    const back = new URL(response.headers.get('location')!);
    assert.equal(`${back.origin}${back.pathname}`, 'https://shop.example/checkout/return');
    assert.equal(back.searchParams.get('order'), 'DS-7K4Q', 'the shop’s own parameters are kept');
    assert.equal(back.searchParams.get('payment_intent'), intent.id);
    assert.equal(back.searchParams.get('redirect_status'), 'succeeded');
    assert.equal(simulator.charges().filter((charge) => charge.intentId === intent.id).length, 1);
  });

  it('sends a declined card back with redirect_status=failed', async () => {
    const intent = await newIntent();
    const { response } = await pay(intent, { ...visa, number: '4000000000009995' });
    assert.equal(new URL(response.headers.get('location')!).searchParams.get('redirect_status'), 'failed');
    assert.equal(simulator.intents().find((i) => i.id === intent.id)?.status, 'requires_payment_method');
  });

  it('points at a mistyped number without charging, and never writes the number back into the page', async () => {
    const intent = await newIntent();
    const { response } = await pay(intent, { ...visa, number: '4242 4242 4242 4241' });
    assert.equal(response.status, 422);
    const html = await response.text();
    assert.match(html, /Your card number is incorrect\./);
    assert.match(html, /aria-invalid="true"/);
    assert.doesNotMatch(html, /4242 4242 4242 4241|4242424242424241/);
    assert.match(html, /value="12 \/ 34"/, 'the expiry typed is kept');
    const expired = await pay(intent, { ...visa, expiry: '01 / 20' });
    assert.match(await expired.response.text(), /expiration year is in the past/);
    assert.equal(simulator.charges().filter((charge) => charge.intentId === intent.id).length, 0);
  });

  it('asks a 3-D Secure card to authenticate; Complete pays, Fail does not', async () => {
    for (const [button, outcome] of [['complete', 'succeeded'], ['fail', 'failed']] as const) {
      const intent = await newIntent();
      const { response } = await pay(intent, { ...visa, number: '4000 0025 0000 3155' });
      assert.equal(response.status, 200);
      const challenge = await response.text();
      assert.match(challenge, /Confirm your payment/);
      const done = await submit(`/pay/${intent.id}/authenticate`, { ...hiddenFields(challenge), result: button });
      assert.equal(done.status, 303);
      assert.equal(new URL(done.headers.get('location')!).searchParams.get('redirect_status'), outcome);
    }
  });

  it('tells whoever pays second that it is already paid, and charges once', async () => {
    const intent = await newIntent();
    const customer = await fetch(pageUrl(intent));
    const agent = await fetch(pageUrl(intent));
    const customerHtml = await customer.text();
    const agentHtml = await agent.text();
    const first = await submit(`/pay/${intent.id}`, { ...hiddenFields(customerHtml), ...visa });
    assert.equal(first.status, 303);
    const second = await submit(`/pay/${intent.id}`, { ...hiddenFields(agentHtml), ...visa, number: '5555 5555 5555 4444' });
    assert.equal(second.status, 409);
    assert.match(await second.text(), /already been made/);
    assert.equal(simulator.charges().filter((charge) => charge.intentId === intent.id).length, 1);
    assert.match(await (await fetch(pageUrl(intent))).text(), /Already paid/);
  });

  it('refuses a wrong client secret or a missing return address', async () => {
    const intent = await newIntent();
    assert.equal((await fetch(`${simulator.url}/pay/${intent.id}?client_secret=nope&return_url=${encodeURIComponent(RETURN_URL)}`)).status, 404);
    assert.equal((await fetch(`${simulator.url}/pay/${intent.id}?client_secret=${intent.client_secret}&return_url=javascript:alert(1)`)).status, 400);
    const forged = await submit(`/pay/${intent.id}`, { client_secret: 'nope', return_url: RETURN_URL, ...visa });
    assert.equal(forged.status, 404);
    assert.equal(simulator.charges().filter((charge) => charge.intentId === intent.id).length, 0);
  });
});

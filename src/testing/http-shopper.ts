// A shopper over real HTTP, doing what the checkout page's scripts and a browser do: a guest
// cart, checkout's hold, the details saved by the autosave, Place order with an
// Idempotency-Key, the card typed on the gateway's hosted page, and the way back to the
// store. For a store running in another process (the crash test, the orders benchmark);
// every request carries a browser's headers and the cookies the store set. Also: the shop
// such a shopper needs (shipping and tax for the address, products in stock), made through
// the modules' own code.
import http from 'node:http';
import https from 'node:https';
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';
import type { Platform } from '../platform/platform.ts';
import { ensureDemoShipping } from '../modules/shipping/index.ts';
import { ensureDemoTax } from '../modules/tax/index.ts';
import { productInput, saveTestProduct, setTestStock } from './catalog.ts';

/** An address the demo shipping zones and tax rates cover (New York: tax added to prices). */
export const SHOPPER_DETAILS = { email: 'ada@example.com', name: 'Ada Lovelace', line1: '1 Main Street', city: 'Albany', region: 'NY', postalCode: '12207', country: 'US' };

/** Stripe's test Visa, accepted without 3-D Secure. */
export const TEST_CARD = { number: '4242 4242 4242 4242', expiry: '12 / 34', cvc: '123', name: 'Ada Lovelace' };

const CHROME = {
  'accept-encoding': 'gzip, deflate, br',
  'accept-language': 'en-US,en;q=0.9',
  'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36',
};
/** A same-origin fetch() from the store's own page. */
const FETCH = { ...CHROME, accept: 'application/json', 'sec-fetch-dest': 'empty', 'sec-fetch-mode': 'cors', 'sec-fetch-site': 'same-origin' };
/** A page navigation (a link followed, a form sent, a redirect); `sec-fetch-site` is set per request. */
const NAVIGATE = { ...CHROME, accept: 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.8', 'sec-fetch-dest': 'document', 'sec-fetch-mode': 'navigate', 'upgrade-insecure-requests': '1' };

/**
 * Connections kept open between requests, as a browser keeps them. node:http rather than
 * fetch(): a benchmark's load driver shares the machine with the store, and fetch costs it
 * about three times the CPU per request (measured here: 280–340 µs against 80–120 µs).
 */
const keptOpen = { 'http:': new http.Agent({ keepAlive: true }), 'https:': new https.Agent({ keepAlive: true }) };

/** Decoders for what a browser accepts (CHROME's accept-encoding). */
const DECODE: Record<string, (body: Buffer) => Buffer> = { br: brotliDecompressSync, gzip: gunzipSync, deflate: inflateSync };

/** No answer came: the connection was refused or dropped (the server died). */
export class NoAnswer extends Error {
  override name = 'NoAnswer';
}

/** One request as a browser sends it; redirects are answers, not followed; the body decoded. Rejects with NoAnswer when no answer comes. */
function send(target: URL, method: string, headers: Record<string, string>, body: string | undefined): Promise<Answer> {
  const client = target.protocol === 'https:' ? https : http;
  if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body));
  return new Promise((resolve, reject) => {
    const request = client.request(target, { method, headers, agent: keptOpen[target.protocol === 'https:' ? 'https:' : 'http:'] }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', (error) => reject(new NoAnswer(`${method} ${target.pathname}: the answer broke off`, { cause: error })));
      response.on('end', () => {
        try {
          const raw = Buffer.concat(chunks);
          const encoding = response.headers['content-encoding'];
          const decoded = encoding && DECODE[encoding] ? DECODE[encoding](raw) : raw;
          const answerHeaders = new Headers();
          for (let i = 0; i < response.rawHeaders.length; i += 2) answerHeaders.append(response.rawHeaders[i]!, response.rawHeaders[i + 1]!);
          resolve({ status: response.statusCode ?? 0, headers: answerHeaders, body: decoded.toString('utf8') });
        } catch (error) {
          reject(error as Error);
        }
      });
    });
    request.on('error', (error) => reject(new NoAnswer(`${method} ${target.pathname}: no answer`, { cause: error })));
    request.end(body);
  });
}

/** Demo shipping and tax, and `count` products of one variant each with `onHand` units; answers their variant ids. */
export async function stockShop(platform: Platform, options: { count: number; onHand: number; priceMinor?: number; prefix?: string }): Promise<string[]> {
  await ensureDemoShipping(platform);
  await ensureDemoTax(platform);
  const store = { platform };
  const ids: string[] = [];
  for (let i = 1; i <= options.count; i++) {
    const handle = `${options.prefix ?? 'shop-item'}-${String(i).padStart(4, '0')}`;
    ids.push(...(await saveTestProduct(store, productInput(handle, [{ options: [], priceMinor: options.priceMinor ?? 2500 }]))));
  }
  await setTestStock(store, ids, options.onHand);
  return ids;
}

export interface Answer {
  status: number;
  headers: Headers;
  body: string;
}

/** The store or the gateway answered something a browser would not have carried on from. */
export class UnexpectedAnswer extends Error {
  override name = 'UnexpectedAnswer';
  readonly step: string;
  readonly status: number;
  constructor(step: string, answer: Answer) {
    super(`${step}: answered ${answer.status}: ${answer.body.slice(0, 500)}`);
    this.step = step;
    this.status = answer.status;
  }
}

/** What Place order answers (the parts a client reads). */
export interface PlacedOrder {
  number: string;
  status: string;
  orderUrl: string;
  payment: { status: string; cardPageUrl: string | null };
}

export interface PlaceAnswer {
  /** 201 created, 200 the cart's order already stood. */
  status: 200 | 201;
  /** The first answer to this Idempotency-Key, replayed. */
  replayed: boolean;
  order: PlacedOrder;
}

const decode = (html: string) => html.replace(/&quot;/g, '"').replace(/&#x27;|&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

export class HttpShopper {
  readonly baseUrl: string;
  /** Cookies by origin, as the browser keeps them. */
  readonly #cookies = new Map<string, Map<string, string>>();

  constructor(baseUrl: string) {
    this.baseUrl = baseUrl;
  }

  /** One request; cookies sent and kept; redirects not followed. Throws when no answer comes (the server died). */
  async request(url: string, init: { method?: string; headers?: Record<string, string>; json?: unknown; form?: Record<string, string> } = {}): Promise<Answer> {
    const target = new URL(url, this.baseUrl);
    const jar = this.#cookies.get(target.origin) ?? new Map<string, string>();
    this.#cookies.set(target.origin, jar);
    const headers: Record<string, string> = { ...(init.headers ?? FETCH) };
    if (jar.size) headers.cookie = [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
    let body: string | undefined;
    if (init.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(init.json);
    } else if (init.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(init.form).toString();
    }
    if (init.method && init.method !== 'GET') headers.origin ??= target.origin;
    const response = await send(target, init.method ?? 'GET', headers, body);
    for (const cookie of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = cookie.split(';');
      const at = pair.indexOf('=');
      // Deleting a cookie is setting it to expire now or in the past.
      const gone = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a) || (/^\s*expires=/i.test(a) && Date.parse(a.split('=')[1]!) <= Date.now()));
      if (gone) jar.delete(pair.slice(0, at).trim());
      else jar.set(pair.slice(0, at).trim(), pair.slice(at + 1).trim());
    }
    return response;
  }

  async #expect(step: string, status: number, url: string, init?: Parameters<HttpShopper['request']>[1]): Promise<Answer> {
    const answer = await this.request(url, init);
    if (answer.status !== status) throw new UnexpectedAnswer(step, answer);
    return answer;
  }

  async addToCart(variantId: string, quantity = 1): Promise<void> {
    await this.#expect('add to cart', 201, '/api/v1/cart/lines', { method: 'POST', json: { variantId, quantity } });
  }

  /** Checkout: the cart's items are held for this shopper. */
  async hold(): Promise<void> {
    await this.#expect('hold', 200, '/api/v1/checkout/hold', { method: 'POST' });
  }

  /** The autosave: email and shipping address. */
  async saveDetails(details: Record<string, string> = SHOPPER_DETAILS): Promise<void> {
    await this.#expect('save details', 200, '/api/v1/checkout/draft', { method: 'PUT', json: { changes: details } });
  }

  /** Place order as sent, whatever the answer (409 while a first request with the key is still running, …). */
  placeOrderRequest(idempotencyKey: string): Promise<Answer> {
    return this.request('/api/v1/checkout/orders', { method: 'POST', json: {}, headers: { ...FETCH, 'idempotency-key': idempotencyKey } });
  }

  async placeOrder(idempotencyKey: string): Promise<PlaceAnswer> {
    const answer = await this.placeOrderRequest(idempotencyKey);
    if (answer.status !== 200 && answer.status !== 201) throw new UnexpectedAnswer('place order', answer);
    return { status: answer.status, replayed: answer.headers.get('idempotent-replayed') === 'true', order: JSON.parse(answer.body) as PlacedOrder };
  }

  /**
   * Place order again with the same key after the first request got no answer: while the
   * store still counts that request as running (409, Retry-After), wait as asked and retry.
   */
  async placeOrderAgain(idempotencyKey: string, timeoutMs: number): Promise<PlaceAnswer> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const answer = await this.placeOrderRequest(idempotencyKey);
      if (answer.status !== 409 || !answer.headers.has('retry-after') || Date.now() > deadline) {
        if (answer.status !== 200 && answer.status !== 201) throw new UnexpectedAnswer('place order again', answer);
        return { status: answer.status, replayed: answer.headers.get('idempotent-replayed') === 'true', order: JSON.parse(answer.body) as PlacedOrder };
      }
      await new Promise((r) => setTimeout(r, Number(answer.headers.get('retry-after')) * 1000));
    }
  }

  /** The order's page (the confirmation): its "Now:" status label. */
  async orderStatus(order: PlacedOrder): Promise<string> {
    const page = await this.#expect('order page', 200, order.orderUrl, { headers: { ...NAVIGATE, 'sec-fetch-site': 'same-origin' } });
    const now = /Now:\s*<strong>([^<]*)<\/strong>/.exec(page.body);
    if (!now || !page.body.includes(order.number)) throw new UnexpectedAnswer('order page without the order', page);
    return decode(now[1]!);
  }

  /**
   * The gateway's card page for the order: the one Place order answered, or, when the gateway
   * had not answered then, the order page's "Pay by card" button, which asks for it again.
   */
  async cardPage(order: PlacedOrder): Promise<string> {
    if (order.payment.cardPageUrl) return order.payment.cardPageUrl;
    const page = await this.#expect('order page', 200, order.orderUrl, { headers: { ...NAVIGATE, 'sec-fetch-site': 'same-origin' } });
    const link = /href="([^"]+\/pay\/pi_[^"]+)"/.exec(page.body);
    if (link) return decode(link[1]!);
    const form = /<form[^>]*action="([^"]*\/pay\/card)"[^>]*>([\s\S]*?)<\/form>/.exec(page.body);
    if (!form) throw new UnexpectedAnswer('order page without a way to pay', page);
    const fields = Object.fromEntries([...form[2]!.matchAll(/<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"/g)].map((m) => [m[1]!, decode(m[2]!)]));
    const sent = await this.#expect('pay by card', 303, decode(form[1]!), { method: 'POST', form: fields, headers: { ...NAVIGATE, 'sec-fetch-site': 'same-origin', 'sec-fetch-user': '?1' } });
    const location = sent.headers.get('location') ?? '';
    if (!location.includes('/pay/pi_')) throw new UnexpectedAnswer('pay by card without a card page', sent);
    return location;
  }

  /** Types the card on the gateway's page and sends it; answers where the gateway sends the browser back (the store's return address). */
  async payOnCardPage(cardPageUrl: string, card = TEST_CARD): Promise<string> {
    const page = new URL(cardPageUrl);
    const form = { client_secret: page.searchParams.get('client_secret') ?? '', return_url: page.searchParams.get('return_url') ?? '', ...card };
    const sent = await this.#expect('card page', 303, `${page.origin}${page.pathname}`, { method: 'POST', form, headers: { ...NAVIGATE, 'sec-fetch-site': 'same-origin', 'sec-fetch-user': '?1' } });
    const back = sent.headers.get('location') ?? '';
    if (!/[?&]redirect_status=succeeded(&|$)/.test(back)) throw new UnexpectedAnswer('card page: payment not accepted', { ...sent, body: back });
    return back;
  }

  /** Follows the gateway's redirect back to the store, which records the payment and sends the browser to the order page. */
  async returnToStore(returnUrl: string): Promise<void> {
    const back = await this.#expect('return from the card page', 303, returnUrl, { headers: { ...NAVIGATE, 'sec-fetch-site': 'cross-site' } });
    if (!(back.headers.get('location') ?? '').includes('/orders/')) throw new UnexpectedAnswer('return from the card page: not sent to the order', back);
  }
}

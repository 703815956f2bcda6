// A browser stand-in for HTTP tests: keeps the cookies the store sets (dropping expired
// ones), sends them back, and remembers the CSRF token of the last page it was given.
// Test helpers extend it with the requests their pages need.
import type { InjectOptions } from 'fastify';
import type { TestStore } from './store.ts';

let nextAddress = 1;

export class TestBrowser {
  readonly cookies = new Map<string, string>();
  csrf = '';
  readonly store: Pick<TestStore, 'app'>;
  /** Each browser has its own address, so per-address rate limits do not mix tests. */
  readonly ip = `10.77.${Math.floor(nextAddress / 250) % 250}.${nextAddress++ % 250}`;

  constructor(store: Pick<TestStore, 'app'>) {
    this.store = store;
  }

  async request(options: InjectOptions & { headers?: Record<string, string> }) {
    const response = await this.store.app.inject({
      ...options,
      remoteAddress: this.ip,
      headers: { cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '), ...options.headers },
    });
    const raw = response.headers['set-cookie'];
    for (const line of (Array.isArray(raw) ? raw : raw ? [raw] : []) as string[]) {
      const [pair, ...attributes] = line.split(';');
      const [name, ...rest] = pair!.split('=');
      const gone = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a) || /expires=thu, 01 jan 1970/i.test(a));
      if (gone || rest.join('=') === '') this.cookies.delete(name!);
      else this.cookies.set(name!, rest.join('='));
    }
    const token = /name="_csrf" value="([^"]+)"/.exec(response.body)?.[1];
    if (token) this.csrf = token;
    return response;
  }

  page(url: string) {
    return this.request({ method: 'GET', url, headers: { accept: 'text/html' } });
  }

  /** A form post from one of our pages, with the page's CSRF token. */
  form(url: string, fields: Record<string, string>, csrf: string | null = this.csrf) {
    const body = new URLSearchParams({ ...(csrf === null ? {} : { _csrf: csrf }), ...fields });
    return this.request({
      method: 'POST',
      url,
      headers: { accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' },
      payload: body.toString(),
    });
  }

  api(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) {
    return this.request({ method, url, headers: { accept: 'application/json' }, ...(payload ? { payload } : {}) });
  }
}

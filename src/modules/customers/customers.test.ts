import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import { fixedClock } from '../../platform/clock.ts';
import { readDevMailbox } from '../../platform/mail/mailer.ts';
import { createTestStore, type TestStore } from '../../testing/store.ts';
import { closeStore } from './test-support.ts';
import { findOrCreateCustomerByEmail } from './index.ts';
import { customerAccounts, customers } from './schema.ts';

/** A browser stand-in: keeps cookies, finds the CSRF token on the last page it loaded. */
class Browser {
  readonly cookies = new Map<string, string>();
  csrf = '';
  readonly store: TestStore;
  readonly ip: string;
  constructor(
    store: TestStore,
    ip = `10.0.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`,
  ) {
    this.store = store;
    this.ip = ip;
  }
  #cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
  #keep(response: { headers: Record<string, unknown> }) {
    const raw = response.headers['set-cookie'];
    for (const line of (Array.isArray(raw) ? raw : raw ? [raw] : []) as string[]) {
      const [pair, ...attributes] = line.split(';');
      const [name, ...rest] = pair!.split('=');
      const value = rest.join('=');
      const expired = attributes.some(
        (a) => /max-age=0\b/i.test(a.trim()) || /expires=thu, 01 jan 1970/i.test(a.trim()),
      );
      if (expired || value === '') this.cookies.delete(name!);
      else this.cookies.set(name!, value);
    }
  }
  async get(url: string) {
    const response = await this.store.app.inject({
      method: 'GET',
      url,
      remoteAddress: this.ip,
      headers: { accept: 'text/html', cookie: this.#cookieHeader() },
    });
    this.#keep(response);
    const token = /name="_csrf" value="([^"]+)"/.exec(response.body)?.[1];
    if (token) this.csrf = token;
    return response;
  }
  async post(url: string, fields: Record<string, string>, csrf: string | null = this.csrf) {
    const body = new URLSearchParams({ ...(csrf === null ? {} : { _csrf: csrf }), ...fields });
    const response = await this.store.app.inject({
      method: 'POST',
      url,
      remoteAddress: this.ip,
      headers: {
        accept: 'text/html',
        'content-type': 'application/x-www-form-urlencoded',
        cookie: this.#cookieHeader(),
      },
      payload: body.toString(),
    });
    this.#keep(response);
    return response;
  }
  async api(method: 'GET' | 'POST', url: string, payload?: object) {
    const response = await this.store.app.inject({
      method,
      url,
      remoteAddress: this.ip,
      headers: { cookie: this.#cookieHeader() },
      ...(payload ? { payload } : {}),
    });
    this.#keep(response);
    return response;
  }
}

const PASSWORD = 'correct horse battery';

async function signUpByPage(
  browser: Browser,
  email: string,
  name = 'Ann Example',
  password = PASSWORD,
) {
  await browser.get('/account/sign-up');
  return browser.post('/account/sign-up', { email, name, password });
}

async function waitForMail(store: TestStore, to: string, subject: RegExp) {
  for (let i = 0; i < 100; i++) {
    const found = (await readDevMailbox(store.platform.database.db, to)).find((m) =>
      subject.test(m.subject),
    );
    if (found) return found;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no mail "${subject}" to ${to} within 10 s`);
}

describe('customer accounts', () => {
  let store: TestStore;
  before(async () => {
    store = await createTestStore({ worker: true });
  });
  after(async () => {
    await closeStore(store);
  });

  it('shows a sign-up form with the right autocomplete hints and a way to sign in instead', async () => {
    const page = await new Browser(store).get('/account/sign-up');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /autocomplete="name"/);
    assert.match(page.body, /autocomplete="email"/);
    assert.match(page.body, /autocomplete="new-password"/);
    assert.match(page.body, /href="\/account\/sign-in"/);
  });

  it('signs up through the page, starts a session and shows the account', async () => {
    const browser = new Browser(store);
    const response = await signUpByPage(browser, '  Ann.Page@Example.com ', 'Ann Page');
    assert.equal(response.statusCode, 303);
    assert.equal(response.headers.location, '/account?welcome=1');
    const cookie = ([] as string[])
      .concat(response.headers['set-cookie'] as string[])
      .find((c) => c.startsWith('sid='))!;
    assert.match(cookie, /HttpOnly/i);
    assert.match(cookie, /SameSite=Lax/i);
    assert.match(cookie, /Path=\//);
    assert.match(cookie, /Max-Age=2592000/);
    assert.doesNotMatch(cookie, /Secure/, 'not Secure on an http base URL');

    const account = await browser.get('/account?welcome=1');
    assert.equal(account.statusCode, 200);
    assert.match(account.body, /Ann Page/);
    assert.match(account.body, /Ann\.Page@Example\.com/, 'the email as typed (trimmed)');
    assert.match(account.body, /Standard/);
    assert.match(account.body, /Your orders will appear here/);
    assert.match(account.body, /action="\/account\/sign-out"/);

    const [row] = await store.platform.database.db
      .select()
      .from(customers)
      .where(eq(customers.emailNormalized, 'ann.page@example.com'));
    assert.equal(row?.email, 'Ann.Page@Example.com');
    await waitForMail(store, 'ann.page@example.com', /Welcome to Doorstep/);
  });

  it('re-renders the form with field errors and the values typed, never the password', async () => {
    const browser = new Browser(store);
    await browser.get('/account/sign-up');
    const response = await browser.post('/account/sign-up', {
      email: 'not-an-email',
      name: 'Bea <b>',
      password: 'short-pw1',
    });
    assert.equal(response.statusCode, 400);
    assert.match(response.body, /Enter an email address like name@example.com/);
    assert.match(response.body, /Use at least 10 characters/);
    assert.match(response.body, /value="not-an-email"/);
    assert.match(response.body, /value="Bea &lt;b>"/, 'typed values are escaped');
    assert.doesNotMatch(response.body, /short-pw1/);
    assert.equal(browser.cookies.has('sid'), false);
  });

  it('refuses a second account for the same email, suggesting sign-in or reset', async () => {
    const first = new Browser(store);
    await signUpByPage(first, 'twice@example.com');
    const second = new Browser(store);
    const page = await signUpByPage(second, 'TWICE@example.com');
    assert.equal(page.statusCode, 409);
    assert.match(page.body, /already/i);
    assert.match(page.body, /href="\/account\/sign-in"/);
    assert.match(page.body, /href="\/account\/reset"/);
    assert.equal(second.cookies.has('sid'), false);
    const api = await second.api('POST', '/api/v1/auth/sign-up', {
      email: 'twice@example.com',
      name: 'X',
      password: PASSWORD,
    });
    assert.equal(api.statusCode, 409);
    assert.equal(api.json().type, '/problems/account-exists');
    assert.match(api.json().detail, /Sign in instead, or reset your password/);
  });

  it('makes one record for an address that several requests bring at once', async () => {
    const found = await Promise.all(
      Array.from({ length: 6 }, (_, i) => store.platform.database.transaction((tx) => findOrCreateCustomerByEmail(tx, 'Rush@Example.com', i === 3 ? 'Rosa' : undefined))),
    );
    assert.equal(new Set(found.map((customer) => customer.id)).size, 1);
    const rows = await store.platform.database.db.select().from(customers).where(eq(customers.emailNormalized, 'rush@example.com'));
    assert.equal(rows.length, 1);
  });

  it('attaches a new account to the guest record of the same email', async () => {
    const guest = await store.platform.database.transaction((tx) =>
      findOrCreateCustomerByEmail(tx, 'Guest@Example.com'),
    );
    assert.equal(guest.hasAccount, false);
    const again = await store.platform.database.transaction((tx) =>
      findOrCreateCustomerByEmail(tx, ' guest@example.COM', 'Gus'),
    );
    assert.equal(again.id, guest.id, 'one row per normalised email');
    assert.equal(again.name, 'Gus', 'an empty name is filled in');
    const renamed = await store.platform.database.transaction((tx) => findOrCreateCustomerByEmail(tx, 'guest@example.com', 'Someone Else'));
    assert.equal(renamed.name, 'Gus', 'a name already there is kept');

    const browser = new Browser(store);
    const response = await browser.api('POST', '/api/v1/auth/sign-up', {
      email: 'guest@example.com',
      name: 'Gus Guest',
      password: PASSWORD,
    });
    assert.equal(response.statusCode, 201);
    assert.equal(response.json().customer.id, guest.id);
    assert.equal(response.json().customer.name, 'Gus Guest');
    const rows = await store.platform.database.db
      .select()
      .from(customers)
      .where(eq(customers.emailNormalized, 'guest@example.com'));
    assert.equal(rows.length, 1);
  });

  it('signs up and reads /api/v1/me through the JSON API', async () => {
    const browser = new Browser(store);
    const anonymous = await browser.api('GET', '/api/v1/me');
    assert.equal(anonymous.statusCode, 401);
    assert.match(anonymous.headers['content-type'] as string, /application\/problem\+json/);

    const created = await browser.api('POST', '/api/v1/auth/sign-up', {
      email: 'api@example.com',
      name: 'Api Person',
      password: PASSWORD,
    });
    assert.equal(created.statusCode, 201);
    const { customer } = created.json();
    assert.deepEqual(Object.keys(customer).sort(), ['createdAt', 'email', 'id', 'name', 'tier']);
    const me = await browser.api('GET', '/api/v1/me');
    assert.equal(me.statusCode, 200);
    assert.deepEqual(me.json(), {
      kind: 'customer',
      id: customer.id,
      email: 'api@example.com',
      name: 'Api Person',
      tier: 'standard',
    });

    const out = await browser.api('POST', '/api/v1/auth/sign-out');
    assert.equal(out.statusCode, 204);
    assert.equal((await browser.api('GET', '/api/v1/me')).statusCode, 401);

    const bad = await browser.api('POST', '/api/v1/auth/sign-up', {
      email: 'x',
      name: '',
      password: 'a',
    });
    assert.equal(bad.statusCode, 400);
    assert.deepEqual(
      bad
        .json()
        .errors.map((e: { field: string }) => e.field)
        .sort(),
      ['email', 'name', 'password'],
    );
  });

  it('signs in, rotates the session, and honours only a same-site next path', async () => {
    const owner = new Browser(store);
    await signUpByPage(owner, 'signin@example.com');
    await owner.post('/account/sign-out', {});

    const browser = new Browser(store);
    const page = await browser.get('/account/sign-in?next=%2Faccount%3Ftab%3Dorders');
    assert.match(page.body, /autocomplete="current-password"/);
    assert.match(page.body, /Forgot your password\?/);
    assert.match(page.body, /New here\?/);
    const first = await browser.post('/account/sign-in', {
      email: 'SignIn@example.com',
      password: PASSWORD,
      next: '/account?tab=orders',
    });
    assert.equal(first.statusCode, 303);
    assert.equal(first.headers.location, '/account?tab=orders');
    const firstSid = browser.cookies.get('sid')!;

    await browser.get('/account/sign-in');
    for (const next of [
      '//evil.example/x',
      '/\\evil.example',
      'https://evil.example/',
      'javascript:alert(1)',
    ]) {
      const response = await browser.post('/account/sign-in', {
        email: 'signin@example.com',
        password: PASSWORD,
        next,
      });
      assert.equal(response.statusCode, 303);
      assert.equal(response.headers.location, '/account', `next=${next} is ignored`);
    }
    assert.notEqual(browser.cookies.get('sid'), firstSid, 'a new session id on every sign-in');
    const stale = await store.app.inject({
      method: 'GET',
      url: '/api/v1/me',
      headers: { cookie: `sid=${firstSid}` },
    });
    assert.equal(stale.statusCode, 401, 'the previous session is destroyed');
  });

  it('answers a wrong password exactly as an unknown email', async () => {
    const owner = new Browser(store);
    await owner.api('POST', '/api/v1/auth/sign-up', {
      email: 'known@example.com',
      name: 'Known',
      password: PASSWORD,
    });

    const browser = new Browser(store);
    const wrong = await browser.api('POST', '/api/v1/auth/sign-in', {
      email: 'known@example.com',
      password: 'not the password',
    });
    const unknown = await browser.api('POST', '/api/v1/auth/sign-in', {
      email: 'nobody@example.com',
      password: 'not the password',
    });
    assert.equal(wrong.statusCode, 401);
    assert.equal(unknown.statusCode, 401);
    const strip = (body: Record<string, unknown>) => ({ ...body, requestId: undefined });
    assert.deepEqual(strip(wrong.json()), strip(unknown.json()));
    assert.equal(wrong.json().title, 'That email and password do not match');

    await browser.get('/account/sign-in');
    const wrongPage = await browser.post('/account/sign-in', {
      email: 'known@example.com',
      password: 'nope-nope-nope',
    });
    const unknownPage = await browser.post('/account/sign-in', {
      email: 'nobody@example.com',
      password: 'nope-nope-nope',
    });
    assert.equal(wrongPage.statusCode, 422);
    assert.equal(unknownPage.statusCode, 422);
    assert.match(wrongPage.body, /That email and password do not match/);
    assert.match(unknownPage.body, /That email and password do not match/);
    assert.match(wrongPage.body, /value="known@example.com"/, 'the email typed is kept');
    assert.doesNotMatch(wrongPage.body, /nope-nope-nope/);
    assert.equal(browser.cookies.has('sid'), false);
  });

  it('rejects form posts without or with a forged CSRF token, changing nothing', async () => {
    const browser = new Browser(store);
    await browser.get('/account/sign-up');
    const missing = await browser.post(
      '/account/sign-up',
      { email: 'csrf@example.com', name: 'C', password: PASSWORD },
      null,
    );
    assert.equal(missing.statusCode, 403);
    assert.match(missing.body, /This form has expired/);
    const forged = await browser.post(
      '/account/sign-up',
      { email: 'csrf@example.com', name: 'C', password: PASSWORD },
      `${browser.csrf.slice(0, -2)}xx`,
    );
    assert.equal(forged.statusCode, 403);
    const other = new Browser(store);
    await other.get('/account/sign-up');
    const foreign = await browser.post(
      '/account/sign-up',
      { email: 'csrf@example.com', name: 'C', password: PASSWORD },
      other.csrf,
    );
    assert.equal(foreign.statusCode, 403, "another browser's token does not fit this cookie");
    const rows = await store.platform.database.db
      .select()
      .from(customers)
      .where(eq(customers.emailNormalized, 'csrf@example.com'));
    assert.equal(rows.length, 0);
    assert.equal(browser.cookies.has('sid'), false);
  });

  it('sends anonymous visitors to sign in (pages) or answers 401 (API)', async () => {
    const browser = new Browser(store);
    const page = await browser.get('/account');
    assert.equal(page.statusCode, 303);
    assert.equal(page.headers.location, '/account/sign-in?next=%2Faccount');
    const api = await browser.api('GET', '/api/v1/me');
    assert.equal(api.statusCode, 401);
    assert.equal(api.json().type, '/problems/unauthenticated');
  });

  it('signs out and the session no longer works', async () => {
    const browser = new Browser(store);
    await signUpByPage(browser, 'leaver@example.com');
    const sid = browser.cookies.get('sid')!;
    await browser.get('/account');
    const out = await browser.post('/account/sign-out', {});
    assert.equal(out.statusCode, 303);
    assert.equal(out.headers.location, '/account/sign-in?signedOut=1');
    assert.equal(browser.cookies.has('sid'), false);
    const replay = await store.app.inject({
      method: 'GET',
      url: '/account',
      headers: { accept: 'text/html', cookie: `sid=${sid}` },
    });
    assert.equal(replay.statusCode, 303);
  });

  it('resets a password from the emailed link, once, and signs out every other session', async () => {
    const phone = new Browser(store);
    await signUpByPage(phone, 'forgetful@example.com', 'Fern');
    const phoneSid = phone.cookies.get('sid')!;

    const browser = new Browser(store);
    await browser.get('/account/reset');
    const known = await browser.post('/account/reset', { email: 'Forgetful@example.com' });
    const unknown = await browser.post('/account/reset', { email: 'stranger@example.com' });
    assert.equal(known.statusCode, 200);
    assert.equal(unknown.statusCode, 200);
    const sentText = (body: string) =>
      /<div class="alert alert--success"[\s\S]*?<\/div>/.exec(body)?.[0];
    assert.ok(sentText(known.body));
    assert.equal(sentText(known.body), sentText(unknown.body), 'the same answer either way');

    const mail = await waitForMail(store, 'forgetful@example.com', /Reset your Doorstep password/);
    const link = /http:\/\/store\.test(\/account\/reset\/[\w.-]+)/.exec(mail.text)?.[1];
    assert.ok(link, 'the mail carries the link');
    assert.ok(mail.html?.includes(link), 'and so does its HTML part');
    assert.equal(
      (await readDevMailbox(store.platform.database.db, 'stranger@example.com')).length,
      0,
    );

    const form = await browser.get(link);
    assert.equal(form.statusCode, 200);
    assert.match(form.body, /autocomplete="new-password"/);
    const tooShort = await browser.post(link, { password: 'short' });
    assert.equal(tooShort.statusCode, 400);
    assert.match(tooShort.body, /Use at least 10 characters/);

    const done = await browser.post(link, { password: 'a brand new passphrase' });
    assert.equal(done.statusCode, 303);
    assert.equal(done.headers.location, '/account?passwordChanged=1');
    assert.ok(browser.cookies.get('sid'));
    const account = await browser.get('/account?passwordChanged=1');
    assert.equal(account.statusCode, 200);
    assert.match(account.body, /Fern/);

    const old = await store.app.inject({
      method: 'GET',
      url: '/api/v1/me',
      headers: { cookie: `sid=${phoneSid}` },
    });
    assert.equal(old.statusCode, 401, 'other sessions are destroyed');
    const signIn = (password: string) =>
      new Browser(store).api('POST', '/api/v1/auth/sign-in', {
        email: 'forgetful@example.com',
        password,
      });
    assert.equal((await signIn(PASSWORD)).statusCode, 401);
    assert.equal((await signIn('a brand new passphrase')).statusCode, 200);

    const reused = await browser.get(link);
    assert.equal(reused.statusCode, 410);
    assert.match(reused.body, /This link no longer works/);
    assert.doesNotMatch(reused.body, /name="password"/);
    const reusedPost = await browser.post(link, { password: 'yet another passphrase' });
    assert.equal(reusedPost.statusCode, 410);
    assert.equal(
      (await signIn('yet another passphrase')).statusCode,
      401,
      'the used link changed nothing',
    );

    const api = await browser.api('POST', '/api/v1/auth/password-reset/confirm', {
      token: link.split('/').pop()!,
      password: 'yet another passphrase',
    });
    assert.equal(api.statusCode, 400);
    assert.equal(api.json().type, '/problems/reset-link-invalid');
  });

  it('resets through the JSON API too, and refuses a forged token', async () => {
    const browser = new Browser(store);
    await browser.api('POST', '/api/v1/auth/sign-up', {
      email: 'api-reset@example.com',
      name: 'Ray',
      password: PASSWORD,
    });
    const asked = await browser.api('POST', '/api/v1/auth/password-reset', {
      email: 'api-reset@example.com',
    });
    const stranger = await browser.api('POST', '/api/v1/auth/password-reset', {
      email: 'no-account@example.com',
    });
    assert.equal(asked.statusCode, 202);
    assert.deepEqual(asked.json(), stranger.json());
    const mail = await waitForMail(store, 'api-reset@example.com', /Reset/);
    const token = /\/account\/reset\/([\w.-]+)/.exec(mail.text)![1]!;

    const forged = await browser.api('POST', '/api/v1/auth/password-reset/confirm', {
      token: `${token.split('.')[0]}.AAAA`,
      password: 'another good passphrase',
    });
    assert.equal(forged.statusCode, 400);
    const confirmed = await browser.api('POST', '/api/v1/auth/password-reset/confirm', {
      token,
      password: 'another good passphrase',
    });
    assert.equal(confirmed.statusCode, 200);
    assert.equal(confirmed.json().customer.email, 'api-reset@example.com');
    assert.equal((await browser.api('GET', '/api/v1/me')).json().kind, 'customer');
  });

  it('lists the auth endpoints in the OpenAPI document', async () => {
    const doc = (await store.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json();
    for (const path of [
      '/api/v1/auth/sign-up',
      '/api/v1/auth/sign-in',
      '/api/v1/auth/sign-out',
      '/api/v1/auth/password-reset',
      '/api/v1/auth/password-reset/confirm',
    ]) {
      assert.deepEqual(doc.paths[path]?.post?.tags, ['auth'], path);
    }
    assert.deepEqual(doc.paths['/api/v1/me']?.get?.tags, ['auth']);
  });

  it('limits each address to 10 sign-in posts a minute', async () => {
    const browser = new Browser(store, '10.99.99.99');
    let last;
    for (let i = 0; i < 11; i++) {
      last = await browser.api('POST', '/api/v1/auth/sign-in', {
        email: `rate${i}@example.com`,
        password: 'whatever-123',
      });
    }
    assert.equal(last!.statusCode, 429);
    assert.ok(last!.headers['retry-after']);
  });
});

describe('sign-in throttle', () => {
  const clock = fixedClock('2026-03-02T10:00:00Z');
  let store: TestStore;
  before(async () => {
    store = await createTestStore({ clock });
  });
  after(async () => {
    await closeStore(store);
  });

  it('locks an account after 5 wrong passwords and unlocks it 15 minutes later', async () => {
    const owner = new Browser(store);
    await owner.api('POST', '/api/v1/auth/sign-up', {
      email: 'target@example.com',
      name: 'T',
      password: PASSWORD,
    });
    // Guesses from several addresses: the lock is per account, not per address.
    for (let i = 0; i < 5; i++) {
      const guess = await new Browser(store).api('POST', '/api/v1/auth/sign-in', {
        email: 'target@example.com',
        password: `guess-number-${i}`,
      });
      assert.equal(guess.statusCode, 401);
    }
    const locked = await new Browser(store).api('POST', '/api/v1/auth/sign-in', {
      email: 'Target@example.com',
      password: PASSWORD,
    });
    assert.equal(locked.statusCode, 429);
    assert.equal(locked.json().type, '/problems/sign-in-locked');
    assert.equal(locked.headers['retry-after'], '900');

    const browser = new Browser(store);
    await browser.get('/account/sign-in');
    const page = await browser.post('/account/sign-in', {
      email: 'target@example.com',
      password: PASSWORD,
    });
    assert.equal(page.statusCode, 429);
    assert.match(page.body, /paused for 15 minutes/);

    clock.advance(14 * 60 * 1000);
    assert.equal(
      (
        await new Browser(store).api('POST', '/api/v1/auth/sign-in', {
          email: 'target@example.com',
          password: PASSWORD,
        })
      ).statusCode,
      429,
    );
    clock.advance(60 * 1000);
    const open = await new Browser(store).api('POST', '/api/v1/auth/sign-in', {
      email: 'target@example.com',
      password: PASSWORD,
    });
    assert.equal(open.statusCode, 200);
  });

  it('locks an unknown email the same way, so the lock tells nothing', async () => {
    for (let i = 0; i < 5; i++) {
      await new Browser(store).api('POST', '/api/v1/auth/sign-in', {
        email: 'ghost@example.com',
        password: `guess-number-${i}`,
      });
    }
    const locked = await new Browser(store).api('POST', '/api/v1/auth/sign-in', {
      email: 'ghost@example.com',
      password: PASSWORD,
    });
    assert.equal(locked.statusCode, 429);
  });

  it('stores only an argon2id hash of the password', async () => {
    const [row] = await store.platform.database.db.select().from(customerAccounts);
    assert.match(row!.passwordHash, /^\$argon2id\$/);
  });
});

describe('session cookie on an https store', () => {
  it('is Secure when the base URL is https', async () => {
    const store = await createTestStore({ env: { BASE_URL: 'https://shop.example' } });
    try {
      const response = await store.app.inject({
        method: 'POST',
        url: '/api/v1/auth/sign-up',
        payload: { email: 'secure@example.com', name: 'S', password: PASSWORD },
      });
      assert.equal(response.statusCode, 201);
      const cookie = ([] as string[])
        .concat(response.headers['set-cookie'] as string[])
        .find((c) => c.startsWith('sid='))!;
      assert.match(cookie, /; Secure/);
      assert.match(cookie, /HttpOnly/);
    } finally {
      await closeStore(store);
    }
  });
});

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import { fixedClock } from '../../platform/clock.ts';
import { openDatabase } from '../../platform/db/database.ts';
import { lockDataDir } from '../../platform/db/lock.ts';
import { Problem } from '../../platform/http/problem.ts';
import type { Principal } from '../../platform/http/principal.ts';
import type { Module } from '../../platform/module.ts';
import { runCommand } from '../../testing/child-store.ts';
import { testDatabase } from '../../testing/database.ts';
import { createTestStore, type TestStore } from '../../testing/store.ts';
import { modules as storeModules } from '../index.ts';
import { PERMISSIONS, can, requirePermission } from './permissions.ts';
import { staffUsers } from './schema.ts';
import { createStaffUser, ensureDemoStaff } from './service.ts';

const PASSWORD = 'staff password 123';

/** Keeps cookies and the page's CSRF token, like a browser. */
class Browser {
  readonly cookies = new Map<string, string>();
  csrf = '';
  readonly store: TestStore;
  readonly ip = `10.1.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;
  constructor(store: TestStore) {
    this.store = store;
  }
  async request(
    method: 'GET' | 'POST',
    url: string,
    options: { form?: Record<string, string>; json?: object; html?: boolean } = {},
  ) {
    const headers: Record<string, string> = {
      cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
    };
    if (options.html !== false) headers.accept = 'text/html';
    if (options.form) headers['content-type'] = 'application/x-www-form-urlencoded';
    const response = await this.store.app.inject({
      method,
      url,
      remoteAddress: this.ip,
      headers,
      ...(options.form ? { payload: new URLSearchParams(options.form).toString() } : {}),
      ...(options.json ? { payload: options.json } : {}),
    });
    const raw = response.headers['set-cookie'];
    for (const line of (Array.isArray(raw) ? raw : raw ? [raw] : []) as string[]) {
      const [pair] = line.split(';');
      const [name, ...value] = pair!.split('=');
      if (value.join('=') === '' || /max-age=0/i.test(line)) this.cookies.delete(name!);
      else this.cookies.set(name!, value.join('='));
    }
    const token = /name="_csrf" value="([^"]+)"/.exec(response.body)?.[1];
    if (token) this.csrf = token;
    return response;
  }
  get(url: string) {
    return this.request('GET', url);
  }
  post(url: string, fields: Record<string, string> = {}) {
    return this.request('POST', url, { form: { _csrf: this.csrf, ...fields } });
  }
  async signIn(email: string, password = PASSWORD) {
    await this.get('/staff/sign-in');
    return this.post('/staff/sign-in', { email, password });
  }
}

async function until<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
  for (let i = 0; i < 100; i++) {
    const found = await probe();
    if (found !== undefined) return found;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** TestStore.close() closes the database twice; the second close's complaint is not ours. */
async function closeStore(store: TestStore) {
  await store.close().catch((error: Error) => {
    if (!/PGlite is closed|end on pool more than once/i.test(error.message)) throw error;
  });
}

// A queue whose jobs always fail at once, to fill the dead-letter view.
const FAILING_QUEUE = 'test.always-fails';
const failing: Module = {
  name: 'failing-probe',
  register(_app, platform) {
    platform.jobs.define(
      FAILING_QUEUE,
      async () => {
        throw new Error('gateway said <b>no</b>');
      },
      { retryLimit: 0, pollingIntervalSeconds: 0.5 },
    );
  },
};

describe('staff sign-in, roles and the admin shell', () => {
  let store: TestStore;
  before(async () => {
    store = await createTestStore({ worker: true, modules: [...storeModules, failing] });
    const db = store.platform.database.db;
    await createStaffUser(db, {
      email: 'Admin@Doorstep.example',
      name: 'Ada Admin',
      role: 'admin',
      password: PASSWORD,
    });
    await createStaffUser(db, {
      email: 'lead@doorstep.example',
      name: 'Lee Lead',
      role: 'lead',
      password: PASSWORD,
    });
    await createStaffUser(db, {
      email: 'agent@doorstep.example',
      name: 'Agnes Agent',
      role: 'agent',
      password: PASSWORD,
    });
    await createStaffUser(db, {
      email: 'gone@doorstep.example',
      name: 'Gone',
      role: 'admin',
      password: PASSWORD,
    });
    await db
      .update(staffUsers)
      .set({ active: false })
      .where(eq(staffUsers.email, 'gone@doorstep.example'));
  });
  after(async () => {
    await closeStore(store);
  });

  it('signs staff in to the admin dashboard, with the navigation their role allows', async () => {
    const admin = new Browser(store);
    const page = await admin.get('/staff/sign-in');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /autocomplete="current-password"/);
    const signedIn = await admin.post('/staff/sign-in', {
      email: ' ADMIN@doorstep.example',
      password: PASSWORD,
    });
    assert.equal(signedIn.statusCode, 303);
    assert.equal(signedIn.headers.location, '/admin');
    const dashboard = await admin.get('/admin');
    assert.equal(dashboard.statusCode, 200);
    assert.match(dashboard.body, /Ada Admin/);
    for (const link of ['/admin', '/admin/jobs/dead-letters', '/admin/mailbox'])
      assert.match(dashboard.body, new RegExp(`href="${link}"`));
    assert.match(dashboard.body, /action="\/staff\/sign-out"/);

    const agent = new Browser(store);
    await agent.signIn('agent@doorstep.example');
    const agentDashboard = await agent.get('/admin');
    assert.equal(agentDashboard.statusCode, 200);
    assert.match(agentDashboard.body, /href="\/admin\/mailbox"/);
    assert.doesNotMatch(agentDashboard.body, /href="\/admin\/jobs\/dead-letters"/);
  });

  it('honours a same-site next path after staff sign-in', async () => {
    const browser = new Browser(store);
    await browser.get('/staff/sign-in?next=%2Fadmin%2Fmailbox');
    const response = await browser.post('/staff/sign-in?next=%2Fadmin%2Fmailbox', {
      email: 'agent@doorstep.example',
      password: PASSWORD,
      next: '/admin/mailbox',
    });
    assert.equal(response.headers.location, '/admin/mailbox');
    const evil = new Browser(store);
    await evil.get('/staff/sign-in');
    const away = await evil.post('/staff/sign-in', {
      email: 'agent@doorstep.example',
      password: PASSWORD,
      next: '//evil.example',
    });
    assert.equal(away.headers.location, '/admin');
  });

  it('gives a wrong password, an unknown email and a deactivated account the same answer', async () => {
    const browser = new Browser(store);
    await browser.get('/staff/sign-in');
    const answers = [];
    for (const [email, password] of [
      ['agent@doorstep.example', 'wrong password 1'],
      ['nobody@doorstep.example', 'wrong password 1'],
      ['gone@doorstep.example', PASSWORD],
    ] as const) {
      const response = await browser.post('/staff/sign-in', { email, password });
      assert.equal(response.statusCode, 422, email);
      assert.match(response.body, /That email and password do not match/);
      answers.push(/<div class="alert alert--error"[\s\S]*?<\/div>/.exec(response.body)?.[0]);
    }
    assert.equal(new Set(answers).size, 1);
    assert.equal(browser.cookies.has('sid'), false, 'the deactivated admin got no session');
  });

  it('ends the session of a staff member who is deactivated while signed in', async () => {
    const db = store.platform.database.db;
    await createStaffUser(db, {
      email: 'leaving@doorstep.example',
      name: 'Leaving',
      role: 'agent',
      password: PASSWORD,
    });
    const browser = new Browser(store);
    await browser.signIn('leaving@doorstep.example');
    assert.equal((await browser.get('/admin')).statusCode, 200);
    await db
      .update(staffUsers)
      .set({ active: false })
      .where(eq(staffUsers.email, 'leaving@doorstep.example'));
    const after = await browser.get('/admin');
    assert.equal(after.statusCode, 303);
    assert.equal(after.headers.location, '/staff/sign-in?next=%2Fadmin');
    assert.equal((await browser.request('GET', '/api/v1/me', { html: false })).statusCode, 401);
  });

  it('keeps anonymous visitors and customers out of the admin', async () => {
    const anonymous = new Browser(store);
    const page = await anonymous.get('/admin');
    assert.equal(page.statusCode, 303);
    assert.equal(page.headers.location, '/staff/sign-in?next=%2Fadmin');
    const deadLetters = await anonymous.get('/admin/jobs/dead-letters');
    assert.equal(
      deadLetters.headers.location,
      '/staff/sign-in?next=%2Fadmin%2Fjobs%2Fdead-letters',
    );
    const api = await anonymous.request('GET', '/admin/mailbox', { html: false });
    assert.equal(api.statusCode, 401);

    const customer = new Browser(store);
    const signUp = await customer.request('POST', '/api/v1/auth/sign-up', {
      json: { email: 'shopper@example.com', name: 'Shopper', password: PASSWORD },
      html: false,
    });
    assert.equal(signUp.statusCode, 201);
    for (const url of ['/admin', '/admin/mailbox', '/admin/jobs/dead-letters']) {
      const forbidden = await customer.get(url);
      assert.equal(forbidden.statusCode, 403, url);
      assert.match(forbidden.body, /You are not allowed to do this/);
    }
  });

  it('shows dead letters to admins only, escaped, and retries one on request', async () => {
    await store.platform.database.transaction((tx) =>
      store.platform.jobs.send(tx, FAILING_QUEUE, { orderId: '<script>alert(1)</script>' }),
    );
    const job = await until('a dead-lettered job', async () =>
      (await store.platform.jobs.failed()).find((j) => j.queue === FAILING_QUEUE),
    );

    for (const email of ['agent@doorstep.example', 'lead@doorstep.example']) {
      const browser = new Browser(store);
      await browser.signIn(email);
      assert.equal((await browser.get('/admin/jobs/dead-letters')).statusCode, 403, email);
      await browser.get('/admin');
      const retry = await browser.post(`/admin/jobs/dead-letters/${FAILING_QUEUE}/${job.id}/retry`);
      assert.equal(retry.statusCode, 403, email);
    }

    const admin = new Browser(store);
    await admin.signIn('admin@doorstep.example');
    const dashboard = await admin.get('/admin');
    assert.match(dashboard.body, /background job.* failed for good/);
    const page = await admin.get('/admin/jobs/dead-letters');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, new RegExp(FAILING_QUEUE.replace('.', '\\.')));
    assert.match(page.body, /gateway said &lt;b>no&lt;\/b>/);
    assert.match(page.body, /&lt;script>alert\(1\)&lt;\/script>/);
    assert.doesNotMatch(page.body, /<script>alert/);

    const forged = await admin.request(
      'POST',
      `/admin/jobs/dead-letters/${FAILING_QUEUE}/${job.id}/retry`,
      { form: { _csrf: 'forged.token' } },
    );
    assert.equal(forged.statusCode, 403);
    assert.ok(
      (await store.platform.jobs.failed()).some((j) => j.id === job.id),
      'a forged post changed nothing',
    );

    const retried = await admin.post(`/admin/jobs/dead-letters/${FAILING_QUEUE}/${job.id}/retry`);
    assert.equal(retried.statusCode, 303);
    assert.equal(retried.headers.location, '/admin/jobs/dead-letters?retried=1');
    // The job runs again (and, the probe being what it is, fails again later than before).
    await until('the retried job to run again', async () => {
      const again = (await store.platform.jobs.failed()).find((j) => j.id === job.id);
      return again && again.failedAt && job.failedAt && again.failedAt > job.failedAt
        ? again
        : undefined;
    });
    const notice = await admin.get('/admin/jobs/dead-letters?retried=1');
    assert.match(notice.body, /back in its queue/);

    const unknown = await admin.post(
      `/admin/jobs/dead-letters/${FAILING_QUEUE}/00000000-0000-4000-8000-000000000000/retry`,
    );
    assert.equal(unknown.statusCode, 404);
  });

  it('shows the dev mailbox to staff, with HTML in a sandboxed frame', async () => {
    await store.platform.mailer.send({
      to: 'Reader@Example.com',
      subject: 'Your order <DS-1>',
      text: 'Plain text & more',
      html: '<p>Hello</p><script>alert("x")</script>',
    });
    await store.platform.mailer.send({
      to: 'other@example.com',
      subject: 'Other mail',
      text: 'other',
    });
    const agent = new Browser(store);
    await agent.signIn('agent@doorstep.example');
    const page = await agent.get('/admin/mailbox');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Your order &lt;DS-1>/);
    assert.match(page.body, /Plain text &amp; more/);
    // The HTML is served on its own, under a policy that runs no script, into a sandboxed frame.
    const iframe = /<iframe ([^>]*)>/.exec(page.body);
    assert.ok(iframe, 'an iframe');
    assert.match(iframe[1]!, /(^|\s)sandbox(\s|=""|$)/);
    assert.doesNotMatch(iframe[1]!, /allow-/);
    const src = /src="([^"]+)"/.exec(iframe[1]!)?.[1] ?? '';
    assert.match(src, /^\/admin\/mailbox\/[0-9a-f-]{36}\/html$/);
    const html = await agent.get(src);
    assert.equal(html.statusCode, 200);
    assert.equal(html.body, '<p>Hello</p><script>alert("x")</script>');
    const policy = String(html.headers['content-security-policy']);
    assert.match(policy, /default-src 'none'/);
    assert.match(policy, /\bsandbox\b/);
    assert.doesNotMatch(policy, /script-src/);
    assert.equal((await new Browser(store).get(src)).statusCode, 303, 'strangers are sent to sign in');
    assert.doesNotMatch(page.body, /<script>alert/);

    const filtered = await agent.get('/admin/mailbox?to=reader%40example.com');
    assert.match(filtered.body, /Your order/);
    assert.doesNotMatch(filtered.body, /Other mail/);
  });

  it('answers /api/v1/me for staff with role and permissions', async () => {
    const agent = new Browser(store);
    await agent.signIn('agent@doorstep.example');
    const me = await agent.request('GET', '/api/v1/me', { html: false });
    assert.equal(me.statusCode, 200);
    const body = me.json();
    assert.equal(body.kind, 'staff');
    assert.equal(body.email, 'agent@doorstep.example');
    assert.equal(body.role, 'agent');
    assert.ok(body.permissions.includes('tickets.reply'));
    assert.ok(!body.permissions.includes('orders.refund'));
    assert.deepEqual(Object.keys(body).sort(), [
      'email',
      'id',
      'kind',
      'name',
      'permissions',
      'role',
    ]);
  });

  it('signs staff out', async () => {
    const browser = new Browser(store);
    await browser.signIn('agent@doorstep.example');
    await browser.get('/admin');
    const out = await browser.post('/staff/sign-out');
    assert.equal(out.statusCode, 303);
    assert.equal(out.headers.location, '/staff/sign-in?signedOut=1');
    assert.equal((await browser.get('/admin')).statusCode, 303);
  });

  it('creates demo staff once, printing each password once', async () => {
    const lines: string[] = [];
    const demoPlatform = {
      ...store.platform,
      config: { ...store.platform.config, demoData: true },
    };
    await ensureDemoStaff(demoPlatform, (line) => lines.push(line));
    assert.equal(lines.length, 0, 'not when staff exist');

    const fresh = await createTestStore();
    try {
      const platform = { ...fresh.platform, config: { ...fresh.platform.config, demoData: true } };
      await ensureDemoStaff(platform, (line) => lines.push(line));
      assert.equal(lines.length, 2);
      assert.match(lines[0]!, /^Demo admin: admin@doorstep\.test \/ \S{16,}$/);
      assert.match(lines[1]!, /^Demo agent: agent@doorstep\.test \/ \S{16,}$/);
      await ensureDemoStaff(platform, (line) => lines.push(line));
      assert.equal(lines.length, 2, 'a second start prints nothing');
      const password = lines[0]!.split(' / ')[1]!;
      const rows = await fresh.platform.database.db.select().from(staffUsers);
      assert.ok(
        rows.every(
          (row) =>
            row.passwordHash.startsWith('$argon2id$') && !row.passwordHash.includes(password),
        ),
      );
      const browser = new Browser(fresh);
      const signedIn = await browser.signIn('admin@doorstep.test', password);
      assert.equal(signedIn.headers.location, '/admin');
    } finally {
      await closeStore(fresh);
    }
  });
});

describe('staff sign-in throttle', () => {
  const clock = fixedClock('2026-05-04T08:00:00Z');
  let store: TestStore;
  before(async () => {
    store = await createTestStore({ clock });
    await createStaffUser(store.platform.database.db, {
      email: 'locked@doorstep.example',
      name: 'L',
      role: 'agent',
      password: PASSWORD,
    });
  });
  after(async () => {
    await closeStore(store);
  });

  it('locks a staff account after 5 wrong passwords for 15 minutes', async () => {
    for (let i = 0; i < 5; i++) {
      const response = await new Browser(store).signIn(
        'locked@doorstep.example',
        `wrong guess ${i}`,
      );
      assert.equal(response.statusCode, 422);
    }
    const locked = await new Browser(store).signIn('locked@doorstep.example');
    assert.equal(locked.statusCode, 429);
    assert.match(locked.body, /paused for 15 minutes/);
    clock.advance(15 * 60 * 1000);
    assert.equal((await new Browser(store).signIn('locked@doorstep.example')).statusCode, 303);
  });
});

describe('permissions', () => {
  const staff = (role: 'agent' | 'lead' | 'admin'): Principal => ({
    kind: 'staff',
    id: 'x',
    email: 'e',
    name: 'n',
    role,
  });
  const customer: Principal = { kind: 'customer', id: 'c', email: 'e', name: 'n' };

  it('grants each role its named permissions', () => {
    assert.ok(can(staff('agent'), 'orders.view'));
    assert.ok(can(staff('agent'), 'tickets.reply'));
    assert.ok(!can(staff('agent'), 'orders.refund'));
    assert.ok(can(staff('lead'), 'orders.refund'));
    assert.ok(can(staff('lead'), 'tickets.assign'));
    assert.ok(!can(staff('lead'), 'settings.edit'));
    for (const permission of PERMISSIONS) assert.ok(can(staff('admin'), permission), permission);
    assert.ok(!can(customer, 'orders.view'));
    assert.ok(!can(null, 'orders.view'));
  });

  it('throws 401 for nobody and 403 for the wrong role', () => {
    assert.throws(
      () => requirePermission(null, 'jobs.retry'),
      (e: unknown) => e instanceof Problem && e.status === 401,
    );
    assert.throws(
      () => requirePermission(staff('agent'), 'jobs.retry'),
      (e: unknown) => e instanceof Problem && e.status === 403,
    );
    assert.doesNotThrow(() => requirePermission(staff('admin'), 'jobs.retry'));
  });
});

describe('create-admin command', () => {
  const run = (args: string[], env: Record<string, string>) =>
    runCommand('src/modules/staff/cli/create-admin.ts', args, env);
  // The embedded database's test is the PGlite suite's: the PostgreSQL suite would only run it again.
  const pgliteSuiteOnly = { skip: !!process.env.TEST_DATABASE_URL && 'run by the PGlite suite' };

  it(
    'creates a staff user in the embedded database, printing a generated password once',
    pgliteSuiteOnly,
    async () => {
      const dataDir = mkdtempSync(join(tmpdir(), 'doorstep-create-admin-'));
      try {
        const created = await run(['--email', 'Ann@Example.com', '--name', 'Ann'], {
          DATA_DIR: dataDir,
        });
        assert.equal(created.code, 0, created.stderr);
        assert.match(created.stdout, /Created admin Ann <ann@example\.com>/);
        const password = /Password \(shown once[^)]*\): (\S+)/.exec(created.stdout)?.[1];
        assert.ok(password && password.length >= 16);

        const again = await run(
          ['--email', 'ann@example.com', '--name', 'Ann', '--password', 'another password'],
          { DATA_DIR: dataDir },
        );
        assert.equal(again.code, 1);
        assert.match(again.stderr, /already exists/);
        const badRole = await run(['--email', 'b@example.com', '--name', 'B', '--role', 'boss'], {
          DATA_DIR: dataDir,
        });
        assert.equal(badRole.code, 1);
        assert.match(badRole.stderr, /--role must be admin, lead or agent/);

        // While the store holds the data directory, the command says to stop it first.
        const lock = lockDataDir(dataDir);
        try {
          const blocked = await run(
            ['--email', 'c@example.com', '--name', 'C', '--password', 'long enough password'],
            { DATA_DIR: dataDir },
          );
          assert.equal(blocked.code, 1);
          assert.match(blocked.stderr, /Stop the store/);
        } finally {
          lock.release();
        }

        const database = await openDatabase({ dataDir: join(dataDir, 'pglite') });
        try {
          const rows = await database.db.select().from(staffUsers);
          assert.deepEqual(
            rows.map((r) => [r.email, r.name, r.role, r.active]),
            [['ann@example.com', 'Ann', 'admin', true]],
          );
          assert.ok(!rows[0]!.passwordHash.includes(password));
        } finally {
          await database.close();
        }
      } finally {
        rmSync(dataDir, { recursive: true, force: true });
      }
    },
  );

  it(
    'creates a staff user on PostgreSQL when DATABASE_URL is set',
    { skip: !process.env.TEST_DATABASE_URL && 'TEST_DATABASE_URL is not set' },
    async () => {
      const database = await testDatabase();
      try {
        const created = await run(
          [
            '--email',
            'lead@example.com',
            '--name',
            'Lead',
            '--role',
            'lead',
            '--password',
            'a long lead password',
          ],
          {
            DATABASE_URL: database.connectionString!,
            DATA_DIR: join(tmpdir(), 'doorstep-unused'),
          },
        );
        assert.equal(created.code, 0, created.stderr);
        assert.doesNotMatch(created.stdout, /Password/, 'a given password is not printed');
        const [row] = await database.db
          .select()
          .from(staffUsers)
          .where(eq(staffUsers.email, 'lead@example.com'));
        assert.equal(row?.role, 'lead');
      } finally {
        await database.dispose();
      }
    },
  );
});

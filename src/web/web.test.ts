// The web shell: asset bundling and serving, the layouts' slots and escaping, the small
// components, and the colour tokens' contrast. Run with the JSX hooks:
//   node --import ./src/platform/runtime/jsx-hooks.ts --test src/web/web.test.ts
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Fastify from 'fastify';
import { h, type ComponentChildren } from 'preact';
import { buildAssets, registerAssetRoutes } from './assets.ts';
import type { PageContext } from './context.ts';
import { renderDocument } from './components/render.ts';
import { StoreLayout } from './layout/StoreLayout.tsx';
import { AdminLayout } from './layout/AdminLayout.tsx';
import { Form } from './components/Form.tsx';
import { Field } from './components/Field.tsx';
import { ErrorPage } from './components/ErrorPage.tsx';
import { Island } from './components/Island.tsx';
import { clockText, localSpan, spokenMinutes } from './islands/banner-times.tsx';

const assets = await buildAssets();

function pageContext(overrides: Partial<PageContext> = {}): PageContext {
  return {
    assets,
    csrfToken: 'csrf-token-123',
    principal: null,
    storeName: 'Doorstep',
    baseUrl: 'https://shop.example',
    navigation: [
      { label: 'Kitchen', href: '/collections/kitchen' },
      { label: 'Garden', href: '/collections/garden' },
    ],
    banner: null,
    ...overrides,
  };
}

function storePage(ctx: PageContext, children: ComponentChildren = 'Hello', extra = {}): string {
  return renderDocument(h(StoreLayout, { ctx, title: 'Home', children, ...extra }));
}

/** Script tags in the page (the CSP forbids inline script, so each must have a src). */
function scriptTags(html: string): string[] {
  return html.match(/<script\b[^>]*>/g) ?? [];
}

test('buildAssets gives hashed URLs for the stylesheets and every island', () => {
  assert.match(assets.url('main.css'), /^\/assets\/main-[A-Z0-9]{8}\.css$/);
  assert.match(assets.url('admin.css'), /^\/assets\/admin-[A-Z0-9]{8}\.css$/);
  assert.match(assets.url('cart-badge.js'), /^\/assets\/cart-badge-[A-Z0-9]{8}\.js$/);
  assert.match(assets.url('banner-dismiss.js'), /^\/assets\/banner-dismiss-[A-Z0-9]{8}\.js$/);
  assert.throws(() => assets.url('hydrate.js'), /Unknown asset/);

  const css = assets.get(assets.url('main.css'));
  assert.equal(css?.contentType, 'text/css; charset=utf-8');
  const text = css.body.toString();
  assert.doesNotMatch(text, /@import/, 'imports are bundled into the one file');
  assert.match(text, /--color-primary/);
  assert.equal(
    assets.get(assets.url('cart-badge.js'))?.contentType,
    'text/javascript; charset=utf-8',
  );
  assert.equal(assets.get('/assets/nothing-here.css'), undefined);
});

test('builds are deterministic, so every instance serves the same names', async () => {
  const again = await buildAssets();
  for (const name of ['main.css', 'admin.css', 'cart-badge.js', 'banner-dismiss.js']) {
    assert.equal(again.url(name), assets.url(name));
  }
});

test('asset routes serve from memory as immutable and 404 anything else', async () => {
  const app = Fastify();
  app.addHook('onRoute', (route) => {
    assert.equal(route.config?.access, 'public', `${route.method} ${route.url} declares access`);
  });
  registerAssetRoutes(app, assets);

  const css = await app.inject({ method: 'GET', url: assets.url('main.css') });
  assert.equal(css.statusCode, 200);
  assert.equal(css.headers['content-type'], 'text/css; charset=utf-8');
  assert.equal(css.headers['cache-control'], 'public, max-age=31536000, immutable');
  assert.equal(css.headers['x-content-type-options'], 'nosniff');
  assert.equal(css.body, assets.get(assets.url('main.css'))?.body.toString());

  const js = await app.inject({ method: 'GET', url: assets.url('cart-badge.js') });
  assert.equal(js.statusCode, 200);
  assert.equal(js.headers['content-type'], 'text/javascript; charset=utf-8');

  for (const url of ['/assets/main-NOTAHASH.css', '/assets/../package.json', '/assets/']) {
    const missing = await app.inject({ method: 'GET', url });
    assert.equal(missing.statusCode, 404, url);
    assert.equal(missing.headers['cache-control'], undefined, `${url} is not cached`);
  }
  await app.close();
});

test('the store layout renders every header and footer slot', () => {
  const html = storePage(pageContext(), 'Hello', {
    description: 'Things for the home',
    canonicalPath: '/collections/kitchen',
  });
  assert.ok(html.startsWith('<!doctype html><html lang="en">'));
  assert.match(html, /<title>Home · Doorstep<\/title>/);
  assert.match(html, /<meta name="description" content="Things for the home"\/>/);
  assert.match(
    html,
    /<link rel="canonical" href="https:\/\/shop.example\/collections\/kitchen"\/>/,
  );
  assert.ok(html.includes(`<link rel="stylesheet" href="${assets.url('main.css')}"/>`));
  assert.match(html, /<a class="skip-link" href="#main">/);
  assert.match(html, /<main id="main"/);

  // Logo, navigation (with the current page marked), search, cart, account, help.
  assert.match(html, /<a class="brand" href="\/"><svg[^>]*aria-hidden="true"/);
  assert.match(html, /<nav class="site-nav" aria-label="Main">/);
  assert.match(html, /<a href="\/collections\/kitchen" aria-current="page">Kitchen<\/a>/);
  assert.match(html, /<a href="\/collections\/garden">Garden<\/a>/);
  assert.match(html, /<form class="site-search" role="search"[^>]*action="\/search" method="get">/);
  assert.match(html, /<label class="visually-hidden" for="site-search-q">Search products<\/label>/);
  assert.match(html, /<input class="input" id="site-search-q" type="search" name="q"/);
  assert.match(html, /<div data-island="cart-badge"[^>]*><a href="\/cart" class="cart-link">/);
  assert.match(html, /<a href="\/account">.*?Sign in<\/span><\/a>/);
  assert.match(html, /<a class="site-utility__help" href="\/help">.*?Help<\/span><\/a>/);

  for (const href of [
    '/help',
    '/status',
    '/policies/shipping',
    '/policies/returns',
    '/policies/privacy',
  ]) {
    assert.match(html, new RegExp(`<footer[\\s\\S]*<a href="${href}">`), href);
  }
  assert.match(html, new RegExp(`© ${new Date().getFullYear()} Doorstep`));
});

test('the account link shows the signed-in name', () => {
  const html = storePage(
    pageContext({
      principal: { kind: 'customer', id: 'c1', email: 'a@example.com', name: 'Ada <b>' },
    }),
  );
  assert.match(html, /<a href="\/account">.*?Ada &lt;b><\/span><\/a>/);
  assert.doesNotMatch(html, /Sign in/);
});

test('text in the title and banner is escaped', () => {
  const ctx = pageContext({
    banner: { tone: 'warning', message: 'Down <script>alert(1)</script>', detail: '"x" <img>' },
  });
  const html = renderDocument(
    h(StoreLayout, { ctx, title: '<script>alert(1)</script>', children: 'x' }),
  );
  assert.doesNotMatch(html, /<script>alert/);
  assert.doesNotMatch(html, /<img>/);
  assert.match(html, /<title>&lt;script>alert\(1\)&lt;\/script> · Doorstep<\/title>/);
  assert.match(html, /Down &lt;script>alert\(1\)&lt;\/script>/);
});

test('pages contain no inline script, and each island script appears once', () => {
  const ctx = pageContext({ banner: { tone: 'info', message: 'Hello' } });
  const html = storePage(
    ctx,
    h(Island, { name: 'cart-badge', props: { href: '/cart' }, children: 'second badge' }),
  );
  const scripts = scriptTags(html);
  for (const tag of scripts) {
    assert.match(tag, /^<script type="module" src="\/assets\/[\w-]+\.js">$/, tag);
  }
  assert.equal(scripts.filter((tag) => tag.includes(assets.url('cart-badge.js'))).length, 1);
  assert.equal(scripts.filter((tag) => tag.includes(assets.url('banner-dismiss.js'))).length, 1);
  assert.equal(html.match(/data-island="cart-badge"/g)?.length, 2);
});

test('island props travel as an escaped JSON attribute', () => {
  const html = storePage(
    pageContext(),
    h(Island, { name: 'cart-badge', props: { href: '/cart?x="><script>' }, children: 'x' }),
  );
  assert.ok(
    html.includes(`data-props="{&quot;href&quot;:&quot;/cart?x=\\&quot;>&lt;script>&quot;}"`),
  );
});

test('an island outside a layout is a programming error', () => {
  assert.throws(() => renderDocument(h(Island, { name: 'cart-badge' })), /inside a layout/);
});

test('the banner is shown only when set, and can be made sticky', () => {
  assert.doesNotMatch(storePage(pageContext()), /site-status/);
  const ctx = pageContext({
    banner: { tone: 'danger', message: 'Payments are delayed', href: '/status' },
  });
  const html = storePage(ctx);
  assert.match(html, /<section class="site-status site-status--danger" aria-label="Site status"/);
  // A landmark a visitor can find, not a live region that interrupts them on every page.
  assert.doesNotMatch(html, /role="status"|aria-live/);
  assert.match(html, /<a href="\/status">More about this<\/a>/);
  assert.ok(
    html.indexOf('site-status') < html.indexOf('<header'),
    'the banner is above the header',
  );
  assert.doesNotMatch(html, /data-sticky/);
  assert.match(storePage(ctx, 'x', { stickyBanner: true }), / data-sticky[\s>]/);
});

test('a banner with a schedule shows it in the store’s zone, for the banner-times island to make local', () => {
  const schedule = { startsAt: '2026-12-08T07:00:00.000Z', endsAt: '2026-12-08T09:00:00.000Z', text: 'Tuesday, December 8, 2:00 AM – 4:00 AM (Eastern Time)', countdownTo: '2026-12-08T07:00:00.000Z', countdownLabel: 'Checkout closes in' };
  const html = storePage(pageContext({ banner: { tone: 'info', message: 'Planned maintenance', schedule } }));
  assert.match(html, /<div data-island="banner-times" data-props="[^"]*2026-12-08T07:00:00.000Z/);
  assert.match(html, /When: <time datetime="2026-12-08T07:00:00.000Z">Tuesday, December 8, 2:00 AM – 4:00 AM \(Eastern Time\)<\/time>/);
  assert.match(html, /<script type="module" src="\/assets\/banner-times-[A-Z0-9]{8}\.js">/);
  // Only the countdown may speak, and on the server (no clock yet) it says nothing.
  assert.equal(html.match(/aria-live/g)?.length, 1);
  assert.match(html, /<span class="visually-hidden" aria-live="polite"><\/span>/);
});

test('the banner-times island: the span in the browser’s zone, a clock on screen, and a countdown spoken rarely', () => {
  assert.equal(localSpan('2026-12-08T07:00:00.000Z', '2026-12-08T09:00:00.000Z', 'en-US', 'Europe/Paris').replace(/\s/g, ' '), 'Tuesday, December 8, 8:00 – 10:00 AM GMT+1');
  assert.equal(clockText(3_600_000), '1:00:00');
  assert.equal(clockText(42 * 60_000 + 7_000), '42:07');
  assert.equal(clockText(400), '0:01');
  // Spoken each quarter hour, then each of the last ten minutes.
  assert.deepEqual([60, 46, 45, 31, 16, 11, 10, 3, 1].map((m) => spokenMinutes(m * 60_000 - 500)), [60, 60, 45, 45, 30, 15, 10, 3, 1]);
});

test('Form always carries the CSRF token and posts', () => {
  const html = renderDocument(
    h(Form, { csrfToken: 'tok-1', action: '/cart/lines', children: h('button', null, 'Add') }),
  );
  assert.match(html, /<form action="\/cart\/lines" method="post">/);
  assert.match(html, /<input type="hidden" name="_csrf" value="tok-1"\/>/);
});

test('Field ties hint and error to the input', () => {
  const html = renderDocument(
    h(Field, {
      name: 'email',
      label: 'Email address',
      type: 'email',
      value: 'a@',
      hint: 'We send the receipt here.',
      error: 'Enter an email address like name@example.com',
      autocomplete: 'email',
      required: true,
    }),
  );
  assert.match(html, /<label class="field__label" for="field-email">Email address<\/label>/);
  assert.match(html, /id="field-email-hint"/);
  assert.match(html, /id="field-email-error"><span class="visually-hidden">Error: <\/span>/);
  assert.match(html, /aria-invalid="true"/);
  assert.match(html, /aria-describedby="field-email-hint field-email-error"/);
  assert.match(html, /autocomplete="email"/);
  assert.match(html, /required/);

  const plain = renderDocument(h(Field, { name: 'note', label: 'Note' }));
  assert.doesNotMatch(plain, /aria-invalid|aria-describedby/);
  assert.match(plain, /\(optional\)/);

  const password = renderDocument(
    h(Field, { name: 'password', label: 'Password', type: 'password', value: 'hunter2' }),
  );
  assert.doesNotMatch(password, /hunter2/, 'a password is never echoed');
});

test('ErrorPage explains and offers the next step, without internals', () => {
  const html = renderDocument(
    h(ErrorPage, {
      status: 404,
      title: 'We could not find that page',
      message: 'Nothing lives at /nope.',
      requestId: 'req-42',
    }),
  );
  assert.match(html, /<h1>We could not find that page<\/h1>/);
  assert.match(html, /<a href="\/">Go to the home page<\/a>/);
  assert.match(html, /<a href="\/help">/);
  assert.match(html, /<form class="error-page__search" role="search"[^>]*action="\/search"/);
  assert.match(html, /<code>req-42<\/code>/);
});

test('the admin layout shows the staff member, the sign-out form and the navigation', () => {
  const ctx = pageContext({
    principal: { kind: 'staff', id: 's1', email: 'sam@example.com', name: 'Sam', role: 'lead' },
  });
  const html = renderDocument(
    h(AdminLayout, {
      ctx,
      title: 'Orders',
      nav: [
        { label: 'Orders', href: '/admin/orders', active: true },
        { label: 'Tickets', href: '/admin/tickets' },
      ],
      children: h('h1', null, 'Orders'),
    }),
  );
  assert.match(html, /<title>Orders · Doorstep Admin<\/title>/);
  assert.ok(html.includes(`href="${assets.url('admin.css')}"`));
  assert.ok(html.includes(`href="${assets.url('main.css')}"`));
  assert.match(html, /<strong>Sam<\/strong> <span class="admin-user__role">\(Team lead\)<\/span>/);
  assert.match(
    html,
    /<form action="\/staff\/sign-out" method="post"><input type="hidden" name="_csrf" value="csrf-token-123"\/>/,
  );
  assert.match(html, /<nav class="admin-nav" aria-label="Admin">/);
  assert.match(html, /<a href="\/admin\/orders" aria-current="page">Orders<\/a>/);
  assert.match(html, /<main id="main"/);
  assert.equal(scriptTags(html).length, 0);
});

// ---- colour contrast (WCAG 2.2 AA) ----------------------------------------------------

type Palette = Record<string, string>;

/** The light palette, and the dark one (light overridden by the dark media block). */
function palettes(file: string): { light: Palette; dark: Palette } {
  const css = readFileSync(join(import.meta.dirname, 'styles', file), 'utf8');
  const [lightPart = '', darkPart = ''] = css.split('@media (prefers-color-scheme: dark)');
  const read = (part: string): Palette =>
    Object.fromEntries(
      [...part.matchAll(/(--[\w-]+):\s*(#[0-9a-f]{6});/gi)].map((m) => [m[1], m[2]]),
    );
  const light = read(lightPart);
  return { light, dark: { ...light, ...read(darkPart) } };
}

function luminance(hex: string): number {
  const channels = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255);
  const [r = 0, g = 0, b = 0] = channels.map((c) =>
    c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4,
  );
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

// [foreground, backgrounds, minimum ratio]: 4.5 for text, 3 for borders, icons and focus.
const PAIRS: [string, string[], number][] = [
  ['--color-text', ['--color-bg', '--color-surface', '--color-surface-muted'], 4.5],
  ['--color-text-muted', ['--color-bg', '--color-surface', '--color-surface-muted'], 4.5],
  ['--color-link', ['--color-bg', '--color-surface', '--color-surface-muted'], 4.5],
  ['--color-link-hover', ['--color-bg', '--color-surface', '--color-surface-muted'], 4.5],
  ['--color-on-primary', ['--color-primary', '--color-primary-hover'], 4.5],
  ['--color-on-danger', ['--color-danger', '--color-danger-hover'], 4.5],
  ['--color-error-text', ['--color-bg', '--color-surface', '--color-error-bg'], 4.5],
  ['--color-info-text', ['--color-info-bg'], 4.5],
  ['--color-success-text', ['--color-success-bg'], 4.5],
  ['--color-warning-text', ['--color-warning-bg'], 4.5],
  ['--color-border-strong', ['--color-bg', '--color-surface'], 3],
  ['--color-focus', ['--color-bg', '--color-surface', '--color-surface-muted'], 3],
  ['--color-primary', ['--color-bg', '--color-surface'], 3],
  ['--color-info-edge', ['--color-info-bg'], 3],
  ['--color-success-edge', ['--color-success-bg'], 3],
  ['--color-warning-edge', ['--color-warning-bg'], 3],
  ['--color-error-edge', ['--color-error-bg', '--color-surface'], 3],
  ['--admin-bar-text', ['--admin-bar-bg'], 4.5],
  ['--admin-bar-muted', ['--admin-bar-bg'], 4.5],
  ['--admin-bar-focus', ['--admin-bar-bg'], 3],
];

test('colour tokens meet WCAG AA contrast in light and dark', () => {
  const tokens = palettes('tokens.css');
  const admin = palettes('admin.css');
  for (const scheme of ['light', 'dark'] as const) {
    const palette = { ...tokens[scheme], ...admin[scheme] };
    for (const [fg, backgrounds, minimum] of PAIRS) {
      for (const bg of backgrounds) {
        const [fgHex, bgHex] = [palette[fg], palette[bg]];
        assert.ok(fgHex && bgHex, `${scheme}: ${fg} and ${bg} are defined`);
        const ratio = contrast(fgHex, bgHex);
        assert.ok(
          ratio >= minimum,
          `${scheme}: ${fg} on ${bg} is ${ratio.toFixed(2)}:1, needs ${minimum}:1`,
        );
      }
    }
  }
});

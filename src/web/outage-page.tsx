// The page every visitor gets while the database is out: what is happening, what is safe, the
// parts of the store and a form to be told when it is back. It is rendered once, when the store
// starts, from what is in memory (the store's name, its stylesheet, the parts of the store),
// with markers where a request's own values go; a request only swaps in its escaped values.
// It needs no database and no session: no header with an account link, no islands.
import type { FastifyRequest } from 'fastify';
import type { OutagePage } from '../platform/http/outage.ts';
import { OUTAGE_NOTIFY_PATH } from '../platform/http/outage.ts';
import type { AssetManifest } from './assets.ts';
import { FAVICON_URL } from './components/Logo.tsx';
import { renderDocument } from './components/render.ts';

export interface OutageRow {
  name: string;
  state: string;
}

export interface OutagePageOptions {
  storeName: string;
  assets: AssetManifest;
  /** The parts of the store and what works of each while the database is out. */
  rows: readonly OutageRow[];
  supportEmail: string;
}

// Markers never produced by escaping (no & < > " '), replaced per request.
const SINCE = 'OUTAGE-MARK-SINCE';
const EMAIL = 'OUTAGE-MARK-EMAIL';
const ERROR = 'OUTAGE-MARK-ERROR';

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

type Variant = 'form' | 'invalid' | 'sent';

function Page({ options, variant }: { options: OutagePageOptions; variant: Variant }) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>{`We will be right back · ${options.storeName}`}</title>
        <link rel="icon" href={FAVICON_URL} />
        <link rel="stylesheet" href={options.assets.url('main.css')} />
      </head>
      <body>
        <main id="main" class="container outage-page">
          <p class="outage-page__brand">{options.storeName}</p>
          <h1>We will be right back</h1>
          <p>
            Part of our system has not been answering since <time>{SINCE}</time> (UTC), so the shop cannot show pages or take orders for a moment. We are working on it: reload this page in a minute or two to try again.
          </p>
          <p>
            <strong>Nothing is lost:</strong> orders you have placed are kept with their payments, your cart waits for you, and emails already on their way go out once we are back.
          </p>
          <h2>Store status</h2>
          <table class="table">
            <thead>
              <tr>
                <th scope="col">Part of the store</th>
                <th scope="col">State</th>
              </tr>
            </thead>
            <tbody>
              {options.rows.map((row) => (
                <tr key={row.name}>
                  <th scope="row">{row.name}</th>
                  <td>{row.state}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {variant === 'sent' ? (
            <div class="alert alert--success" role="status">
              <p>Thank you: we will email you once, when the shop is back.</p>
            </div>
          ) : (
            <form method="post" action={OUTAGE_NOTIFY_PATH} class="outage-page__form" noValidate>
              <h2>Tell me when you are back</h2>
              <div class={variant === 'invalid' ? 'field field--invalid' : 'field'}>
                <label class="field__label" for="outage-email">
                  Your email address
                </label>
                {variant === 'invalid' && (
                  <p class="field__error" id="outage-email-error">
                    {ERROR}
                  </p>
                )}
                <input class="input" id="outage-email" name="email" type="email" autocomplete="email" maxLength={254} required value={variant === 'invalid' ? EMAIL : ''} aria-describedby={variant === 'invalid' ? 'outage-email-error' : undefined} />
              </div>
              <button class="button button--primary" type="submit">
                Email me when you are back
              </button>
              <p class="muted small">One email, only about this. We keep the address to send it and for nothing else.</p>
            </form>
          )}
          <p>
            Something urgent about an order? Write to <a href={`mailto:${options.supportEmail}`}>{options.supportEmail}</a>: our team reads it.
          </p>
        </main>
      </body>
    </html>
  );
}

/** Renders the three forms of the page now; each request fills in its values. */
export function createOutagePage(options: OutagePageOptions): OutagePage {
  const rendered: Record<Variant, string> = {
    form: renderDocument(<Page options={options} variant="form" />),
    invalid: renderDocument(<Page options={options} variant="invalid" />),
    sent: renderDocument(<Page options={options} variant="sent" />),
  };
  return {
    render(_request: FastifyRequest, { since, sent, error, email }) {
      const variant: Variant = sent ? 'sent' : error ? 'invalid' : 'form';
      const moment = (since ?? new Date()).toISOString().slice(0, 16).replace('T', ' ');
      // Replacer functions: a `$` in a typed address must not be read as a replacement pattern.
      return rendered[variant]
        .replace(SINCE, () => moment)
        .replace(ERROR, () => escape(error ?? ''))
        .replace(EMAIL, () => escape(email ?? ''));
    },
  };
}

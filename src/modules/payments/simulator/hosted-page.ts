// The simulator's own pages, where a shopper (or an agent on the phone) types the card: the
// card form, the 3-D Secure challenge and a short page for an intent that cannot be paid.
// Plain HTML forms, no script, so they work in any browser; the store never sees them.
import { formatMoney } from '../../../platform/money.ts';
import type { PaymentIntent } from './ledger.ts';

const escape = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const STYLE = `
body{font:16px/1.5 system-ui,sans-serif;margin:0;background:#f4f5f7;color:#1a1f36}
main{max-width:26rem;margin:2rem auto;background:#fff;border-radius:8px;padding:1.5rem 1.75rem;box-shadow:0 1px 3px #0002}
h1{font-size:1.25rem;margin:0 0 .25rem}.amount{font-size:1.75rem;font-weight:600;margin:0 0 1rem}
label{display:block;font-weight:600;margin:.75rem 0 .25rem}input{font:inherit;width:100%;box-sizing:border-box;padding:.5rem .6rem;border:1px solid #8792a2;border-radius:4px}
.row{display:flex;gap:.75rem}.row>div{flex:1}
button{font:inherit;font-weight:600;margin-top:1.25rem;width:100%;padding:.65rem;border:0;border-radius:4px;background:#4f46e5;color:#fff;cursor:pointer}
button.secondary{background:#fff;color:#b42318;border:1px solid #b42318}
.error{color:#b42318;font-weight:600}.hint{color:#545969;font-size:.875rem}
.badge{display:inline-block;font-size:.75rem;background:#fff4d6;color:#7a4d00;border-radius:4px;padding:0 .4rem}
`;

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escape(title)}</title><style>${STYLE}</style></head><body><main>${body}</main></body></html>`;
}

const amountOf = (intent: PaymentIntent) => formatMoney({ amount: intent.amount, currency: intent.currency.toUpperCase() });

export interface CardFormInput {
  intent: PaymentIntent;
  returnUrl: string;
  error?: { field: 'number' | 'expiry' | 'cvc' | null; message: string } | undefined;
  /** The expiry and name as typed, so a mistake in one field does not clear the others (never the number or CVC). */
  expiry?: string;
  name?: string;
}

function field(id: string, label: string, attributes: string, error: CardFormInput['error'], errorField: string): string {
  const invalid = error?.field === errorField;
  return `<label for="${id}">${label}</label>${invalid ? `<p class="error" id="${id}-error">${escape(error.message)}</p>` : ''}<input id="${id}" ${attributes}${invalid ? ` aria-invalid="true" aria-describedby="${id}-error"` : ''}>`;
}

export function cardFormPage({ intent, returnUrl, error, expiry = '', name = '' }: CardFormInput): string {
  const hidden = `<input type="hidden" name="client_secret" value="${escape(intent.client_secret)}"><input type="hidden" name="return_url" value="${escape(returnUrl)}">`;
  const formError = error && error.field === null ? `<p class="error" role="alert">${escape(error.message)}</p>` : '';
  return page(
    `Pay ${amountOf(intent)}`,
    `<p><span class="badge">Test gateway</span></p><h1>Pay by card</h1><p class="amount">${escape(amountOf(intent))}</p>${formError}
<form method="post" action="/pay/${escape(intent.id)}" novalidate>${hidden}
${field('card-number', 'Card number', 'name="number" inputmode="numeric" autocomplete="cc-number" maxlength="23" required', error, 'number')}
<div class="row"><div>${field('card-expiry', 'Expiry (MM / YY)', `name="expiry" autocomplete="cc-exp" maxlength="7" placeholder="MM / YY" value="${escape(expiry)}" required`, error, 'expiry')}</div>
<div>${field('card-cvc', 'Security code', 'name="cvc" inputmode="numeric" autocomplete="cc-csc" maxlength="4" required', error, 'cvc')}</div></div>
${field('card-name', 'Name on card', `name="name" autocomplete="cc-name" maxlength="100" value="${escape(name)}"`, error, 'name')}
<button type="submit">Pay ${escape(amountOf(intent))}</button></form>
<p class="hint">Test cards: 4242 4242 4242 4242 pays; 4000 0000 0000 0002 is declined; 4000 0000 0000 9995 has insufficient funds; 4000 0000 0000 0069 has expired; 4000 0025 0000 3155 asks for 3-D Secure. Any future expiry and any 3 digits.</p>`,
  );
}

export function challengePage(intent: PaymentIntent, returnUrl: string): string {
  const hidden = `<input type="hidden" name="client_secret" value="${escape(intent.client_secret)}"><input type="hidden" name="return_url" value="${escape(returnUrl)}">`;
  return page(
    'Confirm your payment',
    `<p><span class="badge">Test gateway</span></p><h1>Confirm your payment</h1><p>Your bank asks you to confirm the payment of <strong>${escape(amountOf(intent))}</strong>.</p>
<form method="post" action="/pay/${escape(intent.id)}/authenticate">${hidden}<button type="submit" name="result" value="complete">Complete authentication</button>
<button type="submit" name="result" value="fail" class="secondary">Fail authentication</button></form>`,
  );
}

export function noticePage(title: string, message: string, link?: { href: string; label: string }): string {
  return page(title, `<h1>${escape(title)}</h1><p>${escape(message)}</p>${link ? `<p><a href="${escape(link.href)}">${escape(link.label)}</a></p>` : ''}`);
}

// The pages a shopper sees when planned maintenance stops what they asked for: checkout paused
// while checkouts drain before a window, and a form sent during a window. Each says why and when
// the store is back, links to the status page, offers "email me when it's back" where checkout
// is what stopped, and keeps what was typed: the fields come back on the page with a button
// that sends them again once the store is back.
import { CSRF_FIELD } from '../../../platform/http/csrf.ts';
import { Button, ButtonLink } from '../../../web/components/Button.tsx';
import { Field } from '../../../web/components/Field.tsx';
import { Form } from '../../../web/components/Form.tsx';
import type { PageContext } from '../../../web/context.ts';
import type { FormBody } from '../../../web/forms/form-body.ts';
import { StoreLayout } from '../../../web/layout/StoreLayout.tsx';
import { SCOPE_EFFECTS } from '../form.ts';
import type { MaintenanceScope } from '../schema.ts';
import { formatMoment, formatSpanWithZone, zoneName, type StoreClock } from '../times.ts';
import type { MaintenanceWindow } from '../windows.ts';

export const BACK_EMAIL_PATH = '/maintenance/back';

/** What is closed while a window runs, in a sentence. */
const CLOSED_NOW: Record<MaintenanceScope, string> = {
  checkout: 'Checkout and payments are closed while we work; you can still browse and fill your cart.',
  site: 'The store is read-only while we work: you can browse, but not order or send forms.',
};

/** Fields never written back into a page: a password or card detail is typed again. */
const NEVER_ECHOED = /pass|card|cvc|cvv|secret/i;
/** Fields sent again but not shown: tokens and the form's own plumbing. */
const NOT_SHOWN = /token|^_|^intent$/i;

/** The typed fields of a refused form, as name/value pairs in the order they came. */
export function typedFields(body: FormBody): [string, string][] {
  const fields: [string, string][] = [];
  for (const [name, value] of Object.entries(body)) {
    if (name === CSRF_FIELD || NEVER_ECHOED.test(name)) continue;
    for (const item of [value].flat()) if (typeof item === 'string') fields.push([name, item]);
  }
  return fields;
}

const label = (name: string) => name.replace(/([a-z])([A-Z0-9])/g, '$1 $2').replace(/[_-]+/g, ' ').replace(/^./, (c) => c.toUpperCase());

function BackAt({ window, store }: { window: MaintenanceWindow; store: StoreClock }) {
  return (
    <>
      {formatMoment(window.endsAt, store)} ({zoneName(store, window.endsAt)})
    </>
  );
}

function BackEmailForm({ ctx, window, email = '', error }: { ctx: PageContext; window: MaintenanceWindow; email?: string; error?: string | undefined }) {
  return (
    <Form csrfToken={ctx.csrfToken} action={BACK_EMAIL_PATH} aria-labelledby="back-email-title" noValidate>
      <h2 id="back-email-title">Email me when it’s back</h2>
      <input type="hidden" name="windowId" value={window.id} />
      <Field name="email" label="Your email address" type="email" autocomplete="email" value={email} error={error} required maxLength={254} />
      <Button>Email me when checkout is back</Button>
      <p class="muted small">One email, when the work is done. Nothing else.</p>
    </Form>
  );
}

function NextSteps({ back }: { back: { href: string; label: string } }) {
  return (
    <p class="button-row">
      <ButtonLink href="/status" variant="secondary">
        See the store status
      </ButtonLink>{' '}
      <ButtonLink href={back.href} variant="secondary">
        {back.label}
      </ButtonLink>
    </p>
  );
}

/** While checkouts drain: a new checkout does not start; the cart stays as it is. */
export function CheckoutPausedPage({ ctx, window, store, email, error }: { ctx: PageContext; window: MaintenanceWindow; store: StoreClock; email?: string; error?: string }) {
  return (
    <StoreLayout ctx={ctx} title="Checkout is paused for planned maintenance" stickyBanner>
      <div class="page-header">
        <h1>Checkout is paused for planned maintenance</h1>
        <p>
          We are about to do planned work on the store: {formatSpanWithZone(window.startsAt, window.endsAt, store)}. So that no order is cut off halfway, we do not start new
          checkouts in the minutes before it begins. {SCOPE_EFFECTS[window.scope]}
        </p>
        <p>
          <strong>
            Your cart is kept. Checkout is back at <BackAt window={window} store={store} />.
          </strong>
        </p>
        {window.message && <p>{window.message}</p>}
      </div>
      <BackEmailForm ctx={ctx} window={window} email={email} error={error} />
      <NextSteps back={{ href: '/cart', label: 'Back to your cart' }} />
    </StoreLayout>
  );
}

/** A form sent while a window runs: nothing was changed, and what was typed comes back. */
export function ClosedForMaintenancePage({ ctx, window, store, action, fields, checkout }: { ctx: PageContext; window: MaintenanceWindow; store: StoreClock; action: string; fields: [string, string][]; checkout: boolean }) {
  const shown = fields.filter(([name, value]) => !NOT_SHOWN.test(name) && value.trim() !== '');
  return (
    <StoreLayout ctx={ctx} title="Back soon: planned maintenance" stickyBanner>
      <div class="page-header">
        <h1>{checkout ? 'Checkout is closed for planned maintenance' : 'The store is closed for planned maintenance'}</h1>
        <p>
          Nothing was changed. {CLOSED_NOW[window.scope]} We expect to be back at{' '}
          <strong>
            <BackAt window={window} store={store} />
          </strong>
          .
        </p>
        {window.message && <p>{window.message}</p>}
      </div>
      {fields.length > 0 && (
        <section aria-labelledby="typed-title">
          <h2 id="typed-title">What you typed is kept</h2>
          {shown.length > 0 && (
            <dl class="typed-fields">
              {shown.map(([name, value], index) => (
                <div key={`${name}-${index}`}>
                  <dt>{label(name)}</dt>
                  <dd>{value}</dd>
                </div>
              ))}
            </dl>
          )}
          <p>Keep this page open and press the button once we are back: it sends the same again. Passwords and card details are never kept: type them again then.</p>
          <Form csrfToken={ctx.csrfToken} action={action}>
            {fields.map(([name, value], index) => (
              <input key={`${name}-${index}`} type="hidden" name={name} value={value} />
            ))}
            <Button>Send it again</Button>
          </Form>
        </section>
      )}
      {checkout && <BackEmailForm ctx={ctx} window={window} />}
      <NextSteps back={{ href: '/', label: 'Keep browsing' }} />
    </StoreLayout>
  );
}

/** After "Email me when it's back". */
export function BackEmailSavedPage({ ctx, window, store, email }: { ctx: PageContext; window: MaintenanceWindow; store: StoreClock; email: string }) {
  return (
    <StoreLayout ctx={ctx} title="We will email you">
      <div class="page-header">
        <h1>We will email you</h1>
        <p>
          We will write to {email} once, when the work is done (expected at <BackAt window={window} store={store} />
          ). Your cart is kept until then.
        </p>
      </div>
      <NextSteps back={{ href: '/cart', label: 'Back to your cart' }} />
    </StoreLayout>
  );
}

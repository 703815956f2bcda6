// The public side of maintenance: the status page's "Scheduled maintenance" section with its
// subscribe form, and the pages of the subscription (check your inbox, confirm, stop). Opening
// an emailed link changes nothing: each page's button does.
import { Button, ButtonLink } from '../../../web/components/Button.tsx';
import { Field } from '../../../web/components/Field.tsx';
import { Form } from '../../../web/components/Form.tsx';
import type { PageContext } from '../../../web/context.ts';
import { StoreLayout } from '../../../web/layout/StoreLayout.tsx';
import { SCOPE_EFFECTS } from '../form.ts';
import { CONFIRM_LINK_DAYS, STATUS_CONFIRM_PATH, STATUS_STOP_PATH, type StatusSubscriber } from '../subscribers.ts';
import { formatSpanWithZone, type StoreClock } from '../times.ts';
import { phaseOf, type MaintenanceWindow } from '../windows.ts';

export const SUBSCRIBE_PATH = '/status/subscribe';

function SubscribeForm({ csrfToken, email = '', error }: { csrfToken: string; email?: string; error?: string | undefined }) {
  return (
    <Form csrfToken={csrfToken} action={SUBSCRIBE_PATH} aria-labelledby="subscribe-title" noValidate>
      <Field name="email" label="Your email address" type="email" autocomplete="email" value={email} error={error} required maxLength={254} />
      <Button>Email me about planned maintenance and incidents</Button>
      <p class="muted small">We send a link to confirm first. Each email has a link to stop them.</p>
    </Form>
  );
}

/** The status page's section: windows running or to come, and the form to hear of the next ones. */
export function MaintenanceStatusSection({ windows, store, now, csrfToken }: { windows: MaintenanceWindow[]; store: StoreClock; now: Date; csrfToken: string }) {
  return (
    <section aria-labelledby="maintenance-title">
      <h2 id="maintenance-title">Scheduled maintenance</h2>
      {windows.length === 0 ? (
        <p>No maintenance is planned.</p>
      ) : (
        <ul>
          {windows.map((window) => (
            <li key={window.id}>
              <strong>{phaseOf(window, now) === 'running' ? 'Now: ' : ''}{formatSpanWithZone(window.startsAt, window.endsAt, store)}.</strong> {SCOPE_EFFECTS[window.scope]} {window.message}
            </li>
          ))}
        </ul>
      )}
      <h2 id="subscribe-title">Hear about it first</h2>
      <SubscribeForm csrfToken={csrfToken} />
    </section>
  );
}

/** After the form: the same answer whether or not the address was on record. */
export function SubscribeSentPage({ ctx }: { ctx: PageContext }) {
  return (
    <StoreLayout ctx={ctx} title="Check your inbox">
      <div class="page-header">
        <h1>Check your inbox</h1>
        <p>If that address is not subscribed yet, we have sent it a link to confirm. Press the button on the page it opens, and we will email you about planned maintenance and incidents.</p>
      </div>
      <p>
        Nothing arrived after a few minutes? Look in your spam folder, or <a href="/status">try again from the status page</a>.
      </p>
    </StoreLayout>
  );
}

/** The form again, with what is wrong with the address. */
export function SubscribeRefusedPage({ ctx, email, error }: { ctx: PageContext; email: string; error: string }) {
  return (
    <StoreLayout ctx={ctx} title="Email me about planned maintenance">
      <div class="page-header">
        <h1 id="subscribe-title">Email me about planned maintenance</h1>
      </div>
      <SubscribeForm csrfToken={ctx.csrfToken} email={email} error={error} />
    </StoreLayout>
  );
}

function LinkNoLongerWorks({ ctx, what }: { ctx: PageContext; what: string }) {
  return (
    <StoreLayout ctx={ctx} title="This link no longer works">
      <div class="page-header">
        <h1>This link no longer works</h1>
        <p>{what}</p>
      </div>
      <ButtonLink href="/status" variant="primary">
        Go to the status page
      </ButtonLink>
    </StoreLayout>
  );
}

/** Where the confirmation link lands; `done` after the button was pressed. */
export function ConfirmSubscriptionPage({ ctx, token, subscriber, done }: { ctx: PageContext; token: string; subscriber: StatusSubscriber | null; done: boolean }) {
  if (!subscriber) return <LinkNoLongerWorks ctx={ctx} what={`Confirmation links work for ${CONFIRM_LINK_DAYS} days. Ask again from the status page and we will send a new one.`} />;
  const confirmed = subscriber.confirmedAt !== null && subscriber.unsubscribedAt === null;
  return (
    <StoreLayout ctx={ctx} title="Status emails">
      <div class="page-header">
        <h1>{confirmed ? 'You are subscribed' : 'Confirm your subscription'}</h1>
        <p>
          {confirmed
            ? `${subscriber.email} will hear from us before planned maintenance and when something is not working.`
            : `Press the button and ${subscriber.email} will hear from us before planned maintenance and when something is not working.`}
        </p>
      </div>
      {confirmed ? (
        done && (
          <p>
            <a href="/status">See the store status</a>
          </p>
        )
      ) : (
        <Form csrfToken={ctx.csrfToken} action={`${STATUS_CONFIRM_PATH}?token=${encodeURIComponent(token)}`} aria-label="Confirm">
          <Button>Yes, email me</Button>
        </Form>
      )}
      {!confirmed && <p class="muted small">Did not ask for this? Close this page: nothing happens unless you press the button.</p>}
    </StoreLayout>
  );
}

/** Where the stop link in a status email lands. */
export function StopSubscriptionPage({ ctx, token, subscriber }: { ctx: PageContext; token: string; subscriber: StatusSubscriber | null }) {
  if (!subscriber) return <LinkNoLongerWorks ctx={ctx} what="We could not read this link. Reply to any of our emails and we will stop them for you." />;
  const stopped = subscriber.unsubscribedAt !== null;
  return (
    <StoreLayout ctx={ctx} title="Status emails">
      <div class="page-header">
        <h1>{stopped ? 'You will hear no more' : 'Stop status emails?'}</h1>
        <p>
          {stopped
            ? `${subscriber.email} gets no more emails about planned maintenance and incidents. You can subscribe again on the status page at any time.`
            : `${subscriber.email} gets an email before planned maintenance and when something is not working.`}
        </p>
      </div>
      {!stopped && (
        <Form csrfToken={ctx.csrfToken} action={`${STATUS_STOP_PATH}?token=${encodeURIComponent(token)}`} aria-label="Stop status emails">
          <Button>Stop these emails</Button>
        </Form>
      )}
    </StoreLayout>
  );
}

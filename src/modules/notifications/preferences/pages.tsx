// The reader's pages, reached from the links at the bottom of our emails: the preference
// centre (what they get beyond emails about their orders), the unsubscribe page whose button
// does what a mail program's one-click unsubscribe does, and the page for a link that does not
// work (forged, garbled or for a topic we do not have).
import { Alert } from '../../../web/components/Alert.tsx';
import { Button, ButtonLink } from '../../../web/components/Button.tsx';
import { CheckboxField } from '../../../web/components/fields.tsx';
import { Form } from '../../../web/components/Form.tsx';
import type { PageContext } from '../../../web/context.ts';
import { StoreLayout } from '../../../web/layout/StoreLayout.tsx';
import { EMAIL_TOPICS, type EmailTopic, type Preferences } from './preferences.ts';

export const PREFERENCES_PATH = '/email/preferences';
export const UNSUBSCRIBE_PATH = '/email/unsubscribe';

export const TOPIC_LABELS: Readonly<Record<EmailTopic, { label: string; hint: string; short: string }>> = {
  recommendations: {
    label: 'Product suggestions in order emails',
    hint: 'A few items that go with what you ordered, at the bottom of some order and delivery emails (never more than two emails a week).',
    short: 'product suggestions',
  },
  announcements: {
    label: 'Service announcements',
    hint: 'For example planned maintenance, announced a few days before.',
    short: 'service announcements',
  },
};

const NO_INDEX = <meta name="robots" content="noindex, nofollow" />;

/** "ada@example.com" → "a••@example.com": enough to recognise, not enough to read off a screen. */
export function maskAddress(address: string): string {
  const at = address.lastIndexOf('@');
  if (at <= 0) return address;
  const local = address.slice(0, at);
  return `${local.slice(0, local.length > 3 ? 2 : 1)}${'•'.repeat(Math.min(6, Math.max(2, local.length - 2)))}${address.slice(at)}`;
}

function AlwaysSent() {
  return (
    <p>
      Emails about your orders, deliveries and questions to us always come, whatever you choose here: they tell you where your order stands. To write to us, just
      reply to any of them.
    </p>
  );
}

export function PreferencesPage({ ctx, address, token, preferences, saved }: { ctx: PageContext; address: string; token: string; preferences: Preferences; saved: boolean }) {
  return (
    <StoreLayout ctx={ctx} title="Email preferences" head={NO_INDEX}>
      <div class="page-header">
        <h1>Email preferences</h1>
        <p>For {maskAddress(address)}</p>
      </div>
      {saved && (
        <Alert tone="success" title="Saved">
          <p>Your choices apply to every email from now on. You can change them here at any time.</p>
        </Alert>
      )}
      <div class="card">
        <Form csrfToken={ctx.csrfToken} action={PREFERENCES_PATH}>
          <input type="hidden" name="token" value={token} />
          <fieldset class="fieldset">
            <legend class="fieldset__legend">Besides emails about your orders, send me</legend>
            {EMAIL_TOPICS.map((topic) => (
              <CheckboxField key={topic} name={topic} label={TOPIC_LABELS[topic].label} hint={TOPIC_LABELS[topic].hint} checked={preferences[topic]} />
            ))}
          </fieldset>
          <Button>Save my choices</Button>
        </Form>
      </div>
      <AlwaysSent />
    </StoreLayout>
  );
}

export function UnsubscribePage({ ctx, action, topic, preferencesUrl, done }: { ctx: PageContext; action: string; topic: EmailTopic; preferencesUrl: string; done: boolean }) {
  const what = TOPIC_LABELS[topic].short;
  return (
    <StoreLayout ctx={ctx} title={done ? 'You are unsubscribed' : `Stop ${what}?`} head={NO_INDEX}>
      <div class="page-header">
        <h1>{done ? 'You are unsubscribed' : `Stop ${what}?`}</h1>
      </div>
      {done ? (
        <Alert tone="success" title={`No more ${what}`}>
          <p>We will not send you {what} again. Changed your mind? Turn them back on in your email preferences.</p>
        </Alert>
      ) : (
        <div class="card">
          <p>One click and we stop sending you {what}.</p>
          {/* Posts exactly what a mail program's one-click unsubscribe posts (RFC 8058). */}
          <Form csrfToken={ctx.csrfToken} action={action}>
            <input type="hidden" name="List-Unsubscribe" value="One-Click" />
            <Button>Unsubscribe from {what}</Button>
          </Form>
        </div>
      )}
      <AlwaysSent />
      <p>
        <ButtonLink href={preferencesUrl}>Email preferences</ButtonLink>
      </p>
    </StoreLayout>
  );
}

export function LinkNotValidPage({ ctx }: { ctx: PageContext }) {
  return (
    <StoreLayout ctx={ctx} title="This link does not work" head={NO_INDEX}>
      <div class="page-header">
        <h1>This link does not work</h1>
      </div>
      <Alert tone="warning" title="We could not tell which email address it is for">
        <p>
          Links in our emails only work exactly as we sent them. Open the latest email from us and use the “Email preferences” link at its bottom, or just reply to
          that email and tell us what you would like to receive: a person will sort it out.
        </p>
      </Alert>
      <p>
        <ButtonLink href="/help" variant="primary">
          Get help
        </ButtonLink>
      </p>
    </StoreLayout>
  );
}

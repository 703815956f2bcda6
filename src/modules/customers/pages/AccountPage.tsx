import type { PageContext } from '../../../web/context.ts';
import { StoreLayout } from '../../../web/layout/StoreLayout.tsx';
import { Form } from '../../../web/components/Form.tsx';
import { Button } from '../../../web/components/Button.tsx';
import { Alert } from '../../../web/components/Alert.tsx';
import { Field } from '../../../web/components/Field.tsx';
import type { Customer } from '../service.ts';
import type { EmailChange } from '../email-change.ts';
import { FormAlert, type FieldErrors, type FormMessage } from './shared.tsx';

const TIER_LABELS: Record<Customer['tier'], string> = {
  standard: 'Standard',
  premium: 'Premium',
  platinum: 'Platinum',
};

export interface AccountPageProps {
  ctx: PageContext;
  customer: Customer;
  notice?: string | undefined;
  /** A change of address waiting for its link to be followed. */
  pendingChange?: EmailChange | null;
  /** The change-of-address form sent back with what to fix. */
  emailForm?: {
    email: string;
    errors: FieldErrors;
    message?: FormMessage | undefined;
    /** The address is known from guest orders or questions: staff join the records. */
    contactUs?: boolean;
  };
}

export function AccountPage({ ctx, customer, notice, pendingChange, emailForm }: AccountPageProps) {
  return (
    <StoreLayout ctx={ctx} title="Your account" canonicalPath="/account">
      <div class="page-header">
        <h1>Your account</h1>
        <p>Hello{customer.name ? `, ${customer.name}` : ''}.</p>
      </div>
      {notice && <Alert tone="success">{notice}</Alert>}
      <section class="card" aria-labelledby="account-details">
        <h2 id="account-details">Your details</h2>
        <dl>
          <dt>Name</dt>
          <dd>{customer.name || '—'}</dd>
          <dt>Email</dt>
          <dd>{customer.email}</dd>
          <dt>Membership</dt>
          <dd>{TIER_LABELS[customer.tier]}</dd>
        </dl>
        <p class="small">
          <a href="/account/reset">Change your password</a>
        </p>
      </section>
      <EmailChangeSection ctx={ctx} pendingChange={pendingChange} form={emailForm} />
      <section aria-labelledby="account-orders">
        <h2 id="account-orders">Your orders</h2>
        <p>Your orders will appear here.</p>
        <p>
          <a href="/account/requests">My requests</a>: your questions to us, their answers and when we will reply.
        </p>
      </section>
      <Form csrfToken={ctx.csrfToken} action="/account/sign-out">
        <Button variant="secondary">Sign out</Button>
      </Form>
    </StoreLayout>
  );
}

function EmailChangeSection({
  ctx,
  pendingChange,
  form,
}: {
  ctx: PageContext;
  pendingChange: EmailChange | null | undefined;
  form: AccountPageProps['emailForm'];
}) {
  const errors = form?.errors ?? {};
  return (
    <section class="card" id="email" aria-labelledby="account-email">
      <h2 id="account-email">Change your email address</h2>
      {pendingChange && !form && (
        <Alert tone="info" title="Waiting for you to confirm">
          <p>
            We sent a link to {pendingChange.newEmail}. Open it within 24 hours to move your account
            there; until then, nothing changes. Not arrived? Check the spam folder, or ask again
            below.
          </p>
        </Alert>
      )}
      <FormAlert message={form?.message} />
      {form?.contactUs && (
        <p>
          <a href="/help">Contact us</a> and we will join them to your account.
        </p>
      )}
      <p>
        We send a link to the new address; your account moves there once you open it. We also let
        your current address know.
      </p>
      <Form csrfToken={ctx.csrfToken} action="/account/email" noValidate>
        <Field
          name="email"
          label="New email address"
          type="email"
          value={form?.email ?? ''}
          error={errors.email}
          autocomplete="email"
          maxLength={254}
          required
        />
        <Field
          name="password"
          label="Your current password"
          type="password"
          error={errors.password}
          autocomplete="current-password"
          required
        />
        <Button variant="secondary">Send the confirmation link</Button>
      </Form>
    </section>
  );
}

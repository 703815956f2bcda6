// Finding an order without an account: its number and the email it was placed with. A refusal
// says the same whether the number exists or not, so the form cannot be used to probe numbers.
import { Alert } from '../../../web/components/Alert.tsx';
import { Button } from '../../../web/components/Button.tsx';
import { Field } from '../../../web/components/Field.tsx';
import { Form } from '../../../web/components/Form.tsx';
import type { PageContext } from '../../../web/context.ts';
import { StoreLayout } from '../../../web/layout/StoreLayout.tsx';

export const LOOKUP_PATH = '/orders/lookup';

export interface LookupPageProps {
  ctx: PageContext;
  values?: { number: string; email: string };
  errors?: { number?: string | undefined; email?: string | undefined };
  /** Shown when the number and email do not find an order together. */
  notFound?: boolean;
  /** Shown when an order page was opened without a link or sign-in that opens it. */
  linkNotValid?: boolean;
}

export const NOT_FOUND_MESSAGE = 'We could not find an order with that number and email address.';

export function LookupPage({ ctx, values = { number: '', email: '' }, errors = {}, notFound = false, linkNotValid = false }: LookupPageProps) {
  const hasErrors = Boolean(errors.number || errors.email);
  return (
    <StoreLayout ctx={ctx} title="Find your order" canonicalPath={LOOKUP_PATH}>
      <div class="page-header">
        <h1>Find your order</h1>
        <p>See where your order stands with its number and the email address you gave when ordering.</p>
      </div>
      {notFound && (
        <Alert tone="error" title={NOT_FOUND_MESSAGE}>
          <p>Check both: the number is on your confirmation and in every email about the order, and looks like DS-7K4Q-9P3M.</p>
        </Alert>
      )}
      {linkNotValid && (
        <Alert tone="warning" title="We could not open that order">
          <p>The link may be incomplete or out of date. Enter the order number and your email address to see it, or sign in if you ordered with your account.</p>
        </Alert>
      )}
      {hasErrors && <Alert tone="error" title="Please check the highlighted fields" />}
      <div class="card">
        <Form csrfToken={ctx.csrfToken} action={LOOKUP_PATH} noValidate>
          <Field name="number" label="Order number" value={values.number} error={errors.number} hint="For example DS-7K4Q-9P3M; capitals and dashes do not matter." maxLength={64} autocomplete="off" required />
          <Field name="email" label="Email address" type="email" value={values.email} error={errors.email} autocomplete="email" maxLength={254} required />
          <div class="button-row">
            <Button>Find my order</Button>
          </div>
        </Form>
      </div>
      <p>
        Have an account? <a href="/account/orders">See all your orders</a>. Cannot find your number? <a href="/help">Contact us</a>: we can find it with your email address.
      </p>
    </StoreLayout>
  );
}

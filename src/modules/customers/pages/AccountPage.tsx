import type { PageContext } from '../../../web/context.ts';
import { StoreLayout } from '../../../web/layout/StoreLayout.tsx';
import { Form } from '../../../web/components/Form.tsx';
import { Button } from '../../../web/components/Button.tsx';
import { Alert } from '../../../web/components/Alert.tsx';
import type { Customer } from '../service.ts';

const TIER_LABELS: Record<Customer['tier'], string> = {
  standard: 'Standard',
  premium: 'Premium',
  platinum: 'Platinum',
};

export interface AccountPageProps {
  ctx: PageContext;
  customer: Customer;
  notice?: string | undefined;
}

export function AccountPage({ ctx, customer, notice }: AccountPageProps) {
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
      <section aria-labelledby="account-orders">
        <h2 id="account-orders">Your orders</h2>
        <p>Your orders will appear here.</p>
      </section>
      <Form csrfToken={ctx.csrfToken} action="/account/sign-out">
        <Button variant="secondary">Sign out</Button>
      </Form>
    </StoreLayout>
  );
}

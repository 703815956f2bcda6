// /admin/payments/gateway: which payment gateway the store uses, whether calls to it are
// flowing (the circuit breaker), and for the simulator the fault switches that let a
// merchant rehearse an outage, a slow bank or lost answers before a busy day.
import { Alert } from '../../../web/components/Alert.tsx';
import { Button } from '../../../web/components/Button.tsx';
import { ErrorSummary } from '../../../web/components/ErrorSummary.tsx';
import { Field } from '../../../web/components/Field.tsx';
import { CheckboxField } from '../../../web/components/fields.tsx';
import { Form } from '../../../web/components/Form.tsx';
import { Notice } from '../../../web/components/Notice.tsx';
import type { PageContext } from '../../../web/context.ts';
import type { FormErrors } from '../../../web/forms/form-errors.ts';
import { AdminLayout, type AdminNavItem } from '../../../web/layout/AdminLayout.tsx';
import type { CircuitStatus } from '../gateway/resilience.ts';
import type { GatewayMode } from '../gateway/runtime.ts';
import { FAULT_LABELS, type FaultsForm } from './faults-form.ts';

export const GATEWAY_PATH = '/admin/payments/gateway';
export const FAULTS_PATH = `${GATEWAY_PATH}/faults`;

export interface GatewayPageProps {
  ctx: PageContext;
  nav: AdminNavItem[];
  mode: GatewayMode;
  webhooksVerified: boolean;
  circuit: { status: CircuitStatus; retryAt: Date | null };
  /** The simulator's fault switches; null with Stripe; 'unreachable' when the simulator does not answer. */
  faults: { form: FaultsForm; errors?: FormErrors } | 'unreachable' | null;
  notice?: string | undefined;
}

function describeMode(mode: GatewayMode): string {
  switch (mode.kind) {
    case 'stripe':
      return mode.live ? 'Stripe, live: real cards are charged.' : 'Stripe, test mode: only test cards work.';
    case 'embedded-simulator':
      return `The built-in gateway simulator, running inside the store at ${mode.url}. No real money moves.`;
    case 'external-simulator':
      return `A gateway simulator at ${mode.url}. No real money moves.`;
  }
}

const CIRCUIT: Record<CircuitStatus, string> = {
  closed: 'Closed: calls to the gateway flow normally.',
  open: 'Open: the gateway kept failing, so calls are paused and checkouts offer to pay later.',
  'half-open': 'Half-open: the next call is a trial; if it succeeds, calls flow again.',
};

export function GatewayPage({ ctx, nav, mode, webhooksVerified, circuit, faults, notice }: GatewayPageProps) {
  return (
    <AdminLayout ctx={ctx} title="Payment gateway" nav={nav}>
      <h1>Payment gateway</h1>
      <Notice message={notice} />
      <dl>
        <dt>Gateway</dt>
        <dd>{describeMode(mode)}</dd>
        <dt>Webhooks</dt>
        <dd>{webhooksVerified ? 'Verified by signature and timestamp.' : 'Not configured (no STRIPE_WEBHOOK_SECRET): payments are settled by the reconciliation job every minute.'}</dd>
        <dt>Circuit breaker</dt>
        <dd>
          {CIRCUIT[circuit.status]}
          {circuit.status === 'open' && circuit.retryAt && ` Next trial after ${circuit.retryAt.toISOString().replace('T', ' ').slice(0, 19)} UTC.`}
        </dd>
      </dl>
      {faults === 'unreachable' && (
        <Alert tone="warning" title="The simulator does not answer">
          Its fault switches cannot be read. Check that it is running.
        </Alert>
      )}
      {faults && faults !== 'unreachable' && (
        <section aria-labelledby="faults-title">
          <h2 id="faults-title">Simulated faults</h2>
          <p>Switch faults on to see how checkout copes; they apply from the next call. Set everything to 0 and untick both boxes to go back to normal.</p>
          {faults.errors && <ErrorSummary errors={faults.errors.list} />}
          <Form csrfToken={ctx.csrfToken} action={FAULTS_PATH} aria-labelledby="faults-title" noValidate>
            {(Object.keys(FAULT_LABELS) as (keyof typeof FAULT_LABELS)[]).map((field) => (
              <Field key={field} name={field} label={FAULT_LABELS[field].label} hint={FAULT_LABELS[field].hint} value={faults.form[field]} error={faults.errors?.for(field)} maxLength={6} required />
            ))}
            <CheckboxField name="duplicateWebhooks" label="Deliver every webhook twice" checked={faults.form.duplicateWebhooks} />
            <CheckboxField name="outOfOrderWebhooks" label="Deliver webhooks out of order" checked={faults.form.outOfOrderWebhooks} hint="Webhooks are held back briefly and the newest is delivered first." />
            <Button>Save faults</Button>
          </Form>
        </section>
      )}
    </AdminLayout>
  );
}

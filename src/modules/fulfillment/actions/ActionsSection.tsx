// The "Order actions" block on the staff order page: hold and release, cancel (or, once a
// parcel has left, the return path instead), a return requested and received, and refunds with
// what is left to give back. Only the actions the order's status and the viewer's permissions
// allow are drawn. Every form carries the CSRF token and the status the page showed, so a second
// click or a colleague's change meanwhile is refused rather than done twice.
import type { ComponentChildren } from 'preact';
import { formatMoney } from '../../../platform/money.ts';
import { Alert } from '../../../web/components/Alert.tsx';
import { Button } from '../../../web/components/Button.tsx';
import { Form } from '../../../web/components/Form.tsx';
import { formatDateTime } from '../../../web/dates.ts';
import { ORDER_STATUS_LABELS, type Order } from '../../orders/index.ts';
import { RETURN_PATH } from './cancel.ts';
import { REASON_MAX } from './moves.ts';
import type { OrderRefund } from './refund.ts';
import type { OrderAction } from './rules.ts';

export const actionPath = (number: string, action: OrderAction) => `/admin/orders/${number}/actions/${action}`;
export const ACTIONS_ANCHOR = 'order-actions-title';

export interface SectionNotice {
  tone: 'success' | 'warning';
  text: string;
}

export interface ActionsSectionProps {
  order: Order;
  /** The actions drawn: allowed by the order's state and the viewer's permissions. */
  actions: ReadonlySet<OrderAction>;
  parcelLeft: boolean;
  mayRefund: boolean;
  captured: number;
  refunded: number;
  refunds: readonly OrderRefund[];
  nextRefundSeq: number;
  /** Names of the staff who made the refunds, by actor label; "you" for the viewer. */
  people: ReadonlyMap<string, string>;
  notice: SectionNotice | null;
  csrfToken: string;
  locale: string;
  timeZone: string;
}

/** The amount as typed in a form: "12.50" for $12.50 (no currency sign, no grouping). */
export function plainAmount(amount: number, currency: string): string {
  const digits = new Intl.NumberFormat('en-US', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  return (amount / 10 ** digits).toFixed(digits);
}

function ReasonField({ id, label, hint, required }: { id: string; label: string; hint?: string; required: boolean }) {
  return (
    <div class="field field--wide">
      <label class="field__label" for={id}>
        {label}
        {!required && <span class="field__optional"> (optional)</span>}
      </label>
      {hint && (
        <p class="field__hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      <textarea class="input" id={id} name="reason" rows={2} maxLength={REASON_MAX} required={required} aria-describedby={hint ? `${id}-hint` : undefined} />
    </div>
  );
}

function ActionForm({ order, action, csrfToken, children }: { order: Order; action: OrderAction; csrfToken: string; children: ComponentChildren }) {
  return (
    <Form csrfToken={csrfToken} action={actionPath(order.number, action)} class="stack">
      <input type="hidden" name="from" value={order.status} />
      {children}
    </Form>
  );
}

export function ActionsSection(props: ActionsSectionProps) {
  const { order, actions, csrfToken, locale, timeZone } = props;
  const money = (amount: number) => formatMoney({ amount, currency: order.currency }, locale);
  const left = Math.max(0, props.captured - props.refunded);
  const has = (action: OrderAction) => actions.has(action);
  const travelling = props.parcelLeft && !['delivered', 'return_requested', 'return_received', 'partially_refunded', 'refunded', 'cancelled'].includes(order.status);
  return (
    <section class="card" aria-labelledby={ACTIONS_ANCHOR}>
      <h2 id={ACTIONS_ANCHOR}>Order actions</h2>
      {props.notice && <Alert tone={props.notice.tone}>{props.notice.text}</Alert>}
      {travelling && (
        <p>
          <strong>It cannot be cancelled any more.</strong> {RETURN_PATH}
        </p>
      )}
      {has('release') && (
        <ActionForm order={order} action="release" csrfToken={csrfToken}>
          <ReasonField id="release-reason" label="Note for the history" required={false} />
          <Button>Release: back to {ORDER_STATUS_LABELS[order.heldFrom ?? 'placed']}</Button>
        </ActionForm>
      )}
      {has('hold') && (
        <ActionForm order={order} action="hold" csrfToken={csrfToken}>
          <ReasonField id="hold-reason" label="Why hold it" hint="Picking and packing stop until it is released." required />
          <Button variant="secondary">Put on hold</Button>
        </ActionForm>
      )}
      {has('cancel') && (
        <ActionForm order={order} action="cancel" csrfToken={csrfToken}>
          <ReasonField id="cancel-reason" label="Why cancel it" hint="The customer reads this. Its stock goes back on sale and any payment taken is given back." required />
          <Button variant="danger">Cancel the order</Button>
        </ActionForm>
      )}
      {has('return-requested') && (
        <ActionForm order={order} action="return-requested" csrfToken={csrfToken}>
          <ReasonField id="return-reason" label="What comes back, and why" required />
          <Button variant="secondary">Record a return request</Button>
        </ActionForm>
      )}
      {has('return-received') && (
        <ActionForm order={order} action="return-received" csrfToken={csrfToken}>
          <ReasonField id="received-reason" label="Condition of what came back" required={false} />
          <Button>Return received</Button>
        </ActionForm>
      )}
      {props.mayRefund && (props.captured > 0 || props.refunds.length > 0) && (
        <>
          <h3>Refunds</h3>
          <p>
            Taken {money(props.captured)}, refunded {money(props.refunded)}, {money(left)} left to give back.
          </p>
          {props.refunds.length > 0 && (
            <div class="table-wrap">
              <table class="table">
                <thead>
                  <tr>
                    <th scope="col">#</th>
                    <th scope="col">Amount</th>
                    <th scope="col">Why</th>
                    <th scope="col">By</th>
                    <th scope="col">When</th>
                    <th scope="col">Outcome</th>
                  </tr>
                </thead>
                <tbody>
                  {props.refunds.map((refund) => (
                    <tr key={refund.id}>
                      <td>{refund.seq}</td>
                      <td>{formatMoney({ amount: refund.amount, currency: refund.currency }, locale)}</td>
                      <td>{refund.reason}</td>
                      <td>{props.people.get(refund.requestedBy) ?? refund.requestedBy}</td>
                      <td>{formatDateTime(refund.requestedAt, locale, timeZone)}</td>
                      <td>{refund.state === 'done' ? 'Refunded' : refund.state === 'failed' ? `Not refunded: ${refund.error ?? ''}` : 'Being asked'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
      {has('refund') && (
        <ActionForm order={order} action="refund" csrfToken={csrfToken}>
          <input type="hidden" name="seq" value={String(props.nextRefundSeq)} />
          <div class="field">
            <label class="field__label" for="refund-amount">
              Amount to refund ({order.currency})
            </label>
            <p class="field__hint" id="refund-amount-hint">
              Up to {money(left)}. All of it refunds the order in full; less refunds it in part.
            </p>
            <input class="input" id="refund-amount" name="amount" inputMode="decimal" required value={plainAmount(left, order.currency)} aria-describedby="refund-amount-hint" />
          </div>
          <ReasonField id="refund-reason" label="Why refund" required />
          <Button>Refund</Button>
        </ActionForm>
      )}
      {actions.size === 0 && !travelling && <p>Nothing to do here for an order that is {ORDER_STATUS_LABELS[order.status].toLowerCase()}.</p>}
    </section>
  );
}

// "Send the order confirmation again", under the emails of the staff order page (and so in the
// agent's console beside a ticket): to the order's address, or to the one the customer gives
// on the phone when they mistyped it at checkout. The order keeps its address (nothing in the
// orders module records a changed one); the emails list records where the copy went and who
// asked. The form carries a one-time token whose nonce is the copy's dedupe subject: a second
// press of the same form finds the first copy, a fresh page sends another.
import { randomUUID } from 'node:crypto';
import { Type } from 'typebox';
import type { App } from '../../../platform/http/app.ts';
import type { StaffRole } from '../../../platform/http/principal.ts';
import { Problem } from '../../../platform/http/problem.ts';
import type { Platform } from '../../../platform/platform.ts';
import { Button } from '../../../web/components/Button.tsx';
import { ErrorSummary } from '../../../web/components/ErrorSummary.tsx';
import { Field } from '../../../web/components/Field.tsx';
import { Form } from '../../../web/components/Form.tsx';
import type { PageContext } from '../../../web/context.ts';
import { formBody, text } from '../../../web/forms/form-body.ts';
import { FormErrors } from '../../../web/forms/form-errors.ts';
import { AdminLayout, type AdminNavItem } from '../../../web/layout/AdminLayout.tsx';
import { sendPage } from '../../../web/page-context.ts';
import { emailProblem, MAX_EMAIL_LENGTH, normalizeEmail } from '../../customers/index.ts';
import { orderByNumber, type Order } from '../../orders/index.ts';
import { adminNav, staffWith } from '../../staff/index.ts';
import { resendOrderConfirmation } from '../queue/resend.ts';

const STAFF_ROLES: readonly StaffRole[] = ['agent', 'lead', 'admin'];
const PURPOSE = 'order-confirmation-copy';
/** The order page may stay open a long while; the token only guards against sending twice. */
const TOKEN_TTL_MS = 24 * 60 * 60 * 1000;
const NumberParams = Type.Object({ number: Type.String({ minLength: 1, maxLength: 64 }) });

export const confirmationCopyPath = (number: string) => `/admin/orders/${number}/emails/confirmation-copy`;
/** Where the order page lists its emails: the copy shows up there. */
const emailsOfOrder = (number: string) => `/admin/orders/${number}#order-emails-heading`;

export function copyFormToken(platform: Platform, orderId: string): string {
  return platform.signer.sign(PURPOSE, { o: orderId, n: randomUUID() }, new Date(platform.clock.now().getTime() + TOKEN_TTL_MS));
}

/** The request's id, or null for a forged, expired or another order's token. */
function copyRequestId(platform: Platform, token: string, orderId: string): string | null {
  const claim = platform.signer.verify<{ o?: unknown; n?: unknown }>(PURPOSE, token);
  return claim && claim.o === orderId && typeof claim.n === 'string' ? claim.n : null;
}

export interface CopyFormProps {
  order: Pick<Order, 'number' | 'email'>;
  csrfToken: string;
  formToken: string;
  to: string;
  error?: string | undefined;
}

export function ConfirmationCopyForm({ order, csrfToken, formToken, to, error }: CopyFormProps) {
  return (
    <Form csrfToken={csrfToken} action={confirmationCopyPath(order.number)} class="stack">
      <input type="hidden" name="formToken" value={formToken} />
      <Field
        id="confirmation-copy-to"
        name="to"
        type="email"
        label="Send the order confirmation again to"
        hint={`The order’s address is ${order.email}. If the customer mistyped it, type the right one: the copy goes there, and the list above records it.`}
        value={to}
        error={error}
        maxLength={MAX_EMAIL_LENGTH}
        autocomplete="off"
        required
      />
      <Button variant="secondary">Send the confirmation again</Button>
    </Form>
  );
}

function ConfirmationCopyPage({ ctx, nav, order, errors, notice, form }: { ctx: PageContext; nav: AdminNavItem[]; order: Order; errors: FormErrors; notice?: string; form: Omit<CopyFormProps, 'order' | 'csrfToken' | 'error'> }) {
  return (
    <AdminLayout ctx={ctx} title={`Order ${order.number}: send the confirmation again`} nav={nav}>
      <p class="small">
        <a href={emailsOfOrder(order.number)}>← Order {order.number}</a>
      </p>
      <h1>Send the confirmation of order {order.number} again</h1>
      <ErrorSummary errors={errors.list} title="Nothing was sent." {...(notice ? { detail: notice } : {})} />
      <ConfirmationCopyForm order={order} csrfToken={ctx.csrfToken} error={errors.for('to')} {...form} />
    </AdminLayout>
  );
}

export function registerConfirmationCopies(app: App, platform: Platform): void {
  app.post<{ Params: { number: string } }>(confirmationCopyPath(':number'), { config: { access: STAFF_ROLES }, schema: { params: NumberParams } }, async (request, reply) => {
    const staff = await staffWith(request, 'orders.resend_confirmation');
    const order = await orderByNumber(platform.database.db, request.params.number);
    if (!order) throw new Problem({ status: 404, type: 'order-not-found', title: 'We could not find that order', detail: 'Check the number, or search by the customer’s email address.' });
    const body = formBody(request);
    const to = text(body, 'to').trim().slice(0, MAX_EMAIL_LENGTH * 2);
    const typedToken = text(body, 'formToken');
    const requestId = copyRequestId(platform, typedToken, order.id);

    const errors = new FormErrors();
    const problem = emailProblem(to);
    if (problem) errors.add('to', problem, 'Address');
    if (!errors.empty || !requestId) {
      // Nothing is sent: the form again, with what was typed. A stale token gets a fresh one (one more press).
      const notice = requestId ? undefined : 'The page was open too long to send this safely. Check the address and press the button again.';
      const page = (
        <ConfirmationCopyPage
          ctx={await app.pages.context(request)}
          nav={adminNav(staff, '/admin/orders')}
          order={order}
          errors={errors}
          {...(notice ? { notice } : {})}
          form={{ formToken: requestId ? typedToken : copyFormToken(platform, order.id), to }}
        />
      );
      return sendPage(reply, page, 400);
    }
    await platform.database.transaction((tx) => resendOrderConfirmation(platform, tx, order, { to: normalizeEmail(to), requestId, staffId: staff.id }));
    return reply.redirect(emailsOfOrder(order.number), 303);
  });
}

// /orders/:number/help: one question about one order, from whoever may see the order. The
// customer picks a topic and writes; the reply goes to the order's email, shown and not
// editable (the desk answers the address the order belongs to). Works without JavaScript; a
// refused submission comes back with every word still there and what to fix at the top.
import { Button } from '../../../web/components/Button.tsx';
import { ErrorSummary } from '../../../web/components/ErrorSummary.tsx';
import { Form } from '../../../web/components/Form.tsx';
import { RadioGroup, TextAreaField } from '../../../web/components/fields.tsx';
import type { PageContext } from '../../../web/context.ts';
import type { FormErrors } from '../../../web/forms/form-errors.ts';
import { StoreLayout } from '../../../web/layout/StoreLayout.tsx';
import { HELP_MESSAGE_MAX, HELP_TOPICS, type HelpValues } from './help-form.ts';

export const helpPath = (orderNumber: string) => `/orders/${orderNumber}/help`;

export interface HelpPageProps {
  ctx: PageContext;
  orderNumber: string;
  email: string;
  /** The order page to go back to (with its link token for a guest). */
  orderHref: string;
  /** The order link's token, carried to the POST for a guest; empty for a signed-in viewer. */
  linkToken: string;
  formToken: string;
  values: HelpValues;
  errors?: FormErrors;
  /** Said above the errors, e.g. that the form had expired and nothing was sent. */
  notice?: string;
}

export function HelpPage({ ctx, orderNumber, email, orderHref, linkToken, formToken, values, errors, notice }: HelpPageProps) {
  const choices = HELP_TOPICS.map((topic) => ({ value: topic.value, label: topic.label, ...(topic.hint ? { hint: topic.hint } : {}) }));
  return (
    <StoreLayout ctx={ctx} title={`Ask about order ${orderNumber}`} head={<meta name="robots" content="noindex, nofollow" />}>
      <p class="small">
        <a href={orderHref}>← Back to order {orderNumber}</a>
      </p>
      <div class="page-header">
        <h1>Ask about order {orderNumber}</h1>
        <p>Whoever answers sees this same order, its payment and its delivery: you do not need to explain them again.</p>
      </div>
      {(errors?.list.length || notice) && <ErrorSummary errors={errors?.list ?? []} title="Your question was not sent yet" {...(notice ? { detail: notice } : {})} />}
      <div class="card">
        <Form csrfToken={ctx.csrfToken} action={helpPath(orderNumber)} noValidate>
          {linkToken && <input type="hidden" name="t" value={linkToken} />}
          <input type="hidden" name="formToken" value={formToken} />
          <RadioGroup name="topic" legend="What is it about?" value={values.topic} choices={choices} error={errors?.for('topic')} />
          <TextAreaField
            name="message"
            label="Your question"
            value={values.message}
            error={errors?.for('message')}
            hint={`Up to ${HELP_MESSAGE_MAX.toLocaleString('en-US')} characters.`}
            rows={6}
            maxLength={HELP_MESSAGE_MAX}
            required
          />
          <div class="field">
            <label class="field__label" for="field-email">
              We reply to
            </label>
            <p class="field__hint" id="field-email-hint">
              The email address on the order. To be answered somewhere else, say so in your question.
            </p>
            <input class="input" id="field-email" type="email" value={email} readOnly aria-describedby="field-email-hint" />
          </div>
          <div class="button-row">
            <Button>Send my question</Button>
          </div>
        </Form>
      </div>
    </StoreLayout>
  );
}

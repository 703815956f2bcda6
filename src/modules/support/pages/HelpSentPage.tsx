// The confirmation after asking about an order: the request's number to quote, where and by
// when the answer will come (the promise made when it opened), and the one next step (back to the order, which keeps answering "where is it?").
import { Alert } from '../../../web/components/Alert.tsx';
import { ButtonLink } from '../../../web/components/Button.tsx';
import type { PageContext } from '../../../web/context.ts';
import { StoreLayout } from '../../../web/layout/StoreLayout.tsx';

export interface HelpSentPageProps {
  ctx: PageContext;
  ticketNumber: string;
  subject: string;
  orderNumber: string;
  email: string;
  orderHref: string;
  /** When the first answer is promised ("by Tuesday 24 November, 11:00 (New York time)"), until it is sent. */
  promise: string | null;
}

export function HelpSentPage({ ctx, ticketNumber, subject, orderNumber, email, orderHref, promise }: HelpSentPageProps) {
  return (
    <StoreLayout ctx={ctx} title={`Request ${ticketNumber}`} head={<meta name="robots" content="noindex, nofollow" />}>
      <div class="page-header">
        <p class="order-number__label">Your request number</p>
        <h1 class="order-number">{ticketNumber}</h1>
      </div>
      <Alert tone="success" title="We have your question">
        <p>
          “{subject}” is with our team. We will answer by email at <strong>{email}</strong>
          {promise ? `, ${promise}` : ''}. Quote {ticketNumber} if you write or call us about it: whoever answers sees your question and
          order {orderNumber} together.
        </p>
      </Alert>
      <p>
        <ButtonLink variant="primary" href={orderHref}>
          Back to order {orderNumber}
        </ButtonLink>
      </p>
    </StoreLayout>
  );
}

import type { PageContext } from '../../../web/context.ts';
import { StoreLayout } from '../../../web/layout/StoreLayout.tsx';

export function HelpPage({ ctx, supportEmail }: { ctx: PageContext; supportEmail: string }) {
  return (
    <StoreLayout ctx={ctx} title="Help" canonicalPath="/help">
      <h1>How can we help?</h1>
      <p>
        A person reads every message and answers it: <a href="/help/contact">write to us with the contact form</a> and follow your request under <a href="/account/requests">My requests</a>. You
        can always reach us by email too:
      </p>
      <p>
        <a href={`mailto:${supportEmail}`}>{supportEmail}</a>
      </p>
      <h2>Answers you may be looking for</h2>
      <ul>
        <li>
          <a href="/account">Your account</a>: your details and, once you have ordered, your orders.
        </li>
        <li>
          <a href="/policies/shipping">Delivery</a>: how and when we ship.
        </li>
        <li>
          <a href="/policies/returns">Returns</a>: how to send something back.
        </li>
        <li>
          <a href="/status">Store status</a>: whether everything is working right now.
        </li>
      </ul>
    </StoreLayout>
  );
}

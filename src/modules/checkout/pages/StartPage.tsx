// Checkout before anything is held: the cart changed since the hold, the hold ran out, or
// stock was short. Says what happened and offers the one next step.
import type { PageContext } from '../../../web/context.ts';
import { Alert } from '../../../web/components/Alert.tsx';
import { Button, ButtonLink } from '../../../web/components/Button.tsx';
import { Form } from '../../../web/components/Form.tsx';
import { StoreLayout } from '../../../web/layout/StoreLayout.tsx';
import type { ShortLine } from '../hold.ts';

export type StartReason = 'not-held' | 'hold-ended' | 'cart-changed';

const INTRO: Record<StartReason, { title: string; text: string }> = {
  'not-held': { title: 'Ready to check out?', text: 'We will hold your items while you review your order and pay.' },
  'hold-ended': { title: 'Your hold on these items ended', text: 'Someone else may have bought them meanwhile. Hold them again to continue.' },
  'cart-changed': { title: 'Your cart changed', text: 'Hold the items now in your cart to see their delivery dates and continue.' },
};

export function StartPage({ ctx, reason }: { ctx: PageContext; reason: StartReason }) {
  const intro = INTRO[reason];
  return (
    <StoreLayout ctx={ctx} title="Checkout" canonicalPath="/checkout" head={<meta name="robots" content="noindex" />}>
      <div class="page-header">
        <h1>{intro.title}</h1>
      </div>
      <p>{intro.text}</p>
      <Form csrfToken={ctx.csrfToken} action="/checkout">
        <Button>Hold my items and review</Button>
      </Form>
      <p>
        <a href="/cart">Back to your cart</a>
      </p>
    </StoreLayout>
  );
}

/** Stock ran short at the start of checkout: nothing was held and nothing charged. */
export function ShortPage({ ctx, title, lines, lineIds }: { ctx: PageContext; title: string; lines: ShortLine[]; lineIds: Map<string, string> }) {
  return (
    <StoreLayout ctx={ctx} title={title} canonicalPath="/checkout" head={<meta name="robots" content="noindex" />}>
      <div class="page-header">
        <h1>{title}</h1>
      </div>
      <Alert tone="warning">
        <p>Nothing has been charged. Choose what to do about these items, then check out again.</p>
      </Alert>
      <ul class="checkout-short">
        {lines.map((line) => {
          const lineId = lineIds.get(line.variantId);
          return (
            <li key={line.variantId} class="checkout-short__line card">
              <p class="checkout-line__title">{line.title}</p>
              <p>
                You asked for {line.requested}. {line.message}.
              </p>
              <div class="checkout-short__actions">
                {line.alternatives.lowerQuantity !== null && lineId && (
                  <Form csrfToken={ctx.csrfToken} action={`/cart/lines/${lineId}`}>
                    <input type="hidden" name="quantity" value={String(line.alternatives.lowerQuantity)} />
                    <Button variant="secondary">Take {line.alternatives.lowerQuantity} instead</Button>
                  </Form>
                )}
                {lineId && (
                  <Form csrfToken={ctx.csrfToken} action={`/cart/lines/${lineId}/remove`}>
                    <Button variant="secondary">Remove it</Button>
                  </Form>
                )}
                {line.alternatives.notifyMeUrl && <a href={line.alternatives.notifyMeUrl}>Email me when it’s back</a>}
              </div>
            </li>
          );
        })}
      </ul>
      <p>
        <ButtonLink href="/cart" variant="primary">
          Back to your cart
        </ButtonLink>
      </p>
    </StoreLayout>
  );
}

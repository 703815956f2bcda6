// The review step of checkout, before payment: what is held and until when, where it goes
// and by which method, and for every line when it leaves and arrives. A mixed cart shows
// each line's dates and when one parcel with everything would arrive.
import { formatDayRange } from '../../../platform/calendar.ts';
import type { PageContext } from '../../../web/context.ts';
import { Alert } from '../../../web/components/Alert.tsx';
import { Button } from '../../../web/components/Button.tsx';
import { Form } from '../../../web/components/Form.tsx';
import { Island } from '../../../web/components/Island.tsx';
import { CheckoutHold } from '../../../web/islands/checkout-hold.tsx';
import { toneOf } from '../../../web/islands/live-availability.ts';
import { StoreLayout } from '../../../web/layout/StoreLayout.tsx';
import type { ShippingOption } from '../../shipping/index.ts';
import type { Review } from '../review.ts';

export interface ReviewPageProps {
  ctx: PageContext;
  review: Review;
  hold: { expiresAt: string; untilText: string };
  countries: { code: string; name: string }[];
  methods: (ShippingOption & { priceText: string })[];
  subtotal: string;
  shipping: string | null;
  locale: string;
}

export function ReviewPage({ ctx, review, hold, countries, methods, subtotal, shipping, locale }: ReviewPageProps) {
  return (
    <StoreLayout ctx={ctx} title="Review your order" canonicalPath="/checkout" head={<meta name="robots" content="noindex" />}>
      <div class="page-header">
        <p class="checkout-steps small muted">Step 1 of 2: review · Step 2: details and payment</p>
        <h1>Review your order</h1>
      </div>
      <Island name="checkout-hold" props={{ ...hold, keepUrl: '/api/v1/checkout/hold/keep', restartAction: '/checkout', csrfToken: ctx.csrfToken }}>
        <CheckoutHold {...hold} keepUrl="/api/v1/checkout/hold/keep" restartAction="/checkout" csrfToken={ctx.csrfToken} />
      </Island>
      <div class="checkout">
        <div class="checkout__main">
        <section class="checkout-delivery card" aria-labelledby="delivery-heading">
          <h2 id="delivery-heading">Delivery</h2>
          <form method="get" action="/checkout" class="checkout-delivery__form">
            <label for="country" class="field__label">Ship to</label>
            <select id="country" name="country" class="input" autocomplete="country">
              {countries.map((c) => (
                <option key={c.code} value={c.code} selected={c.code === review.country}>
                  {c.name}
                </option>
              ))}
            </select>
            {methods.length > 0 ? (
              <fieldset class="fieldset checkout-methods">
                <legend class="fieldset__legend">Shipping method</legend>
                {methods.map((m) => (
                  <label key={m.id} class="checkout-method">
                    <input type="radio" name="method" value={m.id} checked={m.id === review.method?.id} />
                    <span>
                      {m.name} — {m.priceText}, {m.transitDaysMin}–{m.transitDaysMax} business days in transit
                    </span>
                  </label>
                ))}
              </fieldset>
            ) : (
              <p>We do not ship there yet. Choose another destination, or ask us: we may be able to help.</p>
            )}
            <Button variant="secondary">Update delivery dates</Button>
          </form>
        </section>

        <section class="checkout-lines" aria-labelledby="lines-heading">
          <h2 id="lines-heading">Your items</h2>
          <ul class="checkout-lines__list">
            {review.lines.map(({ line, promise, backordered }) => (
              <li key={line.id} class="checkout-line">
                {line.image ? (
                  <img class="checkout-line__image" src={line.image.url} alt="" width={64} height={64} loading="lazy" decoding="async" />
                ) : (
                  <span class="checkout-line__image" aria-hidden="true" />
                )}
                <div class="checkout-line__body">
                  <p class="checkout-line__title">
                    {line.product?.title}
                    {line.options.length > 0 && <span class="muted"> — {line.options.map((o) => o.value).join(' / ')}</span>}
                  </p>
                  <p class="small muted">Quantity {line.quantity}</p>
                  <p class={`delivery-promise delivery-promise--${toneOf(promise)} checkout-line__promise`}>{promise.label}</p>
                  {backordered > 0 && backordered < line.quantity && (
                    <p class="small muted">
                      {line.quantity - backordered} in stock now; {backordered} {backordered === 1 ? 'waits' : 'wait'} for the restock.
                    </p>
                  )}
                </div>
              </li>
            ))}
          </ul>
          {review.plan.mixed && (
            <Alert tone="info" title="Your items are ready on different days">
              <p>
                {review.plan.together?.arrives
                  ? `They ship together in one parcel when the last one is ready: it arrives ${formatDayRange(review.plan.together.arrives.from, review.plan.together.arrives.to, locale)}.`
                  : 'They ship together in one parcel when the last one is ready.'}{' '}
                If you would rather not wait, remove the later items from your cart and order them separately.
              </p>
            </Alert>
          )}
        </section>
        </div>

        <section class="checkout-summary card" aria-labelledby="summary-heading">
          <h2 id="summary-heading">Summary</h2>
          <dl class="checkout-summary__figures">
            <dt>Subtotal</dt>
            <dd>{subtotal}</dd>
            <dt>Shipping{review.method ? ` (${review.method.name})` : ''}</dt>
            <dd>{shipping ?? '—'}</dd>
          </dl>
          <p class="small muted">Taxes are worked out in the next step, before you pay.</p>
          <h3>Next: details and payment</h3>
          <p>Paying online is not open yet in this store. Your items stay held while you are on this page.</p>
          <p>
            <a href="/cart">Change your cart</a>
          </p>
          <Form csrfToken={ctx.csrfToken} action="/checkout/leave">
            <Button variant="secondary">Leave checkout and release the items</Button>
          </Form>
        </section>
      </div>
    </StoreLayout>
  );
}

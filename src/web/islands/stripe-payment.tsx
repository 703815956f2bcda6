// Stripe's Payment Element on an unpaid order's page, when the store runs on Stripe: the card
// is typed into Stripe's own frame (our pages, servers and logs never see it), confirmed by
// Stripe.js against the order's one PaymentIntent, and the browser comes back to the store's
// return address, which records the outcome. Without JavaScript the pay link and "finish
// with a person" beside it still work.
import { useEffect, useRef, useState } from 'preact/hooks';
import { island } from './hydrate.ts';

export interface StripePaymentProps {
  publishableKey: string;
  clientSecret: string;
  returnUrl: string;
}

const STRIPE_JS = 'https://js.stripe.com/v3/';

interface StripeElements {
  create(kind: 'payment'): { mount(element: HTMLElement): void };
}
interface StripeClient {
  elements(options: { clientSecret: string }): StripeElements;
  confirmPayment(options: { elements: StripeElements; confirmParams: { return_url: string } }): Promise<{ error?: { message?: string } }>;
}
declare global {
  interface Window {
    Stripe?: (key: string) => StripeClient;
  }
}

function loadStripe(): Promise<NonNullable<Window['Stripe']>> {
  if (window.Stripe) return Promise.resolve(window.Stripe);
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = STRIPE_JS;
    script.onload = () => (window.Stripe ? resolve(window.Stripe) : reject(new Error('Stripe.js did not load')));
    script.onerror = () => reject(new Error('Stripe.js did not load'));
    document.head.append(script);
  });
}

export const StripePayment = island('stripe-payment', function StripePayment({ publishableKey, clientSecret, returnUrl }: StripePaymentProps) {
  const mountPoint = useRef<HTMLDivElement>(null);
  const client = useRef<{ stripe: StripeClient; elements: StripeElements } | null>(null);
  const [ready, setReady] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    loadStripe().then(
      (Stripe) => {
        const stripe = Stripe(publishableKey);
        const elements = stripe.elements({ clientSecret });
        elements.create('payment').mount(mountPoint.current!);
        client.current = { stripe, elements };
        setReady(true);
      },
      () => setError('The secure card form could not load. Check your connection, or use the pay link or ask a person below.'),
    );
  }, [publishableKey, clientSecret]);

  async function pay(event: Event) {
    event.preventDefault();
    if (!client.current) return;
    setBusy(true);
    setError(null);
    const { stripe, elements } = client.current;
    const result = await stripe.confirmPayment({ elements, confirmParams: { return_url: returnUrl } });
    // On success Stripe has already sent the browser to the return address.
    if (result.error) setError(result.error.message ?? 'The payment did not go through. Nothing was charged.');
    setBusy(false);
  }

  return (
    <form class="order-pay__form" onSubmit={pay}>
      <div ref={mountPoint} class="order-pay__element">
        {!ready && <p>Loading the secure card form…</p>}
      </div>
      {error && (
        <p class="field__error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" class="button button--primary" disabled={!ready || busy}>
        {busy ? 'Paying…' : 'Pay now'}
      </button>
    </form>
  );
});

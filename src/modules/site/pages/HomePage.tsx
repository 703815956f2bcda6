import type { PageContext } from '../../../web/context.ts';
import { StoreLayout } from '../../../web/layout/StoreLayout.tsx';

/** The front door. The catalogue fills it with collections and new arrivals. */
export function HomePage({ ctx }: { ctx: PageContext }) {
  return (
    <StoreLayout ctx={ctx} title="Welcome" description={`${ctx.storeName}: an online shop that keeps its promises.`} canonicalPath="/">
      <section class="hero" aria-labelledby="home-title">
        <h1 id="home-title">Things you want, delivered as promised</h1>
        <p>
          We tell you before you pay whether something is in stock and when it will arrive, we keep your cart and
          your order safe whatever happens, and a person answers when you need one.
        </p>
        <p>
          <a class="button button--primary" href="/search">Browse the shop</a>{' '}
          <a class="button button--secondary" href="/help">Talk to a person</a>
        </p>
      </section>
    </StoreLayout>
  );
}

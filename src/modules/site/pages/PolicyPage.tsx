import type { PageContext } from '../../../web/context.ts';
import { StoreLayout } from '../../../web/layout/StoreLayout.tsx';
import type { Policy } from '../policies.ts';

export function PolicyPage({ ctx, policy }: { ctx: PageContext; policy: Policy }) {
  return (
    <StoreLayout ctx={ctx} title={policy.title} canonicalPath={`/policies/${policy.slug}`}>
      <h1>{policy.title}</h1>
      {policy.paragraphs.map((text) => (
        <p>{text}</p>
      ))}
      <p>
        Questions? <a href="/help">Ask a person</a>.
      </p>
    </StoreLayout>
  );
}

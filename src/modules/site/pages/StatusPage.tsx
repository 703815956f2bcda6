import type { JSX } from 'preact';
import type { PageContext } from '../../../web/context.ts';
import { StoreLayout } from '../../../web/layout/StoreLayout.tsx';
import type { ComponentStatus } from '../status.ts';

const LABELS: Record<ComponentStatus['state'], string> = {
  operational: 'Working normally',
  degraded: 'Slower than usual',
  down: 'Not working',
};

/** `sections` come from other modules (planned maintenance and its subscribe form). */
export function StatusPage({ ctx, components, sections, checkedAt }: { ctx: PageContext; components: ComponentStatus[]; sections: JSX.Element[]; checkedAt: string }) {
  return (
    <StoreLayout ctx={ctx} title="Store status" canonicalPath="/status">
      <h1>Store status</h1>
      <table class="table">
        <caption>Checked at {checkedAt} (UTC)</caption>
        <thead>
          <tr>
            <th scope="col">Part of the store</th>
            <th scope="col">State</th>
            <th scope="col">Details</th>
          </tr>
        </thead>
        <tbody>
          {components.map((c) => (
            <tr>
              <th scope="row">{c.name}</th>
              <td>{LABELS[c.state]}</td>
              <td>{c.detail}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {sections}
      <p>
        Something not working for you? <a href="/help">Tell a person</a>.
      </p>
    </StoreLayout>
  );
}

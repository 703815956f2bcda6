import type { JSX } from 'preact';
import type { PageContext } from '../../../web/context.ts';
import { StoreLayout } from '../../../web/layout/StoreLayout.tsx';
import { STATE_LABELS, type ComponentStatus } from '../status.ts';

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
            <tr key={c.key} class={`status-row status-row--${c.state}`}>
              <th scope="row">{c.name}</th>
              <td>{STATE_LABELS[c.state]}</td>
              <td>{c.detail}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {sections}
      <p>
        <a href="/status.json">This page as JSON</a> · <a href="/status/feed.atom">Atom feed of incidents and maintenance</a>
      </p>
      <p>
        Something not working for you? <a href="/help">Tell a person</a>.
      </p>
    </StoreLayout>
  );
}

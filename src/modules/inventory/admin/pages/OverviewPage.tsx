// /admin/inventory: find a variant by SKU or product title and see its stock at every
// location; its name opens its stock page.
import { Button } from '../../../../web/components/Button.tsx';
import { Field } from '../../../../web/components/Field.tsx';
import type { PageContext } from '../../../../web/context.ts';
import type { AdminNavItem } from '../../../../web/layout/AdminLayout.tsx';
import type { StockLocation } from '../../locations.ts';
import type { StockRow } from '../figures.ts';
import type { Paged } from '../overview.ts';
import { POLICY_LABELS } from './labels.ts';
import { FiguresCell, INVENTORY_PATH, InventoryFrame, StateBadge, VariantName } from './parts.tsx';
import { PageLinks } from '../../../../web/components/PageLinks.tsx';

export interface OverviewPageProps {
  ctx: PageContext;
  nav: AdminNavItem[];
  query: { q: string };
  list: Paged<StockRow>;
  locations: StockLocation[];
}

function pageHref(q: string, page: number): string {
  const params = new URLSearchParams();
  if (q) params.set('q', q);
  if (page > 1) params.set('page', String(page));
  const search = params.toString();
  return search ? `${INVENTORY_PATH}?${search}` : INVENTORY_PATH;
}

export function OverviewPage({ ctx, nav, query, list, locations }: OverviewPageProps) {
  return (
    <InventoryFrame ctx={ctx} nav={nav} title="Stock" tab={INVENTORY_PATH}>
      <form class="admin-filters" method="get" action={INVENTORY_PATH} role="search" aria-label="Find variants">
        <Field name="q" label="SKU or product title" type="search" value={query.q} maxLength={200} />
        <div class="button-row">
          <Button variant="secondary">Find</Button>
          {query.q && <a href={INVENTORY_PATH}>Show all</a>}
        </div>
      </form>
      <p role="status">
        {list.total === 0
          ? query.q
            ? 'No variant has that SKU or product title.'
            : 'No products yet: add or import products first, then count their stock here.'
          : `${list.total} variant${list.total === 1 ? '' : 's'}${list.pageCount > 1 ? `, page ${list.page} of ${list.pageCount}` : ''}. Open a variant to count, move or receive its stock.`}
      </p>
      {list.rows.length > 0 && (
        <div class="table-wrap" tabIndex={0} role="region" aria-label="Stock by variant">
          <table class="table">
            <thead>
              <tr>
                <th scope="col">Variant</th>
                <th scope="col">State</th>
                <th scope="col">Policy</th>
                {locations.map((location) => (
                  <th scope="col" class="num" key={location.id}>
                    {location.name}
                  </th>
                ))}
                <th scope="col" class="num">
                  Total available
                </th>
              </tr>
            </thead>
            <tbody>
              {list.rows.map((row) => (
                <tr key={row.variantId}>
                  <th scope="row">
                    <VariantName variantId={row.variantId} label={row.label} />
                  </th>
                  <td>
                    <StateBadge availability={row.availability} />
                  </td>
                  <td>
                    {POLICY_LABELS[row.availability.policy]}
                    {row.availability.available === null && <div class="muted small">Stock not counted</div>}
                  </td>
                  {locations.map((location) => (
                    <FiguresCell key={location.id} figures={row.byLocation.get(location.id)} />
                  ))}
                  <FiguresCell figures={row.total} />
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <PageLinks page={list.page} pageCount={list.pageCount} href={(page) => pageHref(query.q, page)} />
    </InventoryFrame>
  );
}

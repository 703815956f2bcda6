// /admin/inventory/low-stock: what to reorder. Counted variants with no more available than
// the threshold, sold out first, beside what is already on its way.
import { formatDay } from '../../../../platform/calendar.ts';
import type { PageContext } from '../../../../web/context.ts';
import type { AdminNavItem } from '../../../../web/layout/AdminLayout.tsx';
import type { LowStockList } from '../low-stock.ts';
import { POLICY_LABELS } from './labels.ts';
import { FiguresCell, INVENTORY_PATH, InventoryFrame, StateBadge, VariantName } from './parts.tsx';
import { PageLinks } from '../../../../web/components/PageLinks.tsx';

export interface LowStockPageProps {
  ctx: PageContext;
  nav: AdminNavItem[];
  locale: string;
  list: LowStockList;
}

const PATH = `${INVENTORY_PATH}/low-stock`;

export function LowStockPage({ ctx, nav, locale, list }: LowStockPageProps) {
  return (
    <InventoryFrame ctx={ctx} nav={nav} title="Low stock" tab={PATH}>
      <p role="status">
        {list.total === 0
          ? `Nothing is low: every counted variant has more than ${list.threshold} available.`
          : `${list.total} counted variant${list.total === 1 ? ' has' : 's have'} ${list.threshold} or fewer available, sold out first.`}{' '}
        <a href={`${INVENTORY_PATH}/settings`}>Change the threshold</a>.
      </p>
      {list.rows.length > 0 && (
        <div class="table-wrap" tabIndex={0} role="region" aria-label="Variants low on stock">
          <table class="table">
            <thead>
              <tr>
                <th scope="col">Variant</th>
                <th scope="col">State</th>
                <th scope="col">Policy</th>
                <th scope="col" class="num">
                  Available
                </th>
                <th scope="col">On its way</th>
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
                  <td>{POLICY_LABELS[row.availability.policy]}</td>
                  <FiguresCell figures={row.total} />
                  <td>
                    {row.inbound.length === 0 ? (
                      <a href={`${INVENTORY_PATH}/variants/${row.variantId}#new-supply-title`}>Nothing expected: add a receipt</a>
                    ) : (
                      <ul class="admin-plain-list">
                        {row.inbound.map((line) => (
                          <li key={line.id}>
                            {`${line.outstanding} on `}
                            <time dateTime={line.expectedOn}>{formatDay(line.expectedOn, locale, { withYear: true })}</time>
                            {line.reference && <span class="muted">{` (${line.reference})`}</span>}
                          </li>
                        ))}
                      </ul>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <PageLinks page={list.page} pageCount={list.pageCount} href={(page) => (page > 1 ? `${PATH}?page=${page}` : PATH)} />
    </InventoryFrame>
  );
}

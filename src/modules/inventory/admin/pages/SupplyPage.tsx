// /admin/inventory/supply: every open expected receipt, soonest first (overdue ones marked),
// to receive or cancel, and the form to expect a new one for a variant named by SKU.
import type { LocalDate } from '../../../../platform/calendar.ts';
import { Button } from '../../../../web/components/Button.tsx';
import { ErrorSummary } from '../../../../web/components/ErrorSummary.tsx';
import { Form } from '../../../../web/components/Form.tsx';
import { Notice } from '../../../../web/components/Notice.tsx';
import type { PageContext } from '../../../../web/context.ts';
import type { AdminNavItem } from '../../../../web/layout/AdminLayout.tsx';
import type { StockLocation } from '../../locations.ts';
import type { SupplyLine } from '../../supply.ts';
import type { VariantLabel } from '../../variant-directory.ts';
import type { Paged } from '../overview.ts';
import { rowErrors, type RowAction, type SupplyForm } from '../supply-forms.ts';
import { INVENTORY_PATH, InventoryFrame, type FormState } from './parts.tsx';
import { PageLinks } from '../../../../web/components/PageLinks.tsx';
import { SupplyFields } from './SupplyFields.tsx';
import { SupplyTable } from './SupplyTable.tsx';

export interface SupplyPageProps {
  ctx: PageContext;
  nav: AdminNavItem[];
  locale: string;
  today: LocalDate;
  list: Paged<SupplyLine>;
  labels: Map<string, VariantLabel>;
  locations: StockLocation[];
  newSupply: FormState<SupplyForm>;
  failedRow?: RowAction | undefined;
  notice?: string | undefined;
}

export const SUPPLY_PATH = `${INVENTORY_PATH}/supply`;

export function SupplyPage({ ctx, nav, locale, today, list, labels, locations, newSupply, failedRow, notice }: SupplyPageProps) {
  const overdue = list.rows.filter((line) => line.expectedOn < today).length;
  return (
    <InventoryFrame ctx={ctx} nav={nav} title="Inbound supply" tab={SUPPLY_PATH}>
      <Notice message={notice} />
      <p role="status">
        {list.total === 0
          ? 'No receipt is expected. Add one below when you order stock: backorders then show when it arrives.'
          : `${list.total} expected receipt${list.total === 1 ? '' : 's'}, soonest first${overdue ? `; ${overdue} on this page ${overdue === 1 ? 'is' : 'are'} overdue` : ''}.`}
      </p>
      {failedRow && <ErrorSummary errors={rowErrors(failedRow).list} title="The receipt was not changed. Please fix this first:" />}
      {list.rows.length > 0 && (
        <SupplyTable lines={list.rows} labels={labels} locations={locations} today={today} locale={locale} csrfToken={ctx.csrfToken} returnTo="supply" failed={failedRow} />
      )}
      <PageLinks page={list.page} pageCount={list.pageCount} href={(page) => (page > 1 ? `${SUPPLY_PATH}?page=${page}` : SUPPLY_PATH)} />
      <h2 id="new-supply-title" class="admin-subheading">
        Expect a receipt
      </h2>
      {newSupply.errors && <ErrorSummary errors={newSupply.errors.list} title="The receipt was not added. Please fix this first:" />}
      <Form csrfToken={ctx.csrfToken} action={SUPPLY_PATH} aria-labelledby="new-supply-title" noValidate>
        <SupplyFields form={newSupply.form} errors={newSupply.errors} locations={locations} today={today} withSku />
        <Button>Add expected receipt</Button>
      </Form>
    </InventoryFrame>
  );
}

// /admin/tax: whether prices include tax, the rate of every destination, and a form to add one.
import { Button } from '../../../../web/components/Button.tsx';
import { ErrorSummary } from '../../../../web/components/ErrorSummary.tsx';
import { CheckboxField } from '../../../../web/components/fields.tsx';
import { Form } from '../../../../web/components/Form.tsx';
import { Notice } from '../../../../web/components/Notice.tsx';
import type { PageContext } from '../../../../web/context.ts';
import type { FormErrors } from '../../../../web/forms/form-errors.ts';
import { AdminLayout, type AdminNavItem } from '../../../../web/layout/AdminLayout.tsx';
import { formatRate } from '../../math.ts';
import type { StoredTaxRate } from '../../rates.ts';
import type { TaxSettings } from '../../settings.ts';
import type { TaxRateForm } from '../rate-form.ts';
import { TaxRateFields } from './TaxRateFields.tsx';

export const TAX_PATH = '/admin/tax';

export interface TaxPageProps {
  ctx: PageContext;
  nav: AdminNavItem[];
  settings: TaxSettings;
  rates: StoredTaxRate[];
  /** Names the destinations in the store's language. */
  countryName: (code: string) => string;
  newRate: { form: TaxRateForm; errors?: FormErrors | undefined };
  notice?: string | undefined;
}

export function destinationOf(rate: Pick<StoredTaxRate, 'country' | 'region'>, countryName: (code: string) => string): string {
  return rate.region ? `${countryName(rate.country)} — ${rate.region}` : countryName(rate.country);
}

export function TaxPage({ ctx, nav, settings, rates, countryName, newRate, notice }: TaxPageProps) {
  return (
    <AdminLayout ctx={ctx} title="Tax" nav={nav}>
      <div class="admin-heading">
        <h1>Tax</h1>
      </div>
      <Notice message={notice} />
      <Form csrfToken={ctx.csrfToken} action={`${TAX_PATH}/settings`} aria-label="Tax settings">
        <CheckboxField
          name="pricesIncludeTax"
          label="Catalogue prices include tax"
          checked={settings.pricesIncludeTax}
          hint="Ticked: checkout shows the tax contained in each price (“incl. VAT”). Not ticked: checkout adds tax to the prices."
        />
        <Button variant="secondary">Save setting</Button>
      </Form>

      <h2 class="admin-subheading">Rates</h2>
      {rates.length === 0 ? (
        <p>No rates yet: checkout charges no tax anywhere.</p>
      ) : (
        <div class="table-wrap" tabIndex={0} role="region" aria-label="Tax rates">
          <table class="table">
            <thead>
              <tr>
                <th scope="col">Destination</th>
                <th scope="col">Label</th>
                <th scope="col" class="num">
                  Rate
                </th>
                <th scope="col">Shipping</th>
              </tr>
            </thead>
            <tbody>
              {rates.map((rate) => (
                <tr key={rate.id}>
                  <th scope="row">
                    <a href={`${TAX_PATH}/${rate.id}`}>{destinationOf(rate, countryName)}</a>
                  </th>
                  <td>{rate.label}</td>
                  <td class="num">{formatRate(rate.rateBps)}</td>
                  <td>{rate.shippingTaxed ? 'Taxed' : 'Not taxed'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p class="muted small">A region’s rate replaces its country’s. Destinations without a rate are not taxed.</p>

      <h2 id="new-rate-title" class="admin-subheading">
        Add a rate
      </h2>
      {newRate.errors && <ErrorSummary errors={newRate.errors.list} />}
      <Form csrfToken={ctx.csrfToken} action={TAX_PATH} aria-labelledby="new-rate-title" noValidate>
        <TaxRateFields form={newRate.form} errors={newRate.errors} />
        <Button>Add rate</Button>
      </Form>
    </AdminLayout>
  );
}

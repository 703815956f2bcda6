// /admin/inventory/variants/:variantId: one variant's stock at each location, the forms
// that count, move and receive it, its selling policy, and the ledger that explains every
// figure (with the check that it adds up to them).
import type { LocalDate } from '../../../../platform/calendar.ts';
import { Alert } from '../../../../web/components/Alert.tsx';
import { Button, ButtonLink } from '../../../../web/components/Button.tsx';
import { ErrorSummary } from '../../../../web/components/ErrorSummary.tsx';
import { Field } from '../../../../web/components/Field.tsx';
import { CheckboxField, RadioGroup, SelectField } from '../../../../web/components/fields.tsx';
import { Form } from '../../../../web/components/Form.tsx';
import { Notice } from '../../../../web/components/Notice.tsx';
import type { PageContext } from '../../../../web/context.ts';
import type { AdminNavItem } from '../../../../web/layout/AdminLayout.tsx';
import type { StockLocation } from '../../locations.ts';
import { STOCK_POLICIES } from '../../schema.ts';
import type { SupplyLine } from '../../supply.ts';
import { variantTitle } from '../../variant-directory.ts';
import type { StockRow } from '../figures.ts';
import type { LedgerCheck, LedgerPage } from '../ledger.ts';
import type { PolicyForm } from '../policy-form.ts';
import { REASON_MAX, type AdjustForm, type TransferForm } from '../stock-forms.ts';
import { rowErrors, type RowAction, type SupplyForm } from '../supply-forms.ts';
import { LedgerTable } from './LedgerTable.tsx';
import { POLICY_LABELS } from './labels.ts';
import { FiguresCell, INVENTORY_PATH, InventoryFrame, StateBadge, type FormState } from './parts.tsx';
import { SupplyFields } from './SupplyFields.tsx';
import { SupplyTable } from './SupplyTable.tsx';

export interface VariantPageProps {
  ctx: PageContext;
  nav: AdminNavItem[];
  locale: string;
  timeZone: string;
  today: LocalDate;
  row: StockRow;
  locations: StockLocation[];
  defaultLeadTimeDays: number;
  adjust: FormState<AdjustForm>;
  transfer: FormState<TransferForm>;
  policy: FormState<PolicyForm>;
  newSupply: FormState<SupplyForm>;
  supply: SupplyLine[];
  failedRow?: RowAction | undefined;
  ledger: LedgerPage;
  /** The ledger page shown starts below this movement; null for the newest. */
  olderThan: string | null;
  checks: LedgerCheck[];
  notice?: string | undefined;
}

const locationChoices = (locations: readonly StockLocation[]) => locations.map((l) => ({ value: l.id, label: l.name }));

export function VariantPage(props: VariantPageProps) {
  const { ctx, nav, row, locations, adjust, transfer, policy, newSupply, ledger, checks } = props;
  const path = `${INVENTORY_PATH}/variants/${row.variantId}`;
  const title = row.label ? variantTitle(row.label) : 'A variant no longer in the catalogue';
  const mismatches = checks.filter((c) => !c.matches);
  const locationName = (id: string) => locations.find((l) => l.id === id)?.name ?? 'Unknown location';
  return (
    <InventoryFrame
      ctx={ctx}
      nav={nav}
      title={title}
      tab={INVENTORY_PATH}
      actions={row.label && <ButtonLink href={`/admin/products/${row.label.productId}`}>Edit the product</ButtonLink>}
    >
      <Notice message={props.notice} />
      <p>
        {row.label && <span class="reference">SKU {row.label.sku}</span>} <StateBadge availability={row.availability} />{' '}
        <span class="muted">{POLICY_LABELS[row.availability.policy]}</span>
      </p>

      <section aria-labelledby="levels-title">
        <h2 id="levels-title" class="admin-subheading">
          Stock by location
        </h2>
        <div class="table-wrap" tabIndex={0} role="region" aria-label="Figures at each location">
          <table class="table">
            <thead>
              <tr>
                <th scope="col">Location</th>
                <th scope="col" class="num">
                  Available
                </th>
              </tr>
            </thead>
            <tbody>
              {locations.map((location) => (
                <tr key={location.id}>
                  <th scope="row">
                    {location.name}
                    {location.isDefault && <div class="muted small">Default location</div>}
                  </th>
                  <FiguresCell figures={row.byLocation.get(location.id)} />
                </tr>
              ))}
              <tr>
                <th scope="row">All locations</th>
                <FiguresCell figures={row.total} />
              </tr>
            </tbody>
          </table>
        </div>
      </section>

      <section aria-labelledby="adjust-title">
        <h2 id="adjust-title" class="admin-subheading">
          Count or correct stock
        </h2>
        {adjust.errors && <ErrorSummary errors={adjust.errors.list} title="The stock was not changed. Please fix this first:" />}
        <Form csrfToken={ctx.csrfToken} action={`${path}/adjust`} aria-labelledby="adjust-title" noValidate>
          <SelectField name="adjustLocation" label="Location" value={adjust.form.adjustLocation} choices={locationChoices(locations)} error={adjust.errors?.for('adjustLocation')} />
          <RadioGroup
            name="adjustMode"
            legend="What the quantity means"
            value={adjust.form.adjustMode}
            choices={[
              { value: 'set', label: 'On hand is now', hint: 'what you counted' },
              { value: 'delta', label: 'Add or remove', hint: 'e.g. 5 received, -2 damaged' },
            ]}
          />
          <Field name="adjustQuantity" label="Quantity" value={adjust.form.adjustQuantity} error={adjust.errors?.for('adjustQuantity')} maxLength={10} required />
          <Field name="adjustReason" label="Reason" value={adjust.form.adjustReason} error={adjust.errors?.for('adjustReason')} maxLength={REASON_MAX} hint="Shown in the ledger, e.g. “Stock count” or “Damaged in storage”." required />
          <Button>Save stock</Button>
        </Form>
      </section>

      <section aria-labelledby="transfer-title">
        <h2 id="transfer-title" class="admin-subheading">
          Move stock between locations
        </h2>
        {locations.length < 2 ? (
          <p>
            There is one location. <a href={`${INVENTORY_PATH}/locations`}>Add a location</a> to move stock between them.
          </p>
        ) : (
          <>
            {transfer.errors && <ErrorSummary errors={transfer.errors.list} title="Nothing was moved. Please fix this first:" />}
            <Form csrfToken={ctx.csrfToken} action={`${path}/transfer`} aria-labelledby="transfer-title" noValidate>
              <div class="admin-inline-fields">
                <SelectField name="transferFrom" label="From" value={transfer.form.transferFrom} choices={locationChoices(locations)} error={transfer.errors?.for('transferFrom')} />
                <SelectField name="transferTo" label="To" value={transfer.form.transferTo} choices={locationChoices(locations)} error={transfer.errors?.for('transferTo')} />
                <Field name="transferQuantity" label="Units" value={transfer.form.transferQuantity} error={transfer.errors?.for('transferQuantity')} maxLength={10} required />
              </div>
              <Field name="transferReason" label="Reason" value={transfer.form.transferReason} error={transfer.errors?.for('transferReason')} maxLength={REASON_MAX} />
              <Button>Move stock</Button>
            </Form>
          </>
        )}
      </section>

      <section aria-labelledby="policy-title">
        <h2 id="policy-title" class="admin-subheading">
          Selling policy
        </h2>
        {policy.errors && <ErrorSummary errors={policy.errors.list} title="The policy was not saved. Please fix this first:" />}
        <Form csrfToken={ctx.csrfToken} action={`${path}/policy`} aria-labelledby="policy-title" noValidate>
          <SelectField
            name="policy"
            label="When stock runs out"
            value={policy.form.policy}
            choices={STOCK_POLICIES.map((p) => ({ value: p, label: POLICY_LABELS[p] }))}
            error={policy.errors?.for('policy')}
          />
          <CheckboxField name="tracked" label="Count stock for this variant" checked={policy.form.tracked} hint="Untick for goods that never run out: they always show as available." />
          <div class="admin-inline-fields">
            <Field
              name="leadTimeDays"
              label="Lead time (business days)"
              value={policy.form.leadTimeDays}
              error={policy.errors?.for('leadTimeDays')}
              maxLength={10}
              hint={`Restocking a backorder with no receipt expected, or making the item. Empty: ${props.defaultLeadTimeDays} days for backorders.`}
            />
            <Field
              name="maxBackorder"
              label="Most units beyond stock"
              value={policy.form.maxBackorder}
              error={policy.errors?.for('maxBackorder')}
              maxLength={10}
              hint="For backorders and pre-orders. Empty: no limit."
            />
            <Field name="releaseDate" label="Release date" type="date" value={policy.form.releaseDate} error={policy.errors?.for('releaseDate')} hint="Needed for pre-orders." />
          </div>
          <Button>Save policy</Button>
        </Form>
      </section>

      <section aria-labelledby="supply-title">
        <h2 id="supply-title" class="admin-subheading">
          Inbound supply
        </h2>
        {props.failedRow && <ErrorSummary errors={rowErrors(props.failedRow).list} title="The receipt was not changed. Please fix this first:" />}
        {props.supply.length === 0 ? (
          <p>No receipt is expected for this variant.</p>
        ) : (
          <SupplyTable
            lines={props.supply}
            locations={locations}
            today={props.today}
            locale={props.locale}
            csrfToken={ctx.csrfToken}
            returnTo="variant"
            failed={props.failedRow}
          />
        )}
        <h3 id="new-supply-title" class="admin-subheading">
          Expect a receipt
        </h3>
        {newSupply.errors && <ErrorSummary errors={newSupply.errors.list} title="The receipt was not added. Please fix this first:" />}
        <Form csrfToken={ctx.csrfToken} action={`${path}/supply`} aria-labelledby="new-supply-title" noValidate>
          <SupplyFields form={newSupply.form} errors={newSupply.errors} locations={locations} today={props.today} />
          <Button>Add expected receipt</Button>
        </Form>
      </section>

      <section aria-labelledby="ledger-title">
        <h2 id="ledger-title" class="admin-subheading">
          Movement ledger
        </h2>
        {mismatches.length === 0 ? (
          <p class="muted">Every figure above is the sum of these movements.</p>
        ) : (
          <Alert tone="error" title="The ledger does not add up to the stock levels">
            <ul>
              {mismatches.map((c) => (
                <li key={c.locationId}>
                  {`${locationName(c.locationId)}: the ledger adds up to ${c.ledgerOnHand} on hand and ${c.ledgerReserved} reserved, the level says ${c.onHand} and ${c.reserved}.`}
                </li>
              ))}
            </ul>
          </Alert>
        )}
        <LedgerTable ledger={ledger} locationName={locationName} locale={props.locale} timeZone={props.timeZone} />
        <p class="button-row">
          {props.olderThan && <a href={`${path}#ledger-title`}>Newest movements</a>}
          {ledger.olderThan && <a href={`${path}?olderThan=${ledger.olderThan}#ledger-title`}>Older movements →</a>}
        </p>
      </section>
    </InventoryFrame>
  );
}

// The variants of the product form: one row per variant, a few empty rows to add more
// (no JavaScript needed), a checkbox to remove one. Column notes are tied to the inputs.
import type { Choice } from '../../../../web/components/fields.tsx';
import { CellCheckbox, CellInput, CellSelect } from '../../../../web/components/fields.tsx';
import type { FormErrors } from '../../../../web/forms/form-errors.ts';
import { OPTION_SLOTS, variantField, type ProductForm, type VariantRow } from './form.ts';

const POLICY_LABELS: Record<string, string> = {
  deny: 'Stop selling',
  backorder: 'Keep selling (backorder)',
  preorder: 'Pre-order',
  made_to_order: 'Made to order',
};

/** Stop and backorder are offered; a policy set elsewhere (pre-order…) stays selectable where it is in use. */
function policyChoices(current: string): Choice[] {
  const offered = ['deny', 'backorder'];
  if (current in POLICY_LABELS && !offered.includes(current)) offered.push(current);
  return offered.map((value) => ({ value, label: POLICY_LABELS[value]! }));
}

const rowName = (row: VariantRow, i: number) => {
  const options = row.options.map((o) => o.trim()).filter(Boolean);
  return row.id ? `variant ${i + 1}${options.length ? ` (${options.join(' / ')})` : ''}` : `new variant row ${i + 1}`;
};

export function VariantsTable({ form, errors, currency }: { form: ProductForm; errors: FormErrors; currency: string }) {
  const optionHeaders = Array.from({ length: OPTION_SLOTS }, (_, k) => form.optionNames[k]?.trim() || `Option ${k + 1}`);
  const images: Choice[] = [
    { value: '', label: 'Product’s first image' },
    ...form.images.filter((image) => image.src.trim() && !image.remove).map((image, k) => ({ value: image.src.trim(), label: `Image ${k + 1}${image.alt.trim() ? `: ${image.alt.trim().slice(0, 40)}` : ''}` })),
  ];
  return (
    <fieldset class="fieldset">
      <legend class="fieldset__legend">Variants</legend>
      <p class="field__hint">
        One row per combination of option values. Fill in an empty row to add a variant; tick “Remove” to delete one. Products without options have one
        variant.
      </p>
      <ul class="field__hint admin-notes">
        <li id="variants-sku-hint">SKU: leave blank and one is made from the handle and option values.</li>
        <li id="variants-price-hint">Prices in {currency}, such as 12.50. Compare-at price: the higher “was” price shown crossed out; leave blank if none.</li>
        <li id="variants-stock-hint">On hand: units in stock now. Blank means stock is not counted (always available); on a new variant, blank means 0.</li>
      </ul>
      <div class="table-wrap" tabIndex={0} role="region" aria-label="Variants">
        <table class="table admin-grid">
          <thead>
            <tr>
              {optionHeaders.map((header, k) => (
                <th scope="col" key={k}>
                  {header}
                </th>
              ))}
              <th scope="col">SKU</th>
              <th scope="col">Barcode</th>
              <th scope="col">Price</th>
              <th scope="col">Compare-at</th>
              <th scope="col">Weight (g)</th>
              <th scope="col">On hand</th>
              <th scope="col">When sold out</th>
              <th scope="col">Image</th>
              <th scope="col">Remove</th>
            </tr>
          </thead>
          <tbody>
            {form.variants.map((row, i) => {
              const name = rowName(row, i);
              const at = (part: string) => variantField(i, part);
              return (
                <tr key={i}>
                  {optionHeaders.map((header, k) => (
                    <td key={k}>
                      {k === 0 && (
                        <>
                          <input type="hidden" name={at('id')} value={row.id} />
                          <input type="hidden" name={at('onHandWas')} value={row.onHandWas} />
                        </>
                      )}
                      <CellInput name={at(`option${k + 1}`)} label={`${header} of ${name}`} value={row.options[k] ?? ''} error={errors.for(at(`option${k + 1}`))} size={10} />
                    </td>
                  ))}
                  <td>
                    <CellInput name={at('sku')} label={`SKU of ${name}`} value={row.sku} error={errors.for(at('sku'))} describedBy="variants-sku-hint" size={14} />
                  </td>
                  <td>
                    <CellInput name={at('barcode')} label={`Barcode of ${name}`} value={row.barcode} error={errors.for(at('barcode'))} size={12} />
                  </td>
                  <td>
                    <CellInput name={at('price')} label={`Price of ${name}`} value={row.price} error={errors.for(at('price'))} describedBy="variants-price-hint" inputMode="decimal" size={8} />
                  </td>
                  <td>
                    <CellInput
                      name={at('compareAt')}
                      label={`Compare-at price of ${name}`}
                      value={row.compareAt}
                      error={errors.for(at('compareAt'))}
                      describedBy="variants-price-hint"
                      inputMode="decimal"
                      size={8}
                    />
                  </td>
                  <td>
                    <CellInput name={at('grams')} label={`Weight in grams of ${name}`} value={row.grams} error={errors.for(at('grams'))} inputMode="numeric" size={6} />
                  </td>
                  <td>
                    <CellInput name={at('onHand')} label={`On hand of ${name}`} value={row.onHand} error={errors.for(at('onHand'))} describedBy="variants-stock-hint" inputMode="numeric" size={6} />
                  </td>
                  <td>
                    <CellSelect name={at('policy')} label={`When ${name} is sold out`} value={row.policy} choices={policyChoices(row.policy)} error={errors.for(at('policy'))} />
                  </td>
                  <td>
                    <CellSelect name={at('image')} label={`Image of ${name}`} value={row.imageSrc} choices={images} />
                  </td>
                  <td>
                    <CellCheckbox name={at('remove')} label={`Remove ${name}`} checked={row.remove} />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </fieldset>
  );
}

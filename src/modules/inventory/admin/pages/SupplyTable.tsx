// Open expected receipts, soonest first, each with its receive and cancel forms. Overdue
// receipts are marked in words as well as colour. On the supply page each row names its
// variant; on a variant's page the variant is the page's.
import { formatDay, type LocalDate } from '../../../../platform/calendar.ts';
import { Button } from '../../../../web/components/Button.tsx';
import { CellInput } from '../../../../web/components/fields.tsx';
import { Form } from '../../../../web/components/Form.tsx';
import type { StockLocation } from '../../locations.ts';
import type { SupplyLine } from '../../supply.ts';
import type { VariantLabel } from '../../variant-directory.ts';
import { rowField, type RowAction } from '../supply-forms.ts';
import { INVENTORY_PATH, VariantName } from './parts.tsx';

export type SupplyReturn = 'supply' | 'variant';

export interface SupplyTableProps {
  lines: SupplyLine[];
  /** The variants' names, when the table lists several variants. */
  labels?: Map<string, VariantLabel>;
  locations: StockLocation[];
  today: LocalDate;
  locale: string;
  csrfToken: string;
  /** The page the forms come back to. */
  returnTo: SupplyReturn;
  /** A row form that was refused. */
  failed?: RowAction | undefined;
}

export function SupplyTable({ lines, labels, locations, today, locale, csrfToken, returnTo, failed }: SupplyTableProps) {
  const locationName = (id: string) => locations.find((l) => l.id === id)?.name ?? 'Unknown location';
  const refused = (line: SupplyLine, action: RowAction['action']) => (failed?.lineId === line.id && failed.action === action ? failed : undefined);
  return (
    <div class="table-wrap" tabIndex={0} role="region" aria-label="Expected receipts">
      <table class="table admin-grid">
        <thead>
          <tr>
            {labels && <th scope="col">Variant</th>}
            <th scope="col">Purchase order</th>
            <th scope="col">Location</th>
            <th scope="col">Expected</th>
            <th scope="col" class="num">
              Still to come
            </th>
            <th scope="col">Receive</th>
            <th scope="col">Cancel</th>
          </tr>
        </thead>
        <tbody>
          {lines.map((line) => {
            const overdue = line.expectedOn < today;
            const receive = refused(line, 'receive');
            const cancel = refused(line, 'cancel');
            const name = line.reference || 'receipt';
            return (
              <tr key={line.id} class={overdue ? 'is-overdue' : undefined}>
                {labels && (
                  <td>
                    <VariantName variantId={line.variantId} label={labels.get(line.variantId) ?? null} />
                  </td>
                )}
                <th scope="row">
                  {line.reference || <span class="muted">No reference</span>}
                  {line.note && <div class="muted small admin-note">{line.note}</div>}
                </th>
                <td>{locationName(line.locationId)}</td>
                <td>
                  <time dateTime={line.expectedOn}>{formatDay(line.expectedOn, locale, { withYear: true })}</time>
                  {overdue && (
                    <div>
                      <span class="badge badge--out-of-stock">Overdue</span>
                    </div>
                  )}
                </td>
                <td class="num">
                  {line.outstanding}
                  {line.received > 0 && <div class="muted small">{`${line.received} of ${line.quantity} received`}</div>}
                </td>
                <td>
                  <Form csrfToken={csrfToken} action={`${INVENTORY_PATH}/supply/${line.id}/receive`} class="admin-row-form">
                    <input type="hidden" name="returnTo" value={returnTo} />
                    <CellInput
                      name="receiveQuantity"
                      id={`field-${rowField('receive', line.id)}`}
                      label={`Units received on ${name}`}
                      value={receive?.typed ?? String(line.outstanding)}
                      error={receive?.error}
                      inputMode="numeric"
                      size={6}
                    />
                    <Button variant="secondary">Receive</Button>
                  </Form>
                </td>
                <td>
                  <Form csrfToken={csrfToken} action={`${INVENTORY_PATH}/supply/${line.id}/cancel`} class="admin-row-form">
                    <input type="hidden" name="returnTo" value={returnTo} />
                    <CellInput
                      name="cancelReason"
                      id={`field-${rowField('cancel', line.id)}`}
                      label={`Why ${name} is cancelled`}
                      value={cancel?.typed ?? ''}
                      error={cancel?.error}
                      size={14}
                    />
                    <Button variant="danger">Cancel receipt</Button>
                  </Form>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

// The movements of one variant, newest first: what changed, where, why, by whom, and the
// figures it left at its location.
import { formatDateTime } from '../../../../web/dates.ts';
import type { LedgerPage } from '../ledger.ts';
import { MOVEMENT_LABELS } from './labels.ts';

export interface LedgerTableProps {
  ledger: LedgerPage;
  locationName: (id: string) => string;
  locale: string;
  timeZone: string;
}

/** +5, −3 (a true minus sign), or 0. */
const signed = (n: number) => (n > 0 ? `+${n}` : n < 0 ? `−${-n}` : '0');

export function LedgerTable({ ledger, locationName, locale, timeZone }: LedgerTableProps) {
  if (ledger.rows.length === 0) return <p>No movements yet: stock has never been counted or changed for this variant.</p>;
  return (
    <div class="table-wrap" tabIndex={0} role="region" aria-label="Movements, newest first">
      <table class="table">
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">What</th>
            <th scope="col">Location</th>
            <th scope="col" class="num">
              On hand
            </th>
            <th scope="col" class="num">
              Reserved
            </th>
            <th scope="col" class="num">
              Left on hand / reserved
            </th>
            <th scope="col">Reason</th>
            <th scope="col">By</th>
            <th scope="col">Reference</th>
          </tr>
        </thead>
        <tbody>
          {ledger.rows.map((row) => (
            <tr key={row.id}>
              <td>
                <time dateTime={row.createdAt.toISOString()}>{formatDateTime(row.createdAt, locale, timeZone)}</time>
              </td>
              <td>{MOVEMENT_LABELS[row.kind]}</td>
              <td>{locationName(row.locationId)}</td>
              <td class="num">{signed(row.onHandDelta)}</td>
              <td class="num">{signed(row.reservedDelta)}</td>
              <td class="num">{`${row.onHandAfter} / ${row.reservedAfter}`}</td>
              <td>{row.reason}</td>
              <td>{row.actor}</td>
              <td>
                <span class="reference">{row.reference}</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

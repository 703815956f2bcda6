// What the order pages say about delays. The customer reads "Your delivery is delayed": the
// new dates, an apology in plain words, why, and what we are doing about it, for as long as a
// delay is not over. Staff read every delay the checks found on the order, with the revised
// dates, the parcel, the ticket it is worked in and whether it is over.
import { formatDay, formatDayRange, type LocalDate } from '../../../platform/calendar.ts';
import type { Platform } from '../../../platform/platform.ts';
import { formatDateTime } from '../../../web/dates.ts';
import { registerOrderPageSection, registerStaffOrderSection, type Order } from '../../orders/index.ts';
import { getStoreProfile } from '../../site/index.ts';
import { permissionsOf } from '../../staff/index.ts';
import { ticketById } from '../../support/index.ts';
import { CARRIERS, isCarrierCode } from '../carriers/numbers/index.ts';
import { shipmentsOfOrder, type Shipment } from '../shipments/read.ts';
import { DELAY_KIND_LABELS } from './kinds.ts';
import { delaysOfOrder, openDelaysOnPage, type OrderDelay } from './read.ts';

const carrierName = (code: string) => (isCarrierCode(code) ? CARRIERS[code].name : code.toUpperCase());

/** The revised dates the customer goes by: the latest of the delays still open. */
export function revisedDates(open: readonly OrderDelay[]): { earliest: LocalDate; latest: LocalDate } | null {
  if (open.length === 0) return null;
  return { earliest: open.map((d) => d.newEarliest).sort().at(-1)!, latest: open.map((d) => d.newLatest).sort().at(-1)! };
}

/** Why it is late and what we do about it, in the customer's words. */
function explanation(delay: OrderDelay, order: Order, parcels: readonly Shipment[], day: (d: LocalDate) => string): string {
  const parcel = parcels.find((p) => p.id === delay.shipmentId);
  const which = parcel && parcels.length > 1 ? `parcel ${parcel.seq} of ${parcels.length}` : 'your parcel';
  const Which = which[0]!.toUpperCase() + which.slice(1);
  switch (delay.kind) {
    case 'processing':
      return `It did not leave our warehouse on the day we promised. We have asked our team to send it first: it now leaves by ${day(delay.newShipsOn ?? delay.newEarliest)}.`;
    case 'backorder': {
      const line = order.lines.find((l) => l.variantId === delay.variantId);
      return `${line ? line.productTitle : 'An item in it'} reaches our warehouse later than our supplier first told us. We will send it as soon as it is in: it now leaves by ${day(delay.newShipsOn ?? delay.newEarliest)}.`;
    }
    case 'no_scan':
      return `${Which} has not been scanned by ${parcel ? carrierName(parcel.carrier) : 'the carrier'} for a few days. We have asked them to trace it and we are watching it until it reaches you.`;
    case 'carrier_exception':
      return `${parcel ? carrierName(parcel.carrier) : 'The carrier'} told us about a problem with ${which}${parcel?.exception ? `: “${parcel.exception}”` : ''}. We are in touch with them to get it moving again.`;
  }
}

export function registerDelaySections(platform: Platform): void {
  const db = () => platform.database.db;

  registerOrderPageSection(platform, async ({ order }) => {
    const open = await openDelaysOnPage(platform, order);
    const dates = revisedDates(open);
    if (!dates) return null;
    const [profile, parcels] = await Promise.all([getStoreProfile(platform), shipmentsOfOrder(db(), order.id)]);
    const day = (d: LocalDate) => formatDay(d, profile.locale);
    // One sentence per cause: a parcel quiet twice, or two missed days, is still one story.
    const seen = new Set<string>();
    const causes = open.filter((d) => {
      const key = `${d.kind}:${d.shipmentId ?? d.variantId ?? ''}`;
      return seen.has(key) ? false : (seen.add(key), true);
    });
    return (
      <section class="card" aria-labelledby="delivery-delayed-title" id="delay">
        <h2 id="delivery-delayed-title">Your delivery is delayed</h2>
        <p>
          We are sorry: your order is running late. It now arrives <strong>{formatDayRange(dates.earliest, dates.latest, profile.locale)}</strong>.
        </p>
        <ul>
          {causes.map((delay) => (
            <li key={delay.id}>{explanation(delay, order, parcels, day)}</li>
          ))}
        </ul>
        <p>You do not need to do anything. Someone on our team is following it up, and this page always shows the latest dates. If the new dates do not work for you, ask us about this order below.</p>
      </section>
    );
  });

  registerStaffOrderSection(platform, async ({ order, viewer }) => {
    if (viewer.kind !== 'staff' || !permissionsOf(viewer.role).includes('orders.view')) return null;
    const delays = await delaysOfOrder(db(), order.id);
    const profile = await getStoreProfile(platform);
    const tickets = new Map<string, string>();
    for (const id of new Set(delays.map((d) => d.ticketId).filter((id): id is string => id !== null))) {
      const ticket = await ticketById(db(), id);
      if (ticket) tickets.set(id, ticket.number);
    }
    return (
      <section class="card" aria-labelledby="staff-delays-title">
        <h2 id="staff-delays-title">Delays</h2>
        {delays.length === 0 ? (
          <p>The delay checks found nothing late on this order.</p>
        ) : (
          <table class="table">
            <thead>
              <tr>
                <th scope="col">Found</th>
                <th scope="col">What</th>
                <th scope="col">New dates</th>
                <th scope="col">Ticket</th>
                <th scope="col">Over</th>
              </tr>
            </thead>
            <tbody>
              {delays.map((delay) => {
                const number = delay.ticketId ? tickets.get(delay.ticketId) : undefined;
                return (
                  <tr key={delay.id}>
                    <td>{formatDateTime(delay.detectedAt, profile.locale, profile.timeZone)}</td>
                    <td>
                      <strong>{DELAY_KIND_LABELS[delay.kind]}</strong>
                      <div class="small">{delay.detail}</div>
                    </td>
                    <td>
                      {delay.newShipsOn && <div>Ships {formatDay(delay.newShipsOn, profile.locale)}</div>}
                      Arrives {formatDayRange(delay.newEarliest, delay.newLatest, profile.locale)}
                    </td>
                    <td>{number ? <a href={`/admin/support/${number}`}>{number}</a> : '—'}</td>
                    <td>{delay.resolvedAt ? formatDateTime(delay.resolvedAt, profile.locale, profile.timeZone) : <span class="badge badge--backorder">Open</span>}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </section>
    );
  });
}

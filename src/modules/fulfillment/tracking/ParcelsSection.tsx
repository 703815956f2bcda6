// The parcels on the order pages. The customer's: each parcel ("Parcel 1 of 2") with where it
// is in words, when it should arrive, any problem the carrier reported in plain words with what
// we are doing about it, the carrier and service, the tracking number (through our redirect, so
// the click is counted), what it holds and every scan newest first with its time and place;
// then what is still to be packed. The staff's adds who packed it, every timestamp and the
// carrier's own words and codes.
import { Alert } from '../../../web/components/Alert.tsx';
import { formatDateTime } from '../../../web/dates.ts';
import { formatDay, formatDayRange } from '../../../platform/calendar.ts';
import { estimateWords, promisedEstimate, type Order } from '../../orders/index.ts';
import { CARRIERS, isCarrierCode } from '../carriers/numbers/index.ts';
import type { Shipment, TrackingEvent } from '../shipments/read.ts';
import { SHIPMENT_STATUS_LABELS, type TrackingCode } from '../states.ts';
import { parcelEstimate, unpackedLines } from './estimate.ts';
import { exceptionWords } from './exceptions.ts';

export interface TrackingFormat {
  locale: string;
  timeZone: string;
  now: Date;
}

/** What each scan means when the carrier sends no words of its own. */
export const TRACKING_CODE_LABELS: Readonly<Record<TrackingCode, string>> = {
  label_created: 'Label created',
  picked_up: 'Picked up by the carrier',
  in_transit: 'In transit',
  out_for_delivery: 'Out for delivery',
  delivered: 'Delivered',
  exception: 'A problem was reported',
  delayed: 'Delayed',
};

export const carrierName = (code: string) => (isCarrierCode(code) ? CARRIERS[code].name : code.toUpperCase());

const itemName = (line: Order['lines'][number]) => (line.variantTitle ? `${line.productTitle} — ${line.variantTitle}` : line.productTitle);

function Items({ order, parcel }: { order: Order; parcel: Shipment }) {
  const lines = new Map(order.lines.map((line) => [line.id, line]));
  return (
    <ul class="order-parcel__items">
      {parcel.lines.map((item) => {
        const line = lines.get(item.orderLineId);
        return (
          <li key={item.orderLineId}>
            {item.quantity} × {line ? itemName(line) : 'an item no longer on the order'}
          </li>
        );
      })}
    </ul>
  );
}

function Scans({ events, format, staff }: { events: readonly TrackingEvent[]; format: TrackingFormat; staff: boolean }) {
  const time = (date: Date) => formatDateTime(date, format.locale, format.timeZone);
  if (events.length === 0) return <p class="small muted">No scans yet: the carrier’s first scan shows here once they collect the parcel.</p>;
  return (
    <ol class="tracking-events" aria-label="Carrier scans, newest first">
      {events.map((event) => (
        <li key={event.id} class={`tracking-event tracking-event--${event.code}`}>
          <time class="tracking-event__time" dateTime={event.occurredAt.toISOString()}>
            {time(event.occurredAt)}
          </time>
          <span class="tracking-event__what">{event.detail || TRACKING_CODE_LABELS[event.code]}</span>
          {event.location && <span class="tracking-event__where">{event.location}</span>}
          {staff && (
            <span class="tracking-event__staff small muted">
              {event.code} · received {time(event.receivedAt)} · carrier id {event.carrierEventId}
            </span>
          )}
        </li>
      ))}
    </ol>
  );
}

/** "Arrives Thursday, November 26", "Delivered Nov 26, 2026, 2:14 PM", or nothing to say. */
function ParcelWhen({ parcel, format }: { parcel: Shipment; format: TrackingFormat }) {
  if (parcel.status === 'delivered') {
    return <p class="order-parcel__when">Delivered {parcel.deliveredAt ? formatDateTime(parcel.deliveredAt, format.locale, format.timeZone) : ''}</p>;
  }
  const words = estimateWords(parcelEstimate(parcel), format, format.now);
  if (!words) return null;
  return <p class={words.late ? 'order-parcel__when order-estimate--late' : 'order-parcel__when'}>{words.text}</p>;
}

export interface ParcelProps {
  order: Order;
  parcel: Shipment;
  count: number;
  events: readonly TrackingEvent[];
  format: TrackingFormat;
  /** Where the tracking number links: our counting redirect for customers, the carrier for staff. */
  trackingHref: string | null;
  /** Staff only: who packed it, in words. */
  packedBy?: string;
}

function Parcel({ order, parcel, count, events, format, trackingHref, packedBy }: ParcelProps) {
  const staff = packedBy !== undefined;
  const problem = exceptionWords(parcel, events);
  const time = (date: Date | null) => (date ? formatDateTime(date, format.locale, format.timeZone) : '—');
  const carrier = carrierName(parcel.carrier);
  const headingId = `parcel-${parcel.seq}-heading`;
  return (
    <article class="order-parcel" aria-labelledby={headingId}>
      <h3 id={headingId} class="order-parcel__heading">
        <span>
          Parcel {parcel.seq} of {count}
        </span>{' '}
        <span class={`badge order-parcel__status order-parcel__status--${parcel.status}`}>{SHIPMENT_STATUS_LABELS[parcel.status]}</span>
      </h3>
      <ParcelWhen parcel={parcel} format={format} />
      {problem && (
        <Alert tone="warning" title={problem.title}>
          <p>{problem.what}</p>
          <p>{problem.doing}</p>
          {staff && <p class="small">Carrier’s words: {parcel.exception}</p>}
        </Alert>
      )}
      <dl class="order-parcel__facts">
        <dt>Carrier</dt>
        <dd>
          {carrier} {parcel.service}
        </dd>
        <dt>Tracking number</dt>
        <dd>
          {trackingHref ? (
            <a class="order-parcel__tracking" href={trackingHref} rel="noreferrer">
              {parcel.trackingNumber}
            </a>
          ) : (
            <span class="order-parcel__tracking">{parcel.trackingNumber}</span>
          )}
          {trackingHref && <span class="small muted"> (opens {carrier}’s tracking page)</span>}
        </dd>
        {staff && (
          <>
            <dt>Packed</dt>
            <dd>
              {time(parcel.createdAt)} by {packedBy}
            </dd>
            <dt>Handed to the carrier</dt>
            <dd>{time(parcel.shippedAt)}</dd>
            <dt>Delivered</dt>
            <dd>{time(parcel.deliveredAt)}</dd>
            <dt>Last scan</dt>
            <dd>{time(parcel.lastScanAt)}</dd>
            <dt>Estimate</dt>
            <dd>{estimateDays(parcel, format.locale)}</dd>
          </>
        )}
      </dl>
      <h4>In this parcel</h4>
      <Items order={order} parcel={parcel} />
      <h4>What the carrier reported</h4>
      <Scans events={events} format={format} staff={staff} />
    </article>
  );
}

export interface ParcelsSectionProps {
  order: Order;
  parcels: readonly Shipment[];
  events: ReadonlyMap<string, TrackingEvent[]>;
  format: TrackingFormat;
  trackingHref: (parcel: Shipment) => string | null;
  /** Staff only: who packed each parcel, by the parcel's packedBy. */
  packers?: ReadonlyMap<string, string>;
}

export function ParcelsSection({ order, parcels, events, format, trackingHref, packers }: ParcelsSectionProps) {
  const staff = packers !== undefined;
  const left = unpackedLines(order, parcels);
  const later = estimateWords(promisedEstimate(left.map(({ line }) => line)), format, format.now);
  return (
    <section class={staff ? 'order-parcels' : 'card order-parcels'} aria-labelledby="parcels-heading" id="parcels">
      <h2 id="parcels-heading">{staff ? 'Parcels' : parcels.length === 1 ? 'Your parcel' : 'Your parcels'}</h2>
      {parcels.map((parcel) => (
        <Parcel
          key={parcel.id}
          order={order}
          parcel={parcel}
          count={parcels.length}
          events={events.get(parcel.id) ?? []}
          format={format}
          trackingHref={trackingHref(parcel)}
          {...(packers ? { packedBy: packers.get(parcel.packedBy) ?? parcel.packedBy } : {})}
        />
      ))}
      {left.length > 0 && order.status !== 'cancelled' && (
        <div class="order-parcel order-parcel--to-pack">
          <h3 class="order-parcel__heading">Still to be packed</h3>
          {later && !staff && <p class="order-parcel__when">{later.text}</p>}
          <ul class="order-parcel__items">
            {left.map(({ line, quantity }) => (
              <li key={line.id}>
                {quantity} × {itemName(line)}
              </li>
            ))}
          </ul>
          {!staff && <p class="small muted">These follow in another parcel; it shows here as soon as it is packed.</p>}
        </div>
      )}
    </section>
  );
}

/** The parcel's stored estimate as days staff can read, or none. */
function estimateDays(parcel: Shipment, locale: string): string {
  const { estimateEarliest: from, estimateLatest: to } = parcel;
  if (from && to) return formatDayRange(from, to, locale);
  return from || to ? formatDay((from ?? to)!, locale) : 'none';
}

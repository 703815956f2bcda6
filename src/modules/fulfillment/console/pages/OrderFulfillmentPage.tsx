// /admin/fulfillment/orders/:number: one order in the warehouse — each line ordered, packed,
// shipped and still to pack, in all and per stock location; the form that packs a parcel from
// one location (offering only what that location holds for the order); and the order's parcels
// with their status, tracking link, packing slip and the actions still open to them (mark
// shipped, remove while packed). A refused form comes back with its message and what was typed.
import { Alert } from '../../../../web/components/Alert.tsx';
import { Button, ButtonLink } from '../../../../web/components/Button.tsx';
import { ErrorSummary } from '../../../../web/components/ErrorSummary.tsx';
import { Field } from '../../../../web/components/Field.tsx';
import { CellInput, SelectField } from '../../../../web/components/fields.tsx';
import { Form } from '../../../../web/components/Form.tsx';
import { Notice } from '../../../../web/components/Notice.tsx';
import type { PageContext } from '../../../../web/context.ts';
import { formatDateTime } from '../../../../web/dates.ts';
import type { FormErrors } from '../../../../web/forms/form-errors.ts';
import { AdminLayout, type AdminNavItem } from '../../../../web/layout/AdminLayout.tsx';
import type { StockLocation } from '../../../inventory/index.ts';
import { ORDER_STATUS_LABELS, type Order } from '../../../orders/index.ts';
import { CARRIER_CODES, CARRIERS, isCarrierCode } from '../../carriers/numbers/index.ts';
import type { Shipment } from '../../shipments/read.ts';
import { locationName, type LineFigures, type PackableLine } from '../figures.ts';
import { quantityField, type PackForm } from '../pack-form.ts';
import { shipsByOf } from '../queue.ts';
import { FULFILLMENT_PATH, orderConsolePath, OrderStatusBadge, packPath, ParcelStatusBadge, pickListHref, removePath, shipPath, ShipsBy, slipPath, START_PATH, type StoreFormat } from './parts.tsx';

export interface Packing {
  /** Locations a parcel can be packed from now (each holds something still to pack). */
  locations: StockLocation[];
  /** The chosen one, or null when nothing is left to pack. */
  locationId: string | null;
  packable: PackableLine[];
  form: PackForm;
  errors?: FormErrors | undefined;
}

export interface OrderFulfillmentPageProps {
  ctx: PageContext;
  nav: AdminNavItem[];
  order: Order;
  figures: LineFigures[];
  parcels: Shipment[];
  locations: StockLocation[];
  /** Null when the order cannot have parcels packed (unpaid, on hold, cancelled, all gone). */
  packing: Packing | null;
  /** Why the order cannot be packed, when it cannot. */
  notPackable?: string | undefined;
  notice?: string | undefined;
  /** A refused action on a parcel (mark shipped, remove), in words. */
  refusal?: { title: string; detail?: string | undefined } | undefined;
  today: string;
  format: StoreFormat;
}

const lineTitle = (line: LineFigures['line']) => [line.productTitle, line.variantTitle].filter(Boolean).join(' — ');

function Figures({ figures, locations }: { figures: LineFigures[]; locations: StockLocation[] }) {
  // The locations as inventory lists them (the default first); one no longer listed comes last.
  const rank = (id: string) => {
    const at = locations.findIndex((l) => l.id === id);
    return at < 0 ? locations.length : at;
  };
  return (
    <div class="table-wrap" tabIndex={0} role="region" aria-labelledby="lines-heading">
      <table class="table fulfillment-lines">
        <thead>
          <tr>
            <th scope="col">Item</th>
            <th scope="col" class="num">
              Ordered
            </th>
            <th scope="col" class="num">
              Packed
            </th>
            <th scope="col" class="num">
              Shipped
            </th>
            <th scope="col" class="num">
              Left to pack
            </th>
          </tr>
        </thead>
        {figures.map((f) => (
          <tbody key={f.line.id}>
            <tr>
              <th scope="row">
                {lineTitle(f.line)}
                <div class="muted small">SKU {f.line.sku}</div>
              </th>
              <td class="num">{f.ordered}</td>
              <td class="num">{f.packed}</td>
              <td class="num">{f.shipped}</td>
              <td class="num">
                <strong>{f.left}</strong>
              </td>
            </tr>
            {[...f.locations].sort((a, b) => rank(a.locationId) - rank(b.locationId)).map((l) => (
              <tr key={l.locationId} class="fulfillment-lines__location">
                <th scope="row" class="muted small">
                  At {locationName(locations, l.locationId)}
                  {l.backordered > 0 && ` (${l.backordered} backordered when ordered)`}
                </th>
                <td class="num small">{l.allocated}</td>
                <td class="num small">{l.packed}</td>
                <td class="num small">{l.shipped}</td>
                <td class="num small">{l.left}</td>
              </tr>
            ))}
            {f.locations.length === 0 && (
              <tr class="fulfillment-lines__location">
                <td colSpan={5} class="muted small">
                  No stock location holds this item for the order.
                </td>
              </tr>
            )}
          </tbody>
        ))}
      </table>
    </div>
  );
}

function PackSection({ ctx, order, packing, locations }: { ctx: PageContext; order: Order; packing: Packing; locations: StockLocation[] }) {
  const { form, errors } = packing;
  const carrier = isCarrierCode(form.carrier) ? CARRIERS[form.carrier] : CARRIERS.ups;
  return (
    <section aria-labelledby="pack-heading">
      <h2 id="pack-heading">Pack a parcel</h2>
      {packing.locations.length > 1 && (
        <form method="get" action={orderConsolePath(order.number)} class="admin-filters" aria-label="Location to pack from">
          <SelectField
            name="location"
            label="Pack from"
            value={packing.locationId ?? ''}
            choices={packing.locations.map((l) => ({ value: l.id, label: l.name }))}
            hint="One parcel leaves from one location: the form lists what this one holds for the order."
          />
          <div class="button-row">
            <Button variant="secondary">Show its items</Button>
          </div>
        </form>
      )}
      {errors && <ErrorSummary title="Nothing was packed. Please fix these first:" errors={errors.list} />}
      <Form csrfToken={ctx.csrfToken} action={packPath(order.number)} aria-labelledby="pack-heading" noValidate>
        <input type="hidden" name="locationId" value={form.locationId} />
        <p>
          From <strong>{locationName(locations, form.locationId)}</strong>. Set how many of each item go into this parcel (0 leaves it for another parcel).
        </p>
        <div class="table-wrap" tabIndex={0} role="region" aria-label="Items in this parcel">
          <table class="table">
            <thead>
              <tr>
                <th scope="col">Item</th>
                <th scope="col" class="num">
                  Left to pack here
                </th>
                <th scope="col">In this parcel</th>
              </tr>
            </thead>
            <tbody>
              {packing.packable.map((p) => (
                <tr key={p.line.id}>
                  <th scope="row">
                    {lineTitle(p.line)}
                    <div class="muted small">SKU {p.line.sku}</div>
                  </th>
                  <td class="num">{p.max}</td>
                  <td>
                    <CellInput
                      name={quantityField(p.line.id)}
                      label={`Units of ${lineTitle(p.line)} in this parcel`}
                      value={form.quantities[p.line.id] ?? ''}
                      error={errors?.for(quantityField(p.line.id))}
                      inputMode="numeric"
                      size={4}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <div class="admin-inline-fields">
          <SelectField name="carrier" label="Carrier" value={form.carrier} choices={CARRIER_CODES.map((code) => ({ value: code, label: CARRIERS[code].name }))} error={errors?.for('carrier')} />
          <Field
            name="service"
            label="Service"
            value={form.service}
            error={errors?.for('service')}
            maxLength={80}
            hint={`As on the label, like Ground or Priority Mail. The customer chose ${order.shippingMethod.name}.`}
            required
          />
        </div>
        <Field
          name="trackingNumber"
          label="Tracking number"
          value={form.trackingNumber}
          error={errors?.for('trackingNumber')}
          maxLength={64}
          hint={`A ${carrier.name} tracking number is ${carrier.expected}. Spaces and dashes are fine.`}
          required
        />
        <details class="fulfillment-formats">
          <summary>Tracking number formats of the other carriers</summary>
          <dl>
            {CARRIER_CODES.filter((code) => code !== carrier.code).map((code) => (
              <div key={code}>
                <dt>{CARRIERS[code].name}</dt>
                <dd>{CARRIERS[code].expected}</dd>
              </div>
            ))}
          </dl>
        </details>
        <Button>Pack the parcel</Button>
      </Form>
    </section>
  );
}

function Parcels({ ctx, order, parcels, locations, format }: { ctx: PageContext; order: Order; parcels: Shipment[]; locations: StockLocation[]; format: StoreFormat }) {
  const time = (date: Date) => formatDateTime(date, format.locale, format.timeZone);
  const mayShip = order.status !== 'on_hold' && order.status !== 'cancelled';
  const position = (orderLineId: string) => order.lines.find((l) => l.id === orderLineId)?.position ?? Number.MAX_SAFE_INTEGER;
  return (
    <section aria-labelledby="parcels-heading">
      <h2 id="parcels-heading">Parcels</h2>
      {parcels.length === 0 && <p>No parcel yet.</p>}
      {parcels.map((parcel, i) => {
        const carrier = isCarrierCode(parcel.carrier) ? CARRIERS[parcel.carrier].name : parcel.carrier;
        return (
          <article key={parcel.id} class="card fulfillment-parcel" id={`parcel-${parcel.id}`} aria-labelledby={`parcel-${parcel.id}-title`}>
            <div class="admin-heading">
              <h3 id={`parcel-${parcel.id}-title`}>
                Parcel {i + 1} of {parcels.length}
              </h3>
              <ParcelStatusBadge status={parcel.status} />
            </div>
            <dl>
              <dt>From</dt>
              <dd>{locationName(locations, parcel.locationId)}</dd>
              <dt>Carrier</dt>
              <dd>
                {carrier} {parcel.service}
              </dd>
              <dt>Tracking number</dt>
              <dd>
                {parcel.trackingUrl ? (
                  <a href={parcel.trackingUrl} rel="noopener noreferrer">
                    <span class="reference">{parcel.trackingNumber}</span>
                  </a>
                ) : (
                  <span class="reference">{parcel.trackingNumber}</span>
                )}
              </dd>
              <dt>Items</dt>
              <dd>
                <ul class="fulfillment-parcel__items">
                  {[...parcel.lines].sort((a, b) => position(a.orderLineId) - position(b.orderLineId)).map((l) => {
                    const line = order.lines.find((ol) => ol.id === l.orderLineId);
                    return (
                      <li key={l.orderLineId}>
                        {l.quantity} × {line ? lineTitle(line) : 'an item no longer on the order'}
                        {line && <span class="muted small"> (SKU {line.sku})</span>}
                      </li>
                    );
                  })}
                </ul>
              </dd>
              <dt>Packed</dt>
              <dd>{time(parcel.createdAt)}</dd>
              {parcel.shippedAt && (
                <>
                  <dt>Handed to the carrier</dt>
                  <dd>{time(parcel.shippedAt)}</dd>
                </>
              )}
              {parcel.exception && (
                <>
                  <dt>Carrier exception</dt>
                  <dd>{parcel.exception}</dd>
                </>
              )}
            </dl>
            <div class="admin-actions">
              <ButtonLink href={slipPath(parcel.id)}>Packing slip</ButtonLink>
              {parcel.status === 'packed' && mayShip && (
                <Form csrfToken={ctx.csrfToken} action={shipPath(parcel.id)}>
                  <Button>
                    Mark shipped<span class="visually-hidden"> (parcel {i + 1})</span>
                  </Button>
                </Form>
              )}
              {parcel.status === 'packed' && (
                <Form csrfToken={ctx.csrfToken} action={removePath(parcel.id)}>
                  <Button variant="danger">
                    Remove parcel<span class="visually-hidden"> {i + 1}</span>
                  </Button>
                </Form>
              )}
            </div>
          </article>
        );
      })}
    </section>
  );
}

export function OrderFulfillmentPage({ ctx, nav, order, figures, parcels, locations, packing, notPackable, notice, refusal, today, format }: OrderFulfillmentPageProps) {
  return (
    <AdminLayout ctx={ctx} title={`Fulfil order ${order.number}`} nav={nav}>
      <p class="small">
        <a href={FULFILLMENT_PATH}>← Fulfillment</a>
      </p>
      <div class="admin-heading">
        <h1>
          Order <span class="order-number">{order.number}</span>
        </h1>
        <OrderStatusBadge status={order.status} />
      </div>
      <Notice message={notice} />
      {refusal && (
        <Alert tone="error" title={refusal.title}>
          {refusal.detail && <p>{refusal.detail}</p>}
        </Alert>
      )}
      {(order.status === 'on_hold' || order.status === 'cancelled') && (
        <Alert tone="warning" title={`This order is ${ORDER_STATUS_LABELS[order.status].toLowerCase()}`}>
          <p>{order.status === 'on_hold' ? 'Nothing is packed or handed to the carrier until it is released.' : 'Nothing more leaves for it.'}</p>
        </Alert>
      )}
      <dl>
        <dt>Ships by</dt>
        <dd>
          <ShipsBy date={shipsByOf(order)} today={today} locale={format.locale} />
        </dd>
        <dt>Ship to</dt>
        <dd>
          {order.shippingAddress.name}, {order.shippingAddress.city} · {order.shippingMethod.name}
          {order.shippingMethod.carrier ? ` with ${order.shippingMethod.carrier}` : ''}
        </dd>
      </dl>
      <div class="admin-actions">
        <ButtonLink href={`/admin/orders/${order.number}`}>Order details</ButtonLink>
        <ButtonLink href={pickListHref([order.number])}>Pick list</ButtonLink>
        {order.status === 'validated' && (
          <Form csrfToken={ctx.csrfToken} action={START_PATH}>
            <input type="hidden" name="back" value="order" />
            <Button name="one" value={order.number}>
              Start preparing
            </Button>
          </Form>
        )}
      </div>
      <section aria-labelledby="lines-heading">
        <h2 id="lines-heading">Items</h2>
        <Figures figures={figures} locations={locations} />
      </section>
      {packing ? <PackSection ctx={ctx} order={order} packing={packing} locations={locations} /> : notPackable && <p role="status">{notPackable}</p>}
      <Parcels ctx={ctx} order={order} parcels={parcels} locations={locations} format={format} />
    </AdminLayout>
  );
}

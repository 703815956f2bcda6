// The console's routes: the queue and starting orders, the pick list, one order's page with
// packing, marking shipped and removing parcels, and the packing slip. Pages are GETs that
// change nothing; every change is a POST form with its CSRF token that redirects back with a
// notice, or shows the page again with the refusal (and the pack form as it was typed).
import { eq } from 'drizzle-orm';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { localDateOf } from '../../../platform/calendar.ts';
import type { App } from '../../../platform/http/app.ts';
import { Problem } from '../../../platform/http/problem.ts';
import type { Platform } from '../../../platform/platform.ts';
import { formBody, text, type FormBody } from '../../../web/forms/form-body.ts';
import type { FormErrors } from '../../../web/forms/form-errors.ts';
import { sendPage } from '../../../web/page-context.ts';
import { listLocations, ReservationError } from '../../inventory/index.ts';
import { advanceOrder, lockOrder, normalizeOrderNumber, orderById, orderByNumber, ordersInStatus, ORDER_STATUS_LABELS, type Order } from '../../orders/index.ts';
import { getStoreProfile } from '../../site/index.ts';
import { adminNav } from '../../staff/index.ts';
import { packingAllocation } from '../shipments/allocation.ts';
import { PACKABLE, packShipment } from '../shipments/pack.ts';
import { moveShipment } from '../shipments/progress.ts';
import { shipmentById, shipmentsOfOrder } from '../shipments/read.ts';
import { shipments } from '../schema.ts';
import { byStaff, fulfiller, STAFF_ROLES, type Fulfiller } from './access.ts';
import { lineFigures, packableAt, packingLocations } from './figures.ts';
import { newPackForm, packErrors, parsePackForm, type PackForm } from './pack-form.ts';
import { OrderFulfillmentPage, type Packing } from './pages/OrderFulfillmentPage.tsx';
import { PackingSlipPage } from './pages/PackingSlipPage.tsx';
import { FULFILLMENT_PATH, orderConsolePath, packPath, PICK_LIST_PATH, removePath, shipPath, slipPath, START_PATH } from './pages/parts.tsx';
import { PickListPage } from './pages/PickListPage.tsx';
import { QueuePage, queueHref } from './pages/QueuePage.tsx';
import { readPickList } from './pick-list.ts';
import { QUEUE_TABS, readQueue, type QueueTab } from './queue.ts';
import { parcelNotFound, removeParcel } from './remove-parcel.ts';

/** How many orders one batch start or one pick list takes. */
const BATCH_MAX = 100;
const PICK_LIST_MAX = 200;

const NumberParams = Type.Object({ number: Type.String({ minLength: 1, maxLength: 64 }) });
const ParcelParams = Type.Object({ shipmentId: Type.String({ format: 'uuid' }) });
const Notice = Type.Optional(Type.String({ maxLength: 20 }));

const NOTICES: Record<string, string> = {
  started: 'The order is in preparation.',
  packed: 'Parcel packed. Print its packing slip, and mark it shipped when the carrier collects it.',
  shipped: 'Parcel marked shipped: its stock is sold and the customer can follow it.',
  already: 'That parcel had already left the warehouse: nothing changed.',
  removed: 'Parcel removed: its items are back on the list to pack.',
};

const orderNotFound = () => new Problem({ status: 404, type: 'order-not-found', title: 'We could not find that order', detail: 'Check the number, or find it in the fulfillment queue.' });

/** Order numbers from a query or a form: repeated, or comma-separated, however typed; unknown shapes dropped. */
function orderNumbers(values: readonly string[], max: number): { numbers: string[]; malformed: string[] } {
  const numbers: string[] = [];
  const malformed: string[] = [];
  for (const raw of values.flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean)) {
    const number = normalizeOrderNumber(raw);
    if (!number) malformed.push(raw.slice(0, 40));
    else if (!numbers.includes(number)) numbers.push(number);
  }
  if (numbers.length > max) throw new Problem({ status: 400, type: 'validation', title: `At most ${max} orders at a time` });
  return { numbers, malformed };
}

const listOf = (body: FormBody, name: string): string[] => {
  const value = body[name];
  return (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string');
};

export function registerConsoleRoutes(app: App, platform: Platform): void {
  const config = { access: STAFF_ROLES };
  const db = () => platform.database.db;
  const nav = (staff: Fulfiller) => adminNav(staff, FULFILLMENT_PATH);
  const format = async () => {
    const profile = await getStoreProfile(platform);
    return { locale: profile.locale, timeZone: profile.timeZone };
  };

  // ---- The queue --------------------------------------------------------------------------

  async function sendQueue(request: FastifyRequest, reply: FastifyReply, staff: Fulfiller, tab: QueueTab, extra: { notice?: string; started?: string[]; refused?: { number: string; why: string }[]; error?: string } = {}, status = 200) {
    const fmt = await format();
    const queue = await readQueue(db(), tab, platform.clock.now(), fmt.timeZone);
    return sendPage(reply, <QueuePage ctx={await app.pages.context(request)} nav={nav(staff)} queue={queue} format={fmt} {...extra} />, status);
  }

  app.get<{ Querystring: { tab?: QueueTab; notice?: string; started?: string } }>(
    FULFILLMENT_PATH,
    { config, schema: { querystring: Type.Object({ tab: Type.Optional(Type.Union(QUEUE_TABS.map((t) => Type.Literal(t)))), notice: Notice, started: Type.Optional(Type.String({ maxLength: 2000 })) }) } },
    async (request, reply) => {
      const staff = await fulfiller(request);
      const started = request.query.notice === 'started' ? orderNumbers([request.query.started ?? ''], BATCH_MAX).numbers : [];
      const notice = started.length > 1 ? `${started.length} orders are in preparation.` : started.length === 1 ? `Order ${started[0]} is in preparation.` : undefined;
      return sendQueue(request, reply, staff, request.query.tab ?? 'ready', { ...(notice ? { notice } : {}), started });
    },
  );

  // One order ("Start preparing" on its row or its page) or the selection; each in its own
  // transaction, so an order put on hold meanwhile does not keep the others waiting.
  app.post(START_PATH, { config }, async (request, reply) => {
    const staff = await fulfiller(request);
    const body = formBody(request);
    const one = text(body, 'one');
    const { numbers, malformed } = orderNumbers(one ? [one] : listOf(body, 'orders'), BATCH_MAX);
    if (numbers.length === 0 && malformed.length === 0) return sendQueue(request, reply, staff, 'ready', { error: 'Choose at least one order to start preparing.' }, 400);
    const started: string[] = [];
    const refused = malformed.map((raw) => ({ number: raw, why: 'That is not an order number.' }));
    for (const number of numbers) {
      try {
        await platform.database.transaction(async (tx) => {
          const order = await orderByNumber(tx, number);
          if (!order) throw orderNotFound();
          await advanceOrder(platform, tx, order.id, 'in_preparation', byStaff(staff, 'Started preparing'));
        });
        started.push(number);
      } catch (error) {
        if (!(error instanceof Problem)) throw error;
        refused.push({ number, why: error.detail ? `${error.title}. ${error.detail}` : `${error.title}.` });
      }
    }
    if (refused.length > 0) {
      const notice = started.length ? `${started.length === 1 ? `Order ${started[0]} is` : `${started.length} orders are`} in preparation.` : undefined;
      return sendQueue(request, reply, staff, 'ready', { ...(notice ? { notice } : {}), started, refused }, 409);
    }
    if (text(body, 'back') === 'order' && numbers.length === 1) return reply.redirect(`${orderConsolePath(numbers[0]!)}?notice=started`, 303);
    return reply.redirect(`${queueHref('preparing')}&notice=started&started=${encodeURIComponent(started.join(','))}`, 303);
  });

  // ---- The pick list ------------------------------------------------------------------------

  app.get<{ Querystring: { orders?: string[] } }>(
    PICK_LIST_PATH,
    { config, schema: { querystring: Type.Object({ orders: Type.Optional(Type.Array(Type.String({ maxLength: 2000 }), { maxItems: PICK_LIST_MAX })) }) } },
    async (request, reply) => {
      const staff = await fulfiller(request);
      const asked = request.query.orders?.some((v) => v.trim() !== '') ? orderNumbers(request.query.orders, PICK_LIST_MAX) : null;
      let orders: Order[];
      const unknown: string[] = asked ? [...asked.malformed] : [];
      if (asked) {
        orders = [];
        for (const number of asked.numbers) {
          const order = await orderByNumber(db(), number);
          if (order) orders.push(order);
          else unknown.push(number);
        }
      } else {
        orders = await ordersInStatus(db(), ['in_preparation'], PICK_LIST_MAX);
      }
      const groups = await readPickList(db(), orders, await listLocations(db()));
      const page = (
        <PickListPage
          ctx={await app.pages.context(request)}
          nav={nav(staff)}
          groups={groups}
          asked={asked ? asked.numbers : null}
          orders={orders.map((o) => o.number)}
          unknown={unknown}
          now={platform.clock.now()}
          format={await format()}
        />
      );
      return sendPage(reply, page);
    },
  );

  // ---- One order ----------------------------------------------------------------------------

  interface OrderPageState {
    location?: string | undefined;
    form?: PackForm;
    errors?: FormErrors;
    notice?: string | undefined;
    refusal?: { title: string; detail?: string | undefined };
  }

  async function sendOrder(request: FastifyRequest, reply: FastifyReply, staff: Fulfiller, order: Order, state: OrderPageState = {}, status = 200) {
    const [allocated, parcels, locations, fmt] = await Promise.all([packingAllocation(db(), order), shipmentsOfOrder(db(), order.id), listLocations(db()), format()]);
    const figures = lineFigures(order, allocated, parcels);
    let packing: Packing | null = null;
    let notPackable: string | undefined;
    if (!PACKABLE.has(order.status)) {
      notPackable = order.status === 'placed' ? 'Not paid yet: parcels are packed once the payment is confirmed.' : `Nothing to pack while the order is ${ORDER_STATUS_LABELS[order.status].toLowerCase()}.`;
    } else {
      const from = packingLocations(figures, locations);
      const wanted = state.form?.locationId ?? state.location;
      const locationId = from.find((l) => l.id === wanted)?.id ?? from[0]?.id ?? null;
      if (locationId) {
        const packable = packableAt(figures, locationId);
        // A refused form shows every line that was typed, even one this location does not hold
        // (the refusal is about it), so the message sits beside it with what was typed.
        for (const line of order.lines) {
          if (state.form?.locationId === locationId && line.id in state.form.quantities && !packable.some((p) => p.line.id === line.id)) packable.push({ line, max: 0 });
        }
        const form = state.form && state.form.locationId === locationId ? state.form : { ...newPackForm(order, locationId, packable), ...(state.form ? { carrier: state.form.carrier, service: state.form.service, trackingNumber: state.form.trackingNumber } : {}) };
        packing = { locations: from, locationId, packable, form, errors: state.errors };
      } else {
        notPackable = 'Every unit of this order is in a parcel.';
      }
    }
    // A pack refused because the order cannot be packed at all: there is no form to show it beside.
    const refusal = state.refusal ?? (state.errors && !packing ? { title: 'Nothing was packed', detail: state.errors.list.map((e) => e.message).join(' ') } : undefined);
    const page = (
      <OrderFulfillmentPage
        ctx={await app.pages.context(request)}
        nav={nav(staff)}
        order={order}
        figures={figures}
        parcels={parcels}
        locations={locations}
        packing={packing}
        notPackable={notPackable}
        notice={state.notice}
        refusal={refusal}
        today={localDateOf(platform.clock.now(), fmt.timeZone)}
        format={fmt}
      />
    );
    return sendPage(reply, page, status);
  }

  async function requireOrder(number: string): Promise<Order> {
    const order = await orderByNumber(db(), number);
    if (!order) throw orderNotFound();
    return order;
  }

  app.get<{ Params: { number: string }; Querystring: { location?: string; notice?: string } }>(
    `${FULFILLMENT_PATH}/orders/:number`,
    { config, schema: { params: NumberParams, querystring: Type.Object({ location: Type.Optional(Type.String({ maxLength: 64 })), notice: Notice }) } },
    async (request, reply) => {
      const staff = await fulfiller(request);
      const order = await requireOrder(request.params.number);
      if (order.number !== request.params.number) return reply.redirect(orderConsolePath(order.number), 301);
      return sendOrder(request, reply, staff, order, { location: request.query.location, notice: NOTICES[request.query.notice ?? ''] });
    },
  );

  app.post<{ Params: { number: string } }>(packPath(':number'), { config, schema: { params: NumberParams } }, async (request, reply) => {
    const staff = await fulfiller(request);
    const order = await requireOrder(request.params.number);
    const { form, request: pack, errors } = parsePackForm(order, formBody(request));
    if (!pack) return sendOrder(request, reply, staff, order, { form, errors }, 400);
    try {
      const parcel = await platform.database.transaction((tx) => packShipment(platform, tx, pack, byStaff(staff)));
      return reply.redirect(`${orderConsolePath(order.number)}?notice=packed#parcel-${parcel.id}`, 303);
    } catch (error) {
      if (!(error instanceof Problem) || error.status >= 500) throw error;
      // The order as it is now: someone else may have packed or started it meanwhile.
      const now = (await orderById(db(), order.id)) ?? order;
      return sendOrder(request, reply, staff, now, { form, errors: packErrors(error, now) }, error.status);
    }
  });

  // ---- Parcels ------------------------------------------------------------------------------

  async function parcelAndOrder(shipmentId: string) {
    const parcel = await shipmentById(db(), shipmentId);
    if (!parcel) throw parcelNotFound();
    const order = await orderById(db(), parcel.orderId);
    if (!order) throw orderNotFound();
    return { parcel, order };
  }

  /** A refused action on a parcel: the order's page again, saying why. */
  async function refuse(request: FastifyRequest, reply: FastifyReply, staff: Fulfiller, orderId: string, problem: Problem) {
    const order = await orderById(db(), orderId);
    if (!order) throw orderNotFound();
    return sendOrder(request, reply, staff, order, { refusal: { title: problem.title, detail: problem.detail } }, problem.status);
  }

  app.post<{ Params: { shipmentId: string } }>(shipPath(':shipmentId'), { config, schema: { params: ParcelParams } }, async (request, reply) => {
    const staff = await fulfiller(request);
    const { parcel, order } = await parcelAndOrder(request.params.shipmentId);
    try {
      const moved = await platform.database.transaction(async (tx) => {
        // The parcel, then its order: the order every parcel move locks in.
        await tx.select({ id: shipments.id }).from(shipments).where(eq(shipments.id, parcel.id)).for('update');
        const current = await lockOrder(tx, parcel.orderId);
        if (current && (current.status === 'on_hold' || current.status === 'cancelled')) {
          throw new Problem({
            status: 409,
            type: 'order-not-shippable',
            title: `Order ${current.number} is ${ORDER_STATUS_LABELS[current.status].toLowerCase()}: the parcel stays here`,
            detail: current.status === 'on_hold' ? 'Release the order first, then mark the parcel shipped.' : 'Remove the parcel and put its items back.',
          });
        }
        try {
          return await moveShipment(platform, tx, parcel.id, 'shipped', byStaff(staff, `Parcel ${parcel.trackingNumber} handed to the carrier`));
        } catch (error) {
          if (!(error instanceof ReservationError)) throw error;
          throw new Problem({ status: 409, type: 'stock-not-on-hand', title: 'The parcel cannot leave: inventory does not have its units', detail: error.message });
        }
      });
      return reply.redirect(`${orderConsolePath(order.number)}?notice=${moved.moved ? 'shipped' : 'already'}#parcel-${parcel.id}`, 303);
    } catch (error) {
      if (!(error instanceof Problem) || error.status >= 500) throw error;
      return refuse(request, reply, staff, order.id, error);
    }
  });

  app.post<{ Params: { shipmentId: string } }>(removePath(':shipmentId'), { config, schema: { params: ParcelParams } }, async (request, reply) => {
    const staff = await fulfiller(request);
    const { parcel, order } = await parcelAndOrder(request.params.shipmentId);
    try {
      await platform.database.transaction((tx) => removeParcel(platform, tx, parcel.id, byStaff(staff)));
      return reply.redirect(`${orderConsolePath(order.number)}?notice=removed`, 303);
    } catch (error) {
      if (!(error instanceof Problem) || error.status >= 500) throw error;
      return refuse(request, reply, staff, order.id, error);
    }
  });

  app.get<{ Params: { shipmentId: string } }>(slipPath(':shipmentId'), { config, schema: { params: ParcelParams } }, async (request, reply) => {
    await fulfiller(request);
    const { parcel, order } = await parcelAndOrder(request.params.shipmentId);
    const page = <PackingSlipPage ctx={await app.pages.context(request)} order={order} parcel={parcel} parcels={await shipmentsOfOrder(db(), order.id)} format={await format()} />;
    return sendPage(reply, page);
  });
}


// The parcels sections of the order pages, as the orders module asks for them: the customer's
// (nothing while no parcel exists: the order's own steps say it all) and the staff's (with who
// packed each parcel, by name).
import type { OrderSectionContext } from '../../orders/index.ts';
import { getStoreProfile } from '../../site/index.ts';
import { staffPrincipal } from '../../staff/index.ts';
import { isCarrierCode, trackingUrl } from '../carriers/numbers/index.ts';
import type { Shipment } from '../shipments/read.ts';
import { orderTracking } from './load.ts';
import { ParcelsSection, type TrackingFormat } from './ParcelsSection.tsx';
import { trackPath } from './routes.tsx';

async function formatOf(ctx: OrderSectionContext): Promise<TrackingFormat> {
  const profile = await getStoreProfile(ctx.platform);
  return { locale: profile.locale, timeZone: profile.timeZone, now: ctx.platform.clock.now() };
}

export async function customerParcels(ctx: OrderSectionContext) {
  const [{ parcels, events }, format] = await Promise.all([orderTracking(ctx.platform, ctx.order), formatOf(ctx)]);
  if (parcels.length === 0) return null;
  return <ParcelsSection order={ctx.order} parcels={parcels} events={events} format={format} trackingHref={(parcel) => trackPath(ctx.platform, ctx.order, parcel.seq, ctx.viewer)} />;
}

/** The carrier's own page, straight: a staff click is not a customer's answer. */
const carrierPage = (parcel: Shipment) => parcel.trackingUrl ?? (isCarrierCode(parcel.carrier) ? trackingUrl(parcel.carrier, parcel.trackingNumber) : null);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** "merchant:<id>" → the staff member's name; the store itself for the system. */
async function packers(ctx: OrderSectionContext, parcels: readonly Shipment[]): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  await Promise.all(
    [...new Set(parcels.map((parcel) => parcel.packedBy))].map(async (label) => {
      const [kind, id] = label.split(':');
      const person = id && UUID.test(id) && (kind === 'merchant' || kind === 'agent') ? await staffPrincipal(ctx.platform.database.db, id) : null;
      names.set(label, person?.name ?? (kind === 'system' ? 'the store' : label));
    }),
  );
  return names;
}

export async function staffParcels(ctx: OrderSectionContext) {
  const [{ parcels, events }, format] = await Promise.all([orderTracking(ctx.platform, ctx.order), formatOf(ctx)]);
  if (parcels.length === 0) return null;
  return <ParcelsSection order={ctx.order} parcels={parcels} events={events} format={format} trackingHref={carrierPage} packers={await packers(ctx, parcels)} />;
}

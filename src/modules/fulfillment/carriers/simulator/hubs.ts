// The sorting hubs each simulated carrier routes parcels through, so a timeline reads like the
// carrier's own: UPS through Worldport in Louisville, FedEx through Memphis, USPS through its
// network distribution centres, DHL through Cincinnati. The first hub of a parcel is where it
// leaves from; one or two others may follow before the facility nearest the customer.
import type { CarrierCode } from '../numbers/index.ts';
import type { SimulatedPlace } from './schema.ts';

const us = (city: string, region: string): SimulatedPlace => ({ city, region, country: 'US' });

export const HUBS: Readonly<Record<CarrierCode, readonly SimulatedPlace[]>> = {
  ups: [us('Louisville', 'KY'), us('Hodgkins', 'IL'), us('Secaucus', 'NJ'), us('Atlanta', 'GA'), us('Mesquite', 'TX'), us('Ontario', 'CA'), us('Philadelphia', 'PA')],
  fedex: [us('Memphis', 'TN'), us('Indianapolis', 'IN'), us('Hagerstown', 'MD'), us('Edison', 'NJ'), us('Fort Worth', 'TX'), us('Oakland', 'CA'), us('Kansas City', 'KS')],
  usps: [us('Kearny', 'NJ'), us('Philadelphia', 'PA'), us('Chicago', 'IL'), us('Atlanta', 'GA'), us('Dallas', 'TX'), us('Denver', 'CO'), us('Los Angeles', 'CA')],
  dhl: [us('Hebron', 'KY'), us('Edgewood', 'NY'), us('Melrose Park', 'IL'), us('Atlanta', 'GA'), us('Grand Prairie', 'TX'), us('Compton', 'CA'), us('Miami', 'FL')],
};

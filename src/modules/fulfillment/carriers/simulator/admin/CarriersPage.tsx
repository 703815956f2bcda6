// /admin/fulfillment/carriers: how carrier tracking reaches the store (the signed webhook each
// carrier posts to), and while the built-in carrier simulator runs, its fault switches (to
// rehearse address problems, delays and unreliable webhooks before a busy week), the parcels
// it is still to report on with a button to move each on, and its recent webhook deliveries.
import { Button } from '../../../../../web/components/Button.tsx';
import { ErrorSummary } from '../../../../../web/components/ErrorSummary.tsx';
import { Field } from '../../../../../web/components/Field.tsx';
import { Form } from '../../../../../web/components/Form.tsx';
import { Notice } from '../../../../../web/components/Notice.tsx';
import type { PageContext } from '../../../../../web/context.ts';
import { formatDateTime } from '../../../../../web/dates.ts';
import type { FormErrors } from '../../../../../web/forms/form-errors.ts';
import { AdminLayout, type AdminNavItem } from '../../../../../web/layout/AdminLayout.tsx';
import type { TrackingCode } from '../../../states.ts';
import { SIGNATURE_HEADER, SIGNATURE_TOLERANCE_SECONDS } from '../../wire.ts';
import { FAULT_FIELDS, type CarrierFaultsForm } from './faults-form.ts';

export const CARRIERS_PATH = '/admin/fulfillment/carriers';
export const CARRIER_FAULTS_PATH = `${CARRIERS_PATH}/faults`;
export const CARRIER_ADVANCE_PATH = `${CARRIERS_PATH}/advance`;

export interface ParcelInFlight {
  carrier: string;
  trackingNumber: string;
  nextCode: TrackingCode;
  nextAt: Date;
  pending: number;
}

export interface DeliveryRow {
  carrier: string;
  attemptedAt: Date;
  events: number;
  outcome: string;
  status: number;
  duplicate: boolean;
  answer: string;
}

export interface CarriersPageProps {
  ctx: PageContext;
  nav: AdminNavItem[];
  locale: string;
  timeZone: string;
  webhookUrl: string;
  simulator: {
    faults: { form: CarrierFaultsForm; errors?: FormErrors };
    parcels: ParcelInFlight[];
    deliveries: DeliveryRow[];
  } | null;
  notice?: string | undefined;
}

const CODE_WORDS: Record<TrackingCode, string> = {
  label_created: 'Label created',
  picked_up: 'Picked up',
  in_transit: 'In transit',
  out_for_delivery: 'Out for delivery',
  delivered: 'Delivered',
  exception: 'Exception',
  delayed: 'Delayed',
};

const OUTCOME_WORDS: Record<string, string> = {
  accepted: 'Accepted',
  refused: 'Refused',
  lost: 'Lost (fault)',
  unreachable: 'No answer',
};

export function CarriersPage({ ctx, nav, locale, timeZone, webhookUrl, simulator, notice }: CarriersPageProps) {
  const when = (date: Date) => formatDateTime(date, locale, timeZone);
  return (
    <AdminLayout ctx={ctx} title="Carriers" nav={nav}>
      <h1>Carriers</h1>
      <Notice message={notice} />
      <dl>
        <dt>Tracking events</dt>
        <dd>
          {simulator
            ? 'From the built-in carrier simulator for UPS, FedEx, USPS and DHL: it plans each parcel’s journey when it is packed and reports it as it happens. No real carrier is asked.'
            : 'The carrier simulator is off (CARRIER_SIMULATOR=false): events arrive only from signed webhooks.'}
        </dd>
        <dt>Webhooks</dt>
        <dd>
          POST to <code>{webhookUrl}</code> (<code>ups</code>, <code>fedex</code>, <code>usps</code> or <code>dhl</code>), signed in the <code>{SIGNATURE_HEADER}</code> header; a signature more than {SIGNATURE_TOLERANCE_SECONDS / 60} minutes old is refused.
        </dd>
      </dl>
      {simulator && (
        <>
          <section aria-labelledby="faults-title">
            <h2 id="faults-title">Simulated faults</h2>
            <p>Switch faults on to see how the order pages and the delay checks cope. Parcel faults apply to parcels packed from now on; webhook faults from the next delivery. Set everything to 0 to go back to normal.</p>
            {simulator.faults.errors && <ErrorSummary errors={simulator.faults.errors.list} />}
            <Form csrfToken={ctx.csrfToken} action={CARRIER_FAULTS_PATH} aria-labelledby="faults-title" noValidate>
              {FAULT_FIELDS.map(({ field, label, hint }) => (
                <Field key={field} name={field} label={label} hint={hint} value={simulator.faults.form[field]} error={simulator.faults.errors?.for(field)} maxLength={5} required />
              ))}
              <Button>Save faults</Button>
            </Form>
          </section>
          <section aria-labelledby="parcels-title">
            <h2 id="parcels-title">Parcels still on their way</h2>
            {simulator.parcels.length === 0 ? (
              <p>Every parcel’s events have been sent.</p>
            ) : (
              <table class="table">
                <thead>
                  <tr>
                    <th scope="col">Parcel</th>
                    <th scope="col">Next event</th>
                    <th scope="col">Events to come</th>
                    <th scope="col">Move it on now</th>
                  </tr>
                </thead>
                <tbody>
                  {simulator.parcels.map((parcel) => (
                    <tr key={`${parcel.carrier}-${parcel.trackingNumber}`}>
                      <td>
                        {parcel.carrier.toUpperCase()} <code>{parcel.trackingNumber}</code>
                      </td>
                      <td>
                        {CODE_WORDS[parcel.nextCode]}, {when(parcel.nextAt)}
                      </td>
                      <td>{parcel.pending}</td>
                      <td>
                        <Form csrfToken={ctx.csrfToken} action={CARRIER_ADVANCE_PATH} class="inline-form">
                          <input type="hidden" name="trackingNumber" value={parcel.trackingNumber} />
                          <Button variant="secondary" name="to" value="next">
                            Next event
                          </Button>{' '}
                          <Button variant="secondary" name="to" value="delivered">
                            Deliver
                          </Button>
                        </Form>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
          <section aria-labelledby="deliveries-title">
            <h2 id="deliveries-title">Recent webhook deliveries</h2>
            {simulator.deliveries.length === 0 ? (
              <p>None yet.</p>
            ) : (
              <table class="table">
                <thead>
                  <tr>
                    <th scope="col">When</th>
                    <th scope="col">Carrier</th>
                    <th scope="col">Events</th>
                    <th scope="col">Outcome</th>
                    <th scope="col">Store’s answer</th>
                  </tr>
                </thead>
                <tbody>
                  {simulator.deliveries.map((delivery, index) => (
                    <tr key={index}>
                      <td>{when(delivery.attemptedAt)}</td>
                      <td>{delivery.carrier.toUpperCase()}</td>
                      <td>
                        {delivery.events}
                        {delivery.duplicate && ' (sent again)'}
                      </td>
                      <td>{OUTCOME_WORDS[delivery.outcome] ?? delivery.outcome}</td>
                      <td>
                        {delivery.status > 0 && `${delivery.status} `}
                        <code>{delivery.answer.slice(0, 120)}</code>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
        </>
      )}
    </AdminLayout>
  );
}

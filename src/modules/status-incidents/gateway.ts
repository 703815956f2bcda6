// The payment gateway's circuit breaker on the status page: when it opens, the store opens
// one incident (payments partly working: orders are still taken, paid by link later); when it
// closes, the store resolves it. Several failed calls, or several processes whose breakers
// open together, meet on the open automatic incident's unique key.
import type { Platform } from '../../platform/platform.ts';
import { onGatewayCircuitChange } from '../payments/index.ts';
import { openAutomaticIncident, resolveAutomaticIncident } from './incidents.ts';

export const GATEWAY_INCIDENT_KEY = 'payments-gateway';

export const GATEWAY_INCIDENT = {
  title: 'Card payments are not going through',
  message:
    'Our payment provider is not answering. You can still place your order: it is recorded, your items are held, and we email you a link to pay once card payments are back. Nothing is charged meanwhile.',
  resolved: 'Card payments are working again. Orders placed meanwhile can be paid with the link we emailed.',
};

export async function gatewayCircuitChanged(platform: Platform, status: 'open' | 'closed'): Promise<void> {
  if (status === 'open') {
    const incident = await openAutomaticIncident(platform, GATEWAY_INCIDENT_KEY, { title: GATEWAY_INCIDENT.title, components: ['payments'], impact: 'degraded', message: GATEWAY_INCIDENT.message });
    if (incident) platform.log.warn({ incidentId: incident.id }, 'payment gateway circuit open: incident opened');
  } else if (await resolveAutomaticIncident(platform, GATEWAY_INCIDENT_KEY, GATEWAY_INCIDENT.resolved)) {
    platform.log.info('payment gateway circuit closed: incident resolved');
  }
}

export function watchGatewayCircuit(platform: Platform): void {
  onGatewayCircuitChange(platform, (status) => gatewayCircuitChanged(platform, status));
}

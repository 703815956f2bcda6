// POST /webhooks/carriers/:carrier: a carrier's tracking events. The carrier's adapter checks
// the signature on the raw body (so this route alone parses JSON itself) and reads the batch;
// a missing, forged or stale signature answers 401 and a body that is not a batch answers 400,
// with nothing written either way. A good batch is recorded in one transaction and answered
// 200 with what happened to it, including events about tracking numbers we do not know.
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { App } from '../../../platform/http/app.ts';
import { Problem } from '../../../platform/http/problem.ts';
import type { Platform } from '../../../platform/platform.ts';
import { carrierAdapter } from './adapters.ts';
import { ingestCarrierEvents } from './ingest.ts';
import { isCarrierCode } from './numbers/index.ts';
import { WebhookRejected } from './wire.ts';

export const CARRIER_WEBHOOK_PATH = '/webhooks/carriers/:carrier';

export const carrierWebhookPath = (carrier: string) => `/webhooks/carriers/${carrier}`;

export function registerCarrierWebhookRoute(app: App, platform: Platform): void {
  void app.register(async (scope: FastifyInstance) => {
    scope.removeContentTypeParser('application/json');
    scope.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit: 512 * 1024 }, (_request, body, done) => done(null, body));
    scope.post<{ Params: { carrier: string } }>(
      CARRIER_WEBHOOK_PATH,
      { config: { access: 'public', csrf: false }, schema: { params: Type.Object({ carrier: Type.String({ maxLength: 20 }) }) } },
      async (request, reply) => {
        const { carrier } = request.params;
        if (!isCarrierCode(carrier)) throw new Problem({ status: 404, type: 'unknown-carrier', title: 'We do not ship with that carrier' });
        const body = request.body;
        if (!Buffer.isBuffer(body)) throw new Problem({ status: 400, type: 'webhook-malformed', title: 'The webhook is not valid', detail: 'Expected a JSON body.' });
        let events;
        try {
          events = carrierAdapter(platform, carrier).parseWebhook(body, request.headers);
        } catch (error) {
          if (!(error instanceof WebhookRejected)) throw error;
          request.log.warn({ reqId: request.id, carrier, status: error.status, reason: error.message }, 'carrier webhook rejected');
          throw error.status === 401
            ? new Problem({ status: 401, type: 'webhook-signature', title: 'The webhook signature is not valid' })
            : new Problem({ status: 400, type: 'webhook-malformed', title: 'The webhook is not a batch of tracking events', detail: error.message });
        }
        return reply.send(await ingestCarrierEvents(platform, carrier, events));
      },
    );
  });
}

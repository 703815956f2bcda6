// POST /webhooks/email/bounces: the mail provider forwards a bounce (DSN) or a spam complaint
// (ARF) as the raw message, with the shared secret in a header. A missing or wrong secret
// answers 401 and a body that is not such a report 400, with nothing changed either way; a
// report is applied in one transaction and answered 200 with what it changed.
import type { FastifyInstance } from 'fastify';
import type { App } from '../../../platform/http/app.ts';
import { Problem } from '../../../platform/http/problem.ts';
import type { Platform } from '../../../platform/platform.ts';
import { applyMailReport, EMAIL_WEBHOOK_SECRET_HEADER, isEmailWebhookSecret } from './bounces.ts';
import { MalformedReport, readMailReport } from './reports.ts';

export const EMAIL_WEBHOOK_PATH = '/webhooks/email/bounces';

/** How providers label a raw message; all are read the same way. */
const RAW_MESSAGE_TYPES = ['message/rfc822', 'text/plain', 'application/octet-stream'];

export function registerEmailWebhookRoute(app: App, platform: Platform): void {
  void app.register(async (scope: FastifyInstance) => {
    scope.addContentTypeParser(RAW_MESSAGE_TYPES, { parseAs: 'buffer', bodyLimit: 4 * 1024 * 1024 }, (_request, body, done) => done(null, body));
    scope.post(EMAIL_WEBHOOK_PATH, { config: { access: 'public', csrf: false } }, async (request, reply) => {
      const given = request.headers[EMAIL_WEBHOOK_SECRET_HEADER];
      if (!isEmailWebhookSecret(platform.config, typeof given === 'string' ? given : undefined)) {
        request.log.warn({ reqId: request.id }, 'email webhook refused: wrong or missing secret');
        throw new Problem({ status: 401, type: 'webhook-secret', title: 'The webhook secret is not valid', detail: `Send the shared secret in the ${EMAIL_WEBHOOK_SECRET_HEADER} header.` });
      }
      const body = request.body;
      if (!Buffer.isBuffer(body) || body.length === 0) {
        throw new Problem({ status: 400, type: 'email-report-malformed', title: 'The body is not a bounce or complaint report', detail: 'Expected the raw message (Content-Type: message/rfc822).' });
      }
      let report;
      try {
        report = await readMailReport(body);
      } catch (error) {
        if (!(error instanceof MalformedReport)) throw error;
        throw new Problem({ status: 400, type: 'email-report-malformed', title: 'The body is not a bounce or complaint report', detail: error.message });
      }
      return reply.send(await applyMailReport(platform, report));
    });
  });
}

// Inbound mail's HTTP side and its start and stop:
// - POST /webhooks/email/inbound: a mail provider posts a received message, raw
//   (message/rfc822, text/plain or application/octet-stream) or as the field `raw` or `email`
//   of a JSON, form or multipart body, as providers' "inbound parse" hooks do, with the shared secret of
//   the email webhooks in its header (a `dkim` field beside it is the provider's DKIM verdicts). A wrong or missing secret: 401, nothing stored. Answers
//   what became of the message; a message over the size limit is recorded and answered 413.
// - GET /admin/support/:number/attachments/:id: a kept attachment, to staff who may see
//   tickets, always as a download (Content-Disposition: attachment) with the type from the
//   allow-list, nosniff and a sandboxing CSP: a file from a stranger never renders in our origin.
// - The SMTP listener, started once the store is ready when INBOUND_SMTP_PORT is set, and
//   closed with the app.
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { App } from '../../../platform/http/app.ts';
import { Problem } from '../../../platform/http/problem.ts';
import { EMAIL_WEBHOOK_SECRET_HEADER, isEmailWebhookSecret } from '../../../platform/mail/webhook-secret.ts';
import type { Platform } from '../../../platform/platform.ts';
import { staffWith } from '../../staff/index.ts';
import { ticketByNumber } from '../read.ts';
import { ingestEmail } from './ingest.ts';
import { keptAttachment } from './read.ts';
import { providerDkimResults, type AuthResult } from './sender-check.ts';
import { createInboundSmtp, type InboundSmtp } from './smtp.ts';
import { readStoredFile } from './storage.ts';

export const INBOUND_WEBHOOK_PATH = '/webhooks/email/inbound';
export const attachmentPath = (ticketNumber: string, attachmentId: string) => `/admin/support/${ticketNumber}/attachments/${attachmentId}`;

const RAW_TYPES = ['message/rfc822', 'text/plain', 'application/octet-stream'];
const FIELDS = ['raw', 'email'] as const;
const UUID = '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$';

const malformed = (detail: string) => new Problem({ status: 400, type: 'inbound-email-malformed', title: 'The body is not an email message', detail });

/** The raw message from whichever shape the provider posted. */
function rawMessage(request: FastifyRequest): Buffer {
  const body = request.body;
  if (Buffer.isBuffer(body)) {
    if (body.length === 0) throw malformed('The body is empty: send the raw message (Content-Type: message/rfc822).');
    return body;
  }
  if (body && typeof body === 'object') {
    for (const field of FIELDS) {
      const value = (body as Record<string, unknown>)[field];
      if (typeof value === 'string' && value !== '') return Buffer.from(value, 'utf8');
      if (Buffer.isBuffer(value) && value.length > 0) return value;
    }
  }
  throw malformed('Send the raw message as the body (Content-Type: message/rfc822), or in the field "raw" or "email" of a JSON, form or multipart body.');
}

/** The DKIM verdicts a provider posted beside the message (SendGrid's inbound parse: the field `dkim`). */
function vouchedChecks(request: FastifyRequest): AuthResult[] {
  const body = request.body;
  const dkim = body && typeof body === 'object' && !Buffer.isBuffer(body) ? (body as Record<string, unknown>).dkim : undefined;
  return typeof dkim === 'string' ? providerDkimResults(dkim) : [];
}

const smtpListeners = new WeakMap<Platform, InboundSmtp>();

/** The running SMTP listener's port, or null when it does not run. */
export function inboundSmtpPort(platform: Platform): number | null {
  return smtpListeners.get(platform)?.port() ?? null;
}

/** Starts the SMTP listener when configured; the store calls this once it is ready. */
export async function startInboundSmtp(platform: Platform): Promise<void> {
  await smtpListeners.get(platform)?.listen();
}

export function registerInboundMail(app: App, platform: Platform): void {
  // Room for the limit once a message is escaped into JSON; beyond it the server refuses before reading.
  const bodyLimit = Math.ceil(platform.config.inboundEmail.maxBytes * 1.5) + 64 * 1024;

  void app.register(async (scope: FastifyInstance) => {
    // Providers that post a form (SendGrid's inbound parse with "send raw") use multipart: the message is the field `email`, as text or as the one file allowed.
    await scope.register(multipart, { attachFieldsToBody: 'keyValues', limits: { fieldSize: bodyLimit, fileSize: bodyLimit, files: 1, fields: 50, parts: 51, headerPairs: 50 } });
    scope.addContentTypeParser(RAW_TYPES, { parseAs: 'buffer', bodyLimit }, (_request, body, done) => done(null, body));
    scope.removeContentTypeParser(['application/json', 'application/x-www-form-urlencoded']);
    scope.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit }, (_request, body, done) => {
      try {
        done(null, JSON.parse(body as string));
      } catch {
        done(malformed('The JSON body could not be read.'), undefined);
      }
    });
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit }, (_request, body, done) => done(null, Object.fromEntries(new URLSearchParams(body as string))));

    // The secret before the body: a caller without it gets nothing read.
    const checkSecret = async (request: FastifyRequest) => {
      const given = request.headers[EMAIL_WEBHOOK_SECRET_HEADER];
      if (!isEmailWebhookSecret(platform.config, typeof given === 'string' ? given : undefined)) {
        request.log.warn({ reqId: request.id }, 'inbound email webhook refused: wrong or missing secret');
        throw new Problem({ status: 401, type: 'webhook-secret', title: 'The webhook secret is not valid', detail: `Send the shared secret in the ${EMAIL_WEBHOOK_SECRET_HEADER} header.` });
      }
    };
    scope.post(INBOUND_WEBHOOK_PATH, { config: { access: 'public', csrf: false }, bodyLimit, onRequest: checkSecret }, async (request, reply) => {
      const result = await ingestEmail(platform, rawMessage(request), { via: 'webhook', vouched: vouchedChecks(request) });
      if (result.outcome === 'refused') {
        throw new Problem({ status: 413, type: 'inbound-email-refused', title: 'The message was not taken', detail: `${result.detail ?? 'Refused'}. It was recorded.` });
      }
      return reply.status(result.duplicate ? 200 : 201).send({ outcome: result.outcome, duplicate: result.duplicate, ticket: result.ticketNumber });
    });
  });

  app.get<{ Params: { number: string; id: string } }>(
    '/admin/support/:number/attachments/:id',
    { config: { access: ['agent', 'lead', 'admin'] }, schema: { params: Type.Object({ number: Type.String({ minLength: 1, maxLength: 32 }), id: Type.String({ pattern: UUID }) }) } },
    async (request, reply) => {
      await staffWith(request, 'tickets.view');
      const notFound = () => new Problem({ status: 404, type: 'attachment-not-found', title: 'We could not find that attachment' });
      const ticket = await ticketByNumber(platform.database.db, request.params.number);
      const file = ticket ? await keptAttachment(platform.database.db, ticket.id, request.params.id) : null;
      const bytes = file ? await readStoredFile(platform.config.dataDir, file.storedPath) : null;
      if (!file || !bytes) throw notFound();
      const ascii = file.filename.replace(/[^\x20-\x7e]|["\\]/g, '_');
      return reply
        .header('content-disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.filename)}`)
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', "default-src 'none'; sandbox")
        .header('cache-control', 'private, no-store')
        .type(file.servedType)
        .send(bytes);
    },
  );

  if (platform.config.inboundEmail.smtpPort !== undefined) {
    const listener = createInboundSmtp(platform);
    smtpListeners.set(platform, listener);
    app.addHook('onClose', () => listener.close());
  }
}

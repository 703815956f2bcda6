// Inbound mail's settings: the SMTP listener off unless INBOUND_SMTP_PORT is set, the domains
// it takes mail for (MAIL_REPLY_TO's unless set), the size limit, the receiving hosts whose
// verdicts on senders are trusted (none unless set), and clear errors for bad values.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadConfig } from '../../../config.ts';

describe('inbound mail settings', () => {
  it('has no listener by default, takes mail for the reply address’s domain, up to 25 MiB', () => {
    const config = loadConfig({ BASE_URL: 'https://shop.example.com', HOST: '127.0.0.1' });
    assert.deepEqual(config.inboundEmail, { smtpPort: undefined, smtpHost: '127.0.0.1', domains: ['shop.example.com'], maxBytes: 25 * 1024 * 1024, trustedAuthservIds: [] });
    assert.deepEqual(loadConfig({ MAIL_REPLY_TO: 'help@Desk.Example.org' }).inboundEmail.domains, ['desk.example.org']);
  });

  it('reads the port, host, domains, limit and trusted receiving hosts', () => {
    const config = loadConfig({
      INBOUND_SMTP_PORT: '2525',
      INBOUND_SMTP_HOST: '0.0.0.0',
      INBOUND_EMAIL_DOMAINS: 'shop.example.com, Help.Example.com',
      INBOUND_EMAIL_MAX_BYTES: '1048576',
      INBOUND_TRUSTED_AUTHSERV_IDS: 'mx.google.com, MX.Provider.example',
    });
    assert.deepEqual(config.inboundEmail, { smtpPort: 2525, smtpHost: '0.0.0.0', domains: ['shop.example.com', 'help.example.com'], maxBytes: 1048576, trustedAuthservIds: ['mx.google.com', 'mx.provider.example'] });
  });

  it('names a bad value', () => {
    assert.throws(() => loadConfig({ INBOUND_SMTP_PORT: 'smtp' }), /INBOUND_SMTP_PORT="smtp" is not valid/);
    assert.throws(() => loadConfig({ INBOUND_EMAIL_DOMAINS: 'shop.example.com,not a domain' }), /INBOUND_EMAIL_DOMAINS has "not a domain"/);
    assert.throws(() => loadConfig({ INBOUND_TRUSTED_AUTHSERV_IDS: 'mx.google.com;spf=pass' }), /INBOUND_TRUSTED_AUTHSERV_IDS has "mx.google.com;spf=pass"/);
    assert.throws(() => loadConfig({ INBOUND_EMAIL_MAX_BYTES: '10' }), /INBOUND_EMAIL_MAX_BYTES="10" is not valid: expected a whole number from 1024/);
  });
});

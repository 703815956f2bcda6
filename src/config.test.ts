import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from './config.ts';

describe('configuration', () => {
  it('has working defaults: embedded database, dev mailbox, port 3000', () => {
    const config = loadConfig({});
    assert.equal(config.port, 3000);
    assert.equal(config.databaseUrl, undefined);
    assert.equal(config.smtpUrl, undefined);
    assert.equal(config.baseUrl, 'http://localhost:3000');
    assert.equal(config.demoData, true);
    assert.equal(config.worker, true);
    assert.match(config.dataDir, /\/data$/);
  });

  it('reads every variable', () => {
    const config = loadConfig({
      PORT: '8080',
      HOST: '0.0.0.0',
      DATABASE_URL: 'postgres://u:p@db:5432/shop',
      DATA_DIR: '/var/lib/doorstep',
      SMTP_URL: 'smtp://mail:25',
      BASE_URL: 'https://shop.example/',
      SESSION_SECRET: 'x'.repeat(40),
      LOG_LEVEL: 'warn',
      WORKER: 'false',
      NODE_ENV: 'production',
    });
    assert.equal(config.port, 8080);
    assert.equal(config.host, '0.0.0.0');
    assert.equal(config.databaseUrl, 'postgres://u:p@db:5432/shop');
    assert.equal(config.dataDir, '/var/lib/doorstep');
    assert.equal(config.smtpUrl, 'smtp://mail:25');
    assert.equal(config.baseUrl, 'https://shop.example', 'trailing slash dropped');
    assert.equal(config.logLevel, 'warn');
    assert.equal(config.worker, false);
    assert.equal(config.demoData, false, 'no demo data by default on PostgreSQL');
  });

  const bad: [Record<string, string>, RegExp][] = [
    [{ PORT: 'eighty' }, /^PORT="eighty" is not valid: expected a whole number from 0 to 65535$/],
    [{ PORT: '70000' }, /^PORT=/],
    [{ DATABASE_URL: 'mysql://x' }, /^DATABASE_URL has protocol "mysql:": expected postgres: or postgresql:/],
    [{ DATABASE_URL: 'not a url' }, /^DATABASE_URL is not a valid URL/],
    [{ SMTP_URL: 'http://mail' }, /^SMTP_URL has protocol/],
    [{ BASE_URL: 'ftp://x' }, /^BASE_URL has protocol/],
    [{ LOG_LEVEL: 'loud' }, /^LOG_LEVEL="loud" is not valid: expected one of fatal, error/],
    [{ SESSION_SECRET: 'short' }, /^SESSION_SECRET is too short/],
    [{ NODE_ENV: 'production' }, /^SESSION_SECRET is required when NODE_ENV=production/],
    [{ WORKER: 'maybe' }, /^WORKER="maybe" is not valid: expected true or false$/],
  ];
  for (const [env, message] of bad) {
    it(`rejects ${JSON.stringify(env)} with one clear line`, () => {
      assert.throws(() => loadConfig(env), (error: unknown) => error instanceof ConfigError && message.test(error.message));
    });
  }

  it('never echoes a password from a bad DATABASE_URL', () => {
    assert.throws(() => loadConfig({ DATABASE_URL: 'mysql://user:secret@db/x' }), (error: Error) => !error.message.includes('secret'));
  });

  it('makes the process exit at start with the one line', () => {
    const result = spawnSync(process.execPath, ['--import', './src/platform/runtime/jsx-hooks.ts', 'src/main.ts'], {
      env: { ...process.env, PORT: 'abc' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    assert.equal(result.status, 1);
    assert.equal(result.stderr.trim(), 'doorstep: PORT="abc" is not valid: expected a whole number from 0 to 65535');
  });
});

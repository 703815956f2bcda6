// The inbound mail files: named by their bytes, stored once, and stored again when the
// folder that held them went missing while the store runs (a cleaned-up or restored DATA_DIR).
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { readStoredFile, storeFile } from './storage.ts';

describe('support: inbound: storage', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'doorstep-storage-'));
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  describe('inbound mail files', () => {
    it('names a file by its bytes, stores it once and reads it back', async () => {
      const bytes = Buffer.from('Subject: hello\r\n\r\nOne message.\r\n');
      const path = await storeFile(dataDir, 'raw', bytes);
      assert.match(path, /^inbound-mail\/raw\/[0-9a-f]{2}\/[0-9a-f]{64}\.eml$/);
      assert.equal(await storeFile(dataDir, 'raw', bytes), path);
      assert.deepEqual(await readStoredFile(dataDir, path), bytes);
      assert.equal(await readStoredFile(dataDir, '../../etc/passwd'), null);
    });

    it('makes its folder again when it went missing after the first file', async () => {
      const first = await storeFile(dataDir, 'files', Buffer.from('first'));
      rmSync(join(dataDir, 'inbound-mail'), { recursive: true, force: true });
      const second = await storeFile(dataDir, 'files', Buffer.from('second'));
      assert.equal(readFileSync(join(dataDir, second), 'utf8'), 'second');
      // The first one is gone with its folder; storing it again brings it back.
      assert.equal(await readStoredFile(dataDir, first), null);
      assert.equal(await storeFile(dataDir, 'files', Buffer.from('first')), first);
      assert.equal(readFileSync(join(dataDir, first), 'utf8'), 'first');
    });
  });
});

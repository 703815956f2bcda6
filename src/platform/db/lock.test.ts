import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { DataDirLockedError, lockDataDir } from './lock.ts';

describe('data-directory lock', () => {
  const dir = mkdtempSync(join(tmpdir(), 'doorstep-lock-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses a second process with a clear message', () => {
    const lock = lockDataDir(dir);
    try {
      const result = spawnSync(process.execPath, ['--import', './src/platform/runtime/jsx-hooks.ts', 'src/main.ts'], {
        env: { ...process.env, DATA_DIR: dir, PORT: '0', LOG_LEVEL: 'silent' },
        encoding: 'utf8',
        timeout: 30_000,
      });
      assert.equal(result.status, 1);
      assert.match(result.stderr, new RegExp(`Another Doorstep process \\(pid ${process.pid}\\) is using the data directory`));
    } finally {
      lock.release();
    }
  });

  it('can be taken again once released', () => {
    lockDataDir(dir).release();
    lockDataDir(dir).release();
  });

  it('takes over a lock left by a process that is gone', () => {
    writeFileSync(join(dir, 'doorstep.lock'), '999999999');
    const lock = lockDataDir(dir);
    lock.release();
  });

  it('refuses within one process too', () => {
    const lock = lockDataDir(dir);
    try {
      // Our own pid is alive, but a lock is never re-entered: a second store would double-open the database.
      writeFileSync(join(dir, 'doorstep.lock'), String(process.ppid));
      assert.throws(() => lockDataDir(dir), DataDirLockedError);
    } finally {
      writeFileSync(join(dir, 'doorstep.lock'), String(process.pid));
      lock.release();
    }
  });
});

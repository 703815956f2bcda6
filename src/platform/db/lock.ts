// The embedded database must be opened by one process only: PGlite has no locking of its
// own, and two processes on one data directory silently lose writes. The lock file holds the
// owner's pid; a lock left by a process that no longer runs (a crash) is taken over.
import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export class DataDirLockedError extends Error {
  override name = 'DataDirLockedError';
}

export interface DataDirLock {
  release(): void;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function lockDataDir(dataDir: string): DataDirLock {
  mkdirSync(dataDir, { recursive: true });
  const lockPath = join(dataDir, 'doorstep.lock');
  const ownPath = `${lockPath}.${process.pid}`;
  writeFileSync(ownPath, String(process.pid));
  try {
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        // link() is atomic and fails when the lock exists: exactly one process wins.
        linkSync(ownPath, lockPath);
        return {
          release() {
            try {
              if (readFileSync(lockPath, 'utf8') === String(process.pid)) unlinkSync(lockPath);
            } catch {
              // already gone
            }
          },
        };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const owner = Number(readFileSync(lockPath, 'utf8'));
      if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && isRunning(owner)) {
        throw new DataDirLockedError(
          `Another Doorstep process (pid ${owner}) is using the data directory ${dataDir}. ` +
            'Stop it first, or set DATA_DIR to another directory. (Command-line tools talk to the running store instead.)',
        );
      }
      unlinkSync(lockPath); // left behind by a process that is gone
    }
    throw new DataDirLockedError(`Could not lock the data directory ${dataDir}; another process is starting on it.`);
  } finally {
    unlinkSync(ownPath);
  }
}

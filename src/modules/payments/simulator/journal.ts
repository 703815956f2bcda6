// An append-only JSON-lines file: each change is one line, written synchronously before the
// change is answered, and read back in order at start. A process killed mid-write leaves at
// most a torn last line, which replay skips.
import { appendFileSync, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { dirname } from 'node:path';

export interface Journal<T> {
  replay(): T[];
  append(entry: T): void;
}

export function fileJournal<T>(path: string): Journal<T> {
  mkdirSync(dirname(path), { recursive: true });
  // A torn last line gets its own line ending, so the next entry does not join it.
  if (existsSync(path) && statSync(path).size > 0 && !readFileSync(path, 'utf8').endsWith('\n')) appendFileSync(path, '\n');
  return {
    replay() {
      if (!existsSync(path)) return [];
      const entries: T[] = [];
      for (const line of readFileSync(path, 'utf8').split('\n')) {
        if (line.trim() === '') continue;
        try {
          entries.push(JSON.parse(line) as T);
        } catch {
          // A torn line from a crash mid-write: the change it held was never answered.
        }
      }
      return entries;
    },
    append(entry) {
      appendFileSync(path, `${JSON.stringify(entry)}\n`);
    },
  };
}

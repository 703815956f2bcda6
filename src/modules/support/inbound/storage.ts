// The files of inbound mail under DATA_DIR/inbound-mail: raw messages and kept attachments,
// each named by the SHA-256 of its bytes. Written before the database row that points at
// them (aside, then renamed, so a reader never sees half a file); a message delivered again,
// or an ingestion retried after a failure, writes the same name with the same bytes.
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export type StoredKind = 'raw' | 'files';

const madeFolders = new Set<string>();

async function makeFolder(where: string): Promise<void> {
  await mkdir(where, { recursive: true });
  madeFolders.add(where);
}

export const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** Stores the bytes; returns the path relative to DATA_DIR. */
export async function storeFile(dataDir: string, kind: StoredKind, bytes: Buffer, digest = sha256(bytes)): Promise<string> {
  const folder = join('inbound-mail', kind, digest.slice(0, 2));
  const path = join(folder, kind === 'raw' ? `${digest}.eml` : digest);
  const absolute = join(dataDir, path);
  // No look first: nearly every file is new, and one stored before is replaced by the same bytes.
  const where = join(dataDir, folder);
  // 256 folders per kind: made once each, not at every message (again if one went missing).
  if (!madeFolders.has(where)) await makeFolder(where);
  const aside = `${absolute}.${process.pid}.${Math.random().toString(36).slice(2)}.part`;
  await writeFile(aside, bytes).catch(async (error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') throw error;
    await makeFolder(where);
    await writeFile(aside, bytes);
  });
  await rename(aside, absolute);
  return path;
}

/** The stored bytes, or null when the path is not one this store writes or the file is gone. */
export async function readStoredFile(dataDir: string, path: string): Promise<Buffer | null> {
  if (!/^inbound-mail\/(raw|files)\/[0-9a-f]{2}\/[0-9a-f]{64}(\.eml)?$/.test(path)) return null;
  return readFile(join(dataDir, path)).catch(() => null);
}

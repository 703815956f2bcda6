// A rendered page kept for every anonymous visitor, with its compressed forms made once:
// serving a cached page is a lookup and a send, no rendering and no compression.
import { createHash } from 'node:crypto';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

export type Encoding = 'br' | 'gzip' | 'identity';

export class CachedPage {
  readonly etag: string;
  readonly #identity: Buffer;
  #br: Buffer | undefined;
  #gzip: Buffer | undefined;

  constructor(html: string) {
    this.#identity = Buffer.from(html, 'utf8');
    this.etag = `W/"${createHash('sha1').update(this.#identity).digest('base64url')}"`;
  }

  /** Bytes kept, for the cache's size limit (compressed forms are a fraction of it). */
  get size(): number {
    return Math.ceil(this.#identity.length * 1.4);
  }

  body(encoding: Encoding): Buffer {
    if (encoding === 'br') {
      this.#br ??= brotliCompressSync(this.#identity, { params: { [constants.BROTLI_PARAM_QUALITY]: 6 } });
      return this.#br;
    }
    if (encoding === 'gzip') {
      this.#gzip ??= gzipSync(this.#identity, { level: 6 });
      return this.#gzip;
    }
    return this.#identity;
  }
}

/** The best encoding the client accepts (br, then gzip), honouring q=0 refusals. */
export function preferredEncoding(acceptEncoding: string | undefined): Encoding {
  if (!acceptEncoding) return 'identity';
  const accepted = new Set<string>();
  for (const part of acceptEncoding.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    if (name && !(q && Number(q.slice(2)) === 0)) accepted.add(name);
  }
  if (accepted.has('br')) return 'br';
  if (accepted.has('gzip') || accepted.has('*')) return 'gzip';
  return 'identity';
}

// Fetching a product image from its remote source, defensively: the URL comes from a CSV or
// a merchant form, so it may point anywhere. Only http(s); never to private, loopback or
// link-local addresses (checked on the address actually connected to, so DNS cannot be
// used to slip past); a time limit, a size limit, and an image type both declared and
// confirmed by the file's first bytes.
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { BlockList, isIP, type LookupFunction } from 'node:net';

export const IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/gif', 'image/avif'] as const;
export type ImageType = (typeof IMAGE_TYPES)[number];

export interface FetchLimits {
  timeoutMs: number;
  maxBytes: number;
  maxRedirects: number;
  /** Tests serve images from 127.0.0.1; never set outside tests. */
  allowLoopback: boolean;
}

export const DEFAULT_LIMITS: FetchLimits = { timeoutMs: 5000, maxBytes: 5 * 1024 * 1024, maxRedirects: 3, allowLoopback: false };

/** Why an image could not be fetched. `permanent` failures are not worth another try. */
export class ImageFetchError extends Error {
  override name = 'ImageFetchError';
  readonly permanent: boolean;
  constructor(message: string, permanent: boolean) {
    super(message);
    this.permanent = permanent;
  }
}

const blocked = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  blocked.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['64:ff9b::', 96],
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  blocked.addSubnet(network, prefix, 'ipv6');
}

const LOOPBACK = new Set(['127.0.0.1', '::1']);

/** Whether the store may connect to this address. IPv4-mapped IPv6 is judged as IPv4. */
export function isAllowedAddress(address: string, allowLoopback = false): boolean {
  if (allowLoopback && LOOPBACK.has(address)) return true;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return isAllowedAddress(mapped[1]!, allowLoopback);
  const family = isIP(address);
  if (family === 0) return false;
  return !blocked.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/** A DNS lookup that refuses names resolving to addresses the store must not reach. */
function guardedLookup(allowLoopback: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, '', 0);
      const allowed = addresses.filter((a) => isAllowedAddress(a.address, allowLoopback));
      if (allowed.length === 0) {
        return callback(new ImageFetchError(`${hostname} resolves to an address the store does not fetch from`, true), '', 0);
      }
      if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, allowed);
      callback(null, allowed[0]!.address, allowed[0]!.family);
    });
  };
}

/** The image type its first bytes show, if any of the accepted ones. */
export function sniffImageType(head: Buffer): ImageType | null {
  if (head.length >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'image/jpeg';
  if (head.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (head.subarray(0, 6).toString('latin1') === 'GIF87a' || head.subarray(0, 6).toString('latin1') === 'GIF89a') return 'image/gif';
  if (head.subarray(0, 4).toString('latin1') === 'RIFF' && head.subarray(8, 12).toString('latin1') === 'WEBP') return 'image/webp';
  if (head.subarray(4, 8).toString('latin1') === 'ftyp' && /^avi[fs]$/.test(head.subarray(8, 12).toString('latin1'))) return 'image/avif';
  return null;
}

export interface FetchedImage {
  body: Buffer;
  contentType: ImageType;
}

/** Fetches an image within the limits, following a few redirects (each checked again). */
export async function fetchRemoteImage(source: string, limits: FetchLimits = DEFAULT_LIMITS): Promise<FetchedImage> {
  const signal = AbortSignal.timeout(limits.timeoutMs);
  let url = source;
  for (let hop = 0; hop <= limits.maxRedirects; hop++) {
    const response = await requestOnce(url, limits, signal);
    if (response.redirect) {
      url = new URL(response.redirect, url).href;
      continue;
    }
    return response.image!;
  }
  throw new ImageFetchError('too many redirects', true);
}

function requestOnce(url: string, limits: FetchLimits, signal: AbortSignal): Promise<{ redirect?: string; image?: FetchedImage }> {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return Promise.reject(new ImageFetchError('not a valid URL', true));
  }
  if (target.protocol !== 'http:' && target.protocol !== 'https:') {
    return Promise.reject(new ImageFetchError(`${target.protocol} URLs are not fetched`, true));
  }
  if (target.username || target.password) return Promise.reject(new ImageFetchError('URLs with credentials are not fetched', true));
  // An address written in the URL is never looked up, so it is checked here.
  const literal = target.hostname.replace(/^\[|\]$/g, '');
  if (isIP(literal) && !isAllowedAddress(literal, limits.allowLoopback)) {
    return Promise.reject(new ImageFetchError('the address is one the store does not fetch from', true));
  }
  const client = target.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const request = client.get(
      target,
      { lookup: guardedLookup(limits.allowLoopback), signal, headers: { accept: IMAGE_TYPES.join(', '), 'user-agent': 'Doorstep image fetcher' } },
      (response) => {
        const status = response.statusCode ?? 0;
        if (status >= 300 && status < 400 && response.headers.location) {
          response.resume();
          return resolve({ redirect: response.headers.location });
        }
        if (status !== 200) {
          response.resume();
          // Client errors (gone, forbidden) will not mend; server errors may.
          return reject(new ImageFetchError(`the server answered ${status}`, status >= 400 && status < 500 && status !== 408 && status !== 429));
        }
        const declared = (response.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
        if (!IMAGE_TYPES.includes(declared as ImageType)) {
          response.resume();
          return reject(new ImageFetchError(`content type "${declared || 'none'}" is not an accepted image type`, true));
        }
        const length = Number(response.headers['content-length']);
        if (Number.isFinite(length) && length > limits.maxBytes) {
          response.destroy();
          return reject(new ImageFetchError(`the image is larger than ${limits.maxBytes} bytes`, true));
        }
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > limits.maxBytes) {
            response.destroy();
            reject(new ImageFetchError(`the image is larger than ${limits.maxBytes} bytes`, true));
            return;
          }
          chunks.push(chunk);
        });
        response.on('error', (error) => reject(transient(error)));
        response.on('end', () => {
          if (size > limits.maxBytes) return;
          const body = Buffer.concat(chunks);
          const actual = sniffImageType(body.subarray(0, 16));
          if (actual !== declared) return reject(new ImageFetchError(`the file is not the ${declared} it claims to be`, true));
          resolve({ image: { body, contentType: actual } });
        });
      },
    );
    request.on('error', (error) => reject(error instanceof ImageFetchError ? error : transient(error)));
  });
}

function transient(error: Error): ImageFetchError {
  const message = error.name === 'AbortError' || error.name === 'TimeoutError' ? 'timed out' : error.message;
  return new ImageFetchError(message, false);
}

// Was the sender of an inbound email who the From header says? The receiving mail server (the
// provider that posts to our webhook, or the MX in front of our SMTP listener) checks SPF, DKIM
// and DMARC and writes what it found in an Authentication-Results header (RFC 8601), for
// example:
//   Authentication-Results: mx.google.com; dkim=pass header.i=@example.com;
//     spf=pass smtp.mailfrom=ada@example.com; dmarc=pass (p=NONE) header.from=example.com
// Anyone can put such a header in the message they send, so only headers whose authserv-id (the
// first word) names a host we trust are read (INBOUND_TRUSTED_AUTHSERV_IDS), and of those only
// the topmost: the one the last trusted host added. We read the header instead of checking the
// signatures and DNS records ourselves (what `mailauth` does): the provider checked the message
// as it arrived, before any relay could break a signature, and our checking would need DNS at
// receipt time. A provider that posts its DKIM verdicts beside the message instead (SendGrid's
// inbound parse: the field `dkim`) is believed as its webhook secret is.
//
// pass: DMARC passed, or a DKIM signature passed whose domain is the From address's (or its
// parent's or child's: relaxed alignment without the public-suffix list). fail: DMARC failed.
// unknown: no trusted header, or one that proves neither.
import type { SenderVerdict } from './schema.ts';

export interface AuthResult {
  method: string;
  result: string;
  /** ptype.property → value, lower-cased keys (header.d, header.i, header.from, smtp.mailfrom…). */
  properties: Record<string, string>;
}

export interface AuthenticationResults {
  authservId: string;
  results: AuthResult[];
}

/** The header with each comment (nested parentheses, escapes) turned into a space; quoted strings kept whole. */
function withoutComments(value: string): string {
  let out = '';
  let depth = 0;
  let quoted = false;
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    if (depth > 0) {
      if (c === '\\') i += 1;
      else if (c === '(') depth += 1;
      else if (c === ')') depth -= 1;
    } else if (quoted) {
      out += c;
      if (c === '\\') out += value[++i] ?? '';
      else if (c === '"') quoted = false;
    } else if (c === '(') {
      depth = 1;
      out += ' ';
    } else {
      if (c === '"') quoted = true;
      out += c;
    }
  }
  return out;
}

/** Splits at semicolons outside quoted strings. */
function statements(value: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    if (quoted && c === '\\') {
      current += c + (value[++i] ?? '');
      continue;
    }
    if (c === '"') quoted = !quoted;
    if (c === ';' && !quoted) {
      parts.push(current);
      current = '';
    } else current += c;
  }
  parts.push(current);
  return parts.map((part) => part.trim());
}

const unquote = (value: string) => (value.startsWith('"') && value.endsWith('"') && value.length >= 2 ? value.slice(1, -1) : value);

/** `name = value` pairs of one statement, spaces around "=" allowed. */
function pairs(statement: string): [string, string][] {
  return [...statement.matchAll(/([A-Za-z0-9._/-]+)\s*=\s*("(?:[^"\\]|\\.)*"|[^\s";]+)/g)].map((match) => [match[1]!.toLowerCase(), unquote(match[2]!)]);
}

/** One header's value (unfolded or not); null when it has no authserv-id. */
export function parseAuthenticationResults(value: string): AuthenticationResults | null {
  const [head, ...rest] = statements(withoutComments(value.replace(/\r?\n[ \t]+/g, ' ')));
  // The authserv-id, then an optional version number. A header without one (it starts with a result) names nobody.
  const authservId = /^([^\s=;]+)(\s+\d+)?$/.exec(head ?? '')?.[1]?.toLowerCase();
  if (!authservId) return null;
  const results: AuthResult[] = [];
  for (const statement of rest) {
    const [first, ...others] = pairs(statement);
    if (!first || first[0] === 'reason') continue;
    const properties: Record<string, string> = {};
    for (const [key, val] of others) if (key.includes('.')) properties[key] = val;
    // "dkim/1=pass": the method's version is not ours to judge.
    results.push({ method: first[0].split('/')[0]!, result: first[1].toLowerCase(), properties });
  }
  return { authservId, results };
}

const domainOf = (address: string) => address.slice(address.lastIndexOf('@') + 1).toLowerCase();
const aligned = (a: string, b: string) => a === b || a.endsWith(`.${b}`) || b.endsWith(`.${a}`);

/** SendGrid's `dkim` field, "{@example.com : pass, @mailer.example.net : fail}", as DKIM results. */
export function providerDkimResults(field: string): AuthResult[] {
  return [...field.slice(0, 2000).matchAll(/@([A-Za-z0-9.-]+)\s*:\s*([A-Za-z]+)/g)].map(([, domain, result]) => ({ method: 'dkim', result: result!.toLowerCase(), properties: { 'header.d': domain!.toLowerCase() } }));
}

/**
 * What the topmost Authentication-Results of a trusted host (header values top first), with
 * the results the delivering provider vouched for, say of this sender.
 */
export function senderVerdict(headers: readonly string[], fromAddress: string, trusted: readonly string[], vouched: readonly AuthResult[] = []): SenderVerdict {
  const found = headers.map(parseAuthenticationResults).find((parsed) => parsed !== null && trusted.includes(parsed.authservId));
  const results = [...(found?.results ?? []), ...vouched];
  const dmarc = results.find((r) => r.method === 'dmarc');
  if (dmarc?.result === 'pass') return 'pass';
  if (dmarc?.result === 'fail') return 'fail';
  const from = domainOf(fromAddress);
  const signedByFrom = results.some((r) => {
    if (r.method !== 'dkim' || r.result !== 'pass') return false;
    const signer = r.properties['header.d'] ?? (r.properties['header.i'] ? domainOf(r.properties['header.i']) : '');
    return signer !== '' && aligned(signer.toLowerCase(), from);
  });
  return signedByFrom ? 'pass' : 'unknown';
}

// Reading one inbound message with mailparser into what the desk needs: who sent it, what it
// is called, its text (an HTML-only message's text through html-to-text, as mailparser does,
// or through sanitize-html when mailparser saw the HTML only as an attachment), the Message-IDs
// it answers, whether a machine sent it, whether it is a delivery report, the receiving hosts'
// Authentication-Results, and its attachments.
// Nothing in a message makes this throw: bad MIME, unknown charsets and broken headers give
// what could be read (mailparser decodes an unknown charset as Latin-1/UTF-8 rather than fail).
import { simpleParser, type AddressObject, type HeaderLines, type ParsedMail } from 'mailparser';
import sanitizeHtml from 'sanitize-html';
import { sha256 } from './storage.ts';

/** The full text kept per message; a longer one is cut (the raw message keeps everything). */
export const FULL_TEXT_MAX = 500_000;
/** Longest Message-ID kept as it is; a longer one is replaced by its digest so it can key the message. */
const MESSAGE_ID_MAX = 250;
const REFERENCES_MAX = 50;

export interface InboundAttachment {
  filename: string | undefined;
  contentType: string;
  content: Buffer;
}

export interface ParsedInbound {
  /** `<…>`; derived from the bytes when the message has none. */
  messageId: string;
  fromAddress: string | null;
  fromName: string | null;
  subject: string;
  /** The whole text, quotes and signature included. */
  text: string;
  /** In-Reply-To first, then References from the newest back. */
  answers: { inReplyTo: string[]; references: string[] };
  /** Why it is taken as sent by a machine (no automatic answer), or null. */
  loopReason: string | null;
  /** A multipart/report: a delivery status notification or a complaint. */
  report: boolean;
  /** Every Authentication-Results header's value, topmost (the last host's) first. */
  authenticationResults: string[];
  attachments: InboundAttachment[];
}

const ids = (value: string | string[] | undefined): string[] => [...[value ?? []].flat().join(' ').matchAll(/<[^<>\s]{1,500}>/g)].map((match) => match[0]);

function messageIdOf(mail: ParsedMail, raw: Buffer): string {
  const [given] = ids(mail.messageId);
  if (given && given.length <= MESSAGE_ID_MAX) return given;
  // Without a usable Message-ID the bytes name it: the same message delivered twice is still one.
  return `<${sha256(given ? Buffer.from(given) : raw)}@no-message-id.invalid>`;
}

/** A header line's value, unfolded, as it was written. */
const valueOf = (line: HeaderLines[number]) =>
  line.line
    .slice(line.line.indexOf(':') + 1)
    .replace(/\r?\n[ \t]+/g, ' ')
    .trim();

/** The value of the first header with this name. */
function header(lines: HeaderLines, name: string): string | null {
  const found = lines.find((line) => line.key === name);
  return found ? valueOf(found) : null;
}

/** At most this many Authentication-Results are read (a message may carry any number). */
const AUTH_RESULTS_MAX = 20;

/**
 * RFC 3834 Auto-Submitted (anything but "no"), Precedence bulk/junk/list, the X-Autoreply and
 * X-Autorespond marks of vacation responders, and an empty return path (a bounce: <>).
 */
export function loopReasonOf(lines: HeaderLines, envelopeFrom: string | null | undefined): string | null {
  const autoSubmitted = header(lines, 'auto-submitted');
  if (autoSubmitted !== null && autoSubmitted.toLowerCase().split(';')[0]!.trim() !== 'no') return `Auto-Submitted: ${autoSubmitted}`;
  const precedence = header(lines, 'precedence');
  if (precedence !== null && ['bulk', 'junk', 'list'].includes(precedence.toLowerCase())) return `Precedence: ${precedence}`;
  for (const name of ['x-autoreply', 'x-autorespond']) {
    const value = header(lines, name);
    if (value !== null && value.toLowerCase() !== 'no') return `${name === 'x-autoreply' ? 'X-Autoreply' : 'X-Autorespond'}: ${value}`;
  }
  const returnPath = header(lines, 'return-path');
  if (returnPath !== null && /^<\s*>$/.test(returnPath)) return 'Return-Path: <> (a bounce)';
  if (envelopeFrom === '') return 'MAIL FROM:<> (a bounce)';
  return null;
}

/** Control characters (NUL among them) have no place in a name or an address. */
const clean = (value: string | undefined) => (value ?? '').replace(/[\u0000-\u001f\u007f]/g, '').trim();

function firstAddress(from: AddressObject | AddressObject[] | undefined): { address: string; name: string } | null {
  for (const group of [from ?? []].flat()) {
    for (const entry of group.value) {
      if (entry.address) return { address: clean(entry.address), name: clean(entry.name) };
      for (const member of entry.group ?? []) if (member.address) return { address: clean(member.address), name: clean(member.name) };
    }
  }
  return null;
}

/** HTML to plain text with sanitize-html: scripts and styles dropped with their content, blocks on their own lines. */
function htmlText(html: string): string {
  const marked = sanitizeHtml(html, {
    allowedTags: ['br', 'p', 'div', 'li', 'tr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote'],
    allowedAttributes: {},
  });
  return marked
    .replace(/<br\s*\/?>|<\/(p|div|li|tr|h\d|blockquote)>/gi, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&amp;/g, '&');
}

/** The text; a body part mailparser filed as an attachment (no file name, an invalid disposition) counts as text. */
function textOf(mail: ParsedMail): { text: string; bodyPart: number } {
  if (mail.text && mail.text.trim() !== '') return { text: mail.text, bodyPart: -1 };
  const index = mail.attachments.findIndex((part) => !part.filename && ['text/plain', 'text/html'].includes(part.contentType.toLowerCase()));
  if (index === -1) return { text: mail.text ?? '', bodyPart: -1 };
  const part = mail.attachments[index]!;
  const content = part.content.toString('utf8');
  return { text: part.contentType.toLowerCase() === 'text/html' ? htmlText(content) : content, bodyPart: index };
}

function cleanSubject(subject: string | undefined): string {
  return (subject ?? '').replace(/[\u0000-\u001f\u007f]+/g, ' ').replace(/\s+/g, ' ').trim();
}

export async function parseInbound(raw: Buffer, envelopeFrom?: string | null): Promise<ParsedInbound> {
  // mailparser reads whatever it is given (bytes that are no email give an empty one): it does not throw on content.
  const mail = await simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true, skipTextLinks: true });
  const from = firstAddress(mail.from);
  const type = mail.headers.get('content-type') as { value?: string; params?: Record<string, string> } | undefined;
  const { text, bodyPart } = textOf(mail);
  return {
    messageId: messageIdOf(mail, raw),
    fromAddress: from?.address || null,
    fromName: from?.name || null,
    subject: cleanSubject(mail.subject),
    // PostgreSQL text cannot hold NUL; nothing a person wrote is lost with it.
    text: text.replace(/\u0000/g, '').slice(0, FULL_TEXT_MAX),
    answers: { inReplyTo: ids(mail.inReplyTo).slice(0, REFERENCES_MAX), references: ids(mail.references).reverse().slice(0, REFERENCES_MAX) },
    loopReason: loopReasonOf(mail.headerLines, envelopeFrom),
    report: type?.value?.toLowerCase() === 'multipart/report',
    authenticationResults: mail.headerLines
      .filter((line) => line.key === 'authentication-results')
      .slice(0, AUTH_RESULTS_MAX)
      .map(valueOf),
    attachments: mail.attachments
      .filter((_, i) => i !== bodyPart)
      .map((part) => ({ filename: part.filename, contentType: (part.contentType || 'application/octet-stream').toLowerCase(), content: part.content })),
  };
}

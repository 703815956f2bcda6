// Reading what a mail provider sends back about our email: a delivery status notification
// (RFC 3464: multipart/report; report-type=delivery-status) or a spam complaint (RFC 5965,
// ARF: report-type=feedback-report). Each names the recipients and carries the original
// message (or its headers), whose Message-ID points at the row in our mail queue.
import { simpleParser, type Attachment, type ParsedMail } from 'mailparser';

export interface DeliveryFailure {
  address: string;
  /** RFC 3464 Action: failed, delayed, delivered, relayed, expanded. */
  action: string;
  /** The enhanced status code, e.g. 5.1.1 (RFC 3463); '' when the report gives none. */
  status: string;
  diagnostic: string;
}

export type MailReport =
  | { kind: 'delivery-status'; recipients: DeliveryFailure[]; originalMessageId: string | null }
  | { kind: 'complaint'; recipients: string[]; feedbackType: string; originalMessageId: string | null };

/** The body is not a report we can read: the webhook answers 400 with this message. */
export class MalformedReport extends Error {
  override name = 'MalformedReport';
}

const EXPECTED = 'Send the raw message as the mail provider returned it: multipart/report with report-type=delivery-status (a bounce) or report-type=feedback-report (a complaint).';

/** A bounce or a complaint; 5.x.x with Action: failed is permanent, anything else passes. */
export function isPermanentFailure(failure: DeliveryFailure): boolean {
  return failure.action === 'failed' && /^5\.\d{1,3}\.\d{1,3}$/.test(failure.status);
}

export async function readMailReport(raw: Buffer): Promise<MailReport> {
  let mail: ParsedMail;
  try {
    // The delivery-status part and the returned message as attachments, not folded into the text.
    mail = await simpleParser(raw, { keepDeliveryStatus: true, ignoreEmbedded: true, skipHtmlToText: true, skipTextToHtml: true, skipImageLinks: true });
  } catch (error) {
    throw new MalformedReport(`The message could not be read (${(error as Error).message}). ${EXPECTED}`);
  }
  const type = mail.headers.get('content-type') as { value?: string; params?: Record<string, string> } | undefined;
  const reportType = type?.value === 'multipart/report' ? type.params?.['report-type']?.toLowerCase() : undefined;
  if (reportType === 'delivery-status') return deliveryStatus(mail);
  if (reportType === 'feedback-report') return complaint(mail);
  throw new MalformedReport(`This is not a delivery report or a complaint (Content-Type: ${type?.value ?? 'none'}${reportType ? `; report-type=${reportType}` : ''}). ${EXPECTED}`);
}

async function deliveryStatus(mail: ParsedMail): Promise<MailReport> {
  const part = partOf(mail, ['message/delivery-status', 'message/global-delivery-status']);
  if (!part) throw new MalformedReport(`The report has no message/delivery-status part. ${EXPECTED}`);
  const recipients = fieldGroups(part.content.toString('utf8'))
    .filter((fields) => fields.has('final-recipient') || fields.has('original-recipient'))
    .map((fields) => ({
      address: addressOf(fields.get('final-recipient') ?? fields.get('original-recipient') ?? ''),
      action: (fields.get('action') ?? '').trim().toLowerCase(),
      status: /^\s*(\d\.\d{1,3}\.\d{1,3})/.exec(fields.get('status') ?? '')?.[1] ?? '',
      diagnostic: (fields.get('diagnostic-code') ?? '').replace(/^\s*[\w-]+\s*;\s*/, '').trim(),
    }));
  const valid = recipients.filter((recipient) => recipient.address !== '');
  if (valid.length === 0) throw new MalformedReport(`The delivery status names no recipient (Final-Recipient). ${EXPECTED}`);
  return { kind: 'delivery-status', recipients: valid, originalMessageId: await originalMessageId(mail) };
}

async function complaint(mail: ParsedMail): Promise<MailReport> {
  const part = partOf(mail, ['message/feedback-report']);
  if (!part) throw new MalformedReport(`The complaint has no message/feedback-report part. ${EXPECTED}`);
  const [fields = new Map<string, string>()] = fieldGroups(part.content.toString('utf8'));
  const original = await originalMessage(mail);
  // Original-Rcpt-To is optional in ARF; the returned message's To says the same.
  const named = fields.get('original-rcpt-to');
  const recipients = named ? [addressOf(named)] : (original?.to ? [original.to].flat().flatMap((to) => to.value.map((a) => a.address ?? '')) : []);
  const addresses = recipients.map((a) => a.trim().toLowerCase()).filter((a) => isAddress(a));
  if (addresses.length === 0) throw new MalformedReport(`The complaint names no recipient (Original-Rcpt-To, or To in the returned message). ${EXPECTED}`);
  return { kind: 'complaint', recipients: addresses, feedbackType: (fields.get('feedback-type') ?? 'abuse').trim().toLowerCase(), originalMessageId: original?.messageId ?? null };
}

function partOf(mail: ParsedMail, types: string[]): Attachment | undefined {
  return mail.attachments.find((attachment) => types.includes(attachment.contentType.toLowerCase()));
}

async function originalMessage(mail: ParsedMail): Promise<ParsedMail | null> {
  const part = partOf(mail, ['message/rfc822', 'text/rfc822-headers', 'message/global', 'message/global-headers']);
  if (!part) return null;
  try {
    return await simpleParser(part.content, { skipHtmlToText: true, skipTextToHtml: true, skipImageLinks: true });
  } catch {
    return null;
  }
}

async function originalMessageId(mail: ParsedMail): Promise<string | null> {
  return (await originalMessage(mail))?.messageId ?? null;
}

/** "rfc822; Someone@Example.com" → "someone@example.com"; '' when it is not an address. */
function addressOf(value: string): string {
  const address = value
    .replace(/^\s*[\w-]+\s*;/, '')
    .trim()
    .replace(/^<|>$/g, '')
    .toLowerCase();
  return isAddress(address) ? address : '';
}

function isAddress(value: string): boolean {
  return value.length <= 320 && /^[^\s@<>]+@[^\s@<>]+$/.test(value);
}

/** Header-style fields in blank-line separated groups (RFC 3464 §2.1), names lower-cased. */
function fieldGroups(text: string): Map<string, string>[] {
  const groups: Map<string, string>[] = [];
  for (const block of text.split(/\r?\n\s*\r?\n/)) {
    const fields = new Map<string, string>();
    let last: string | null = null;
    for (const line of block.split(/\r?\n/)) {
      if (/^[ \t]/.test(line) && last) {
        fields.set(last, `${fields.get(last)} ${line.trim()}`);
        continue;
      }
      const colon = line.indexOf(':');
      if (colon <= 0) continue;
      last = line.slice(0, colon).trim().toLowerCase();
      fields.set(last, line.slice(colon + 1).trim());
    }
    if (fields.size > 0) groups.push(fields);
  }
  return groups;
}

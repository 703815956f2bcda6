// A conversation entry that came by email, on the staff ticket page: the customer's new words
// (quotes and signature stripped), the whole message behind "Show full message" (a <details>,
// so it works without JavaScript; plain text with its line breaks, escaped like every text here:
// customer HTML is never rendered), whether a machine sent it, the closed ticket it follows up, and its
// attachments — kept ones as downloads, the others listed with why they were not kept. An email
// whose sender was not verified says so above its words: its From can be forged, so a request
// it makes (a new address, a cancellation) waits for the customer to confirm it another way.
import { Alert } from '../../../../web/components/Alert.tsx';
import type { TicketMessage } from '../../read.ts';
import { adminTicketPath, MessageText } from '../../pages/parts.tsx';
import type { InboundEmailView } from '../read.ts';
import { attachmentPath } from '../routes.ts';
import type { AttachmentRefusal } from '../schema.ts';

const REFUSALS: Record<AttachmentRefusal, string> = {
  too_large: 'too large',
  type: 'type not accepted',
  message_total: 'over the limit for one message',
};

const THREADED: Record<string, string> = {
  subject: 'matched by the ticket number in its subject',
  in_reply_to: 'a reply to an email on this ticket',
  references: 'matched by its References header',
};

export function formatBytes(size: number): string {
  if (size < 1024) return `${size} B`;
  if (size < 1024 * 1024) return `${Math.round(size / 1024)} KB`;
  return `${(size / (1024 * 1024)).toFixed(1)} MB`;
}

function SenderNotVerified({ email }: { email: InboundEmailView }) {
  const from = email.fromAddress ?? 'the address it names';
  return email.senderVerified === 'fail' ? (
    <Alert tone="warning" title="Sender not verified">
      <p>
        The receiving mail server found that this email failed the check of {from}’s domain (DMARC): it is probably forged. Do not change an address, an order or an account on its word; confirm with the customer
        by phone or from their account first.
      </p>
    </Alert>
  ) : (
    <Alert tone="info" title="Sender not verified">
      <p>Nothing proves this email came from {from}. Before changing an address, an order or an account on its word, confirm with the customer by phone or from their account.</p>
    </Alert>
  );
}

export function EmailMessage({ message, email, ticketNumber }: { message: TicketMessage; email: InboundEmailView | undefined; ticketNumber: string }) {
  if (!email) return <MessageText body={message.body} />;
  const notes = [email.fromAddress ? `From ${email.fromAddress}` : null, email.threadedBy ? THREADED[email.threadedBy] : null].filter((note): note is string => note !== null);
  return (
    <div class="email-message">
      {notes.length > 0 && <p class="small muted">{notes.join(' · ')}</p>}
      {email.senderVerified !== 'pass' && <SenderNotVerified email={email} />}
      {email.loopReason && (
        <p class="small">
          <strong>Sent by a machine</strong> ({email.loopReason}): no automatic email went back.
        </p>
      )}
      {email.followsTicketNumber && (
        <p class="small">
          Follows up closed ticket <a href={adminTicketPath(email.followsTicketNumber)}>{email.followsTicketNumber}</a>.
        </p>
      )}
      <MessageText body={message.body} />
      {email.fullText.trim() !== '' && email.fullText.trim() !== message.body.trim() && (
        <details class="email-message__full">
          <summary>Show full message</summary>
          <MessageText body={email.fullText} />
        </details>
      )}
      {email.attachments.length > 0 && (
        <ul class="email-message__attachments small" aria-label="Attachments">
          {email.attachments.map((file) => (
            <li key={file.id}>
              {file.kept ? (
                <a href={attachmentPath(ticketNumber, file.id)} download={file.filename}>
                  {file.filename}
                </a>
              ) : (
                <span>{file.filename}</span>
              )}{' '}
              <span class="muted">
                ({formatBytes(file.size)}
                {file.refused ? `, not kept: ${REFUSALS[file.refused]}` : ''})
              </span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

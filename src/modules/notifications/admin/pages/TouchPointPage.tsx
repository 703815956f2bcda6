// /admin/notifications/:key: one touch point. Administrators switch it on or off and change its
// subject and introduction (a broken placeholder is refused beside its field, the typed text
// kept); everyone previews it from a real order, and "Preview" shows the typed words before
// they are saved. The preview never sends anything.
import { Button } from '../../../../web/components/Button.tsx';
import { ErrorSummary } from '../../../../web/components/ErrorSummary.tsx';
import { Field } from '../../../../web/components/Field.tsx';
import { Form } from '../../../../web/components/Form.tsx';
import { Alert } from '../../../../web/components/Alert.tsx';
import { CheckboxField, TextAreaField } from '../../../../web/components/fields.tsx';
import type { PageContext } from '../../../../web/context.ts';
import { formatDateTime } from '../../../../web/dates.ts';
import type { FormErrors } from '../../../../web/forms/form-errors.ts';
import type { AdminNavItem } from '../../../../web/layout/AdminLayout.tsx';
import { COMMON_PLACEHOLDERS, type TouchPoint } from '../../touch-points/define.ts';
import type { TouchPointSettings } from '../../touch-points/settings.ts';
import type { Preview } from '../preview.ts';
import { EmailParts, NOTIFICATIONS_PATH, NotificationsFrame, touchPointPath } from './parts.tsx';

export interface TouchPointForm {
  enabled: boolean;
  subject: string;
  intro: string;
  /** The order number typed for the preview ('' for the most recent that fits). */
  order: string;
}

export interface TouchPointPageProps {
  ctx: PageContext;
  nav: AdminNavItem[];
  canManage: boolean;
  touchPoint: TouchPoint;
  saved: TouchPointSettings;
  /** Who last changed the words, by name. */
  savedBy: string | null;
  form: TouchPointForm;
  errors?: FormErrors | undefined;
  notice?: string | undefined;
  /** Whether the preview uses words typed but not saved. */
  typed: boolean;
  /** Null when the typed words cannot be previewed until they are fixed. */
  preview: Preview | null;
  /** Where the frame finds the preview's HTML part. */
  previewHtmlSrc: string;
  format: { locale: string; timeZone: string };
}

export const SUBJECT_MAX = 150;
export const INTRO_MAX = 2000;

function Placeholders({ touchPoint }: { touchPoint: TouchPoint }) {
  const all = { ...COMMON_PLACEHOLDERS, ...touchPoint.placeholders };
  return (
    <section aria-labelledby="placeholders-heading">
      <h2 id="placeholders-heading">Placeholders you can use</h2>
      <p class="small muted">Write them with two braces on each side; each is replaced by its value in every email. Any other name is refused when you save.</p>
      <dl>
        {Object.entries(all).map(([name, meaning]) => (
          <>
            <dt>
              <code>{`{{${name}}}`}</code>
            </dt>
            <dd>{meaning}</dd>
          </>
        ))}
      </dl>
    </section>
  );
}

function PreviewView({ preview, typed, src }: { preview: Preview | null; typed: boolean; src: string }) {
  if (!preview) return <p>Fix the highlighted words above to see them in the preview.</p>;
  switch (preview.kind) {
    case 'no-order':
      return (
        <Alert tone="info" title="Nothing to preview from">
          <p>
            {preview.orderNumber
              ? `Order ${preview.orderNumber} gives nothing to write this email from: there is no such order, or it has not reached the moment this email is about (for a support email: no request is about it). Check the number, or leave it empty.`
              : 'Give the number of an order that has reached the moment this email is about (for a support email, an order a request is about). Emails that carry a one-time link, such as a password reset, are never previewed, so that no working link shows here.'}
          </p>
        </Alert>
      );
    case 'no-letter':
      return (
        <Alert tone="info" title="Nothing to write about this order">
          <p>{`Order ${preview.orderNumber ?? ''} would not get this email. Try another order number.`}</p>
        </Alert>
      );
    case 'failed':
      return (
        <Alert tone="error" title="The preview could not be written">
          <p>The error is in the store’s log. The words above can still be saved, and the email switched off.</p>
        </Alert>
      );
    case 'email':
      return (
        <>
          <p class="small muted">
            Written from {preview.orderNumber ? `order ${preview.orderNumber}` : 'the store’s records'} with the {typed ? 'words typed above (not saved yet)' : 'saved words'} and the saved brand. Nothing was sent.
          </p>
          <EmailParts subject={preview.email.subject} to={preview.to} htmlSrc={src} text={preview.email.text} />
        </>
      );
  }
}

export function TouchPointPage(props: TouchPointPageProps) {
  const { ctx, nav, canManage, touchPoint, saved, savedBy, form, errors, notice, typed, preview, previewHtmlSrc, format } = props;
  const path = touchPointPath(touchPoint.key);
  const defaults = saved.subject === touchPoint.defaults.subject && saved.intro === touchPoint.defaults.intro;
  return (
    <NotificationsFrame ctx={ctx} nav={nav} title={touchPoint.title} tab={NOTIFICATIONS_PATH} canManage={canManage}>
      <p class="small">
        <a href={NOTIFICATIONS_PATH}>← All emails</a>
      </p>
      {notice && (
        <Alert tone="success">
          <p>{notice}</p>
        </Alert>
      )}
      <dl>
        <dt>When it goes</dt>
        <dd>{touchPoint.when}</dd>
        <dt>Sent</dt>
        <dd>{saved.enabled ? 'Yes: this email is on.' : 'No: this email is switched off.'}</dd>
        <dt>Kind</dt>
        <dd>{touchPoint.kind === 'transactional' ? 'About the customer’s own order or request: it always goes, unless their address is suppressed.' : 'An announcement: only to addresses that asked for them, with a one-click unsubscribe.'}</dd>
        <dt>Suggestions</dt>
        <dd>{touchPoint.sells ? 'May carry a few product suggestions, when the reader accepts them and has not had two this week.' : 'Never: selling here would be tactless.'}</dd>
        <dt>Words</dt>
        <dd>{defaults ? 'The words written for the store' : `Changed ${saved.updatedAt ? formatDateTime(saved.updatedAt, format.locale, format.timeZone) : ''}${savedBy ? ` by ${savedBy}` : ''}`}</dd>
      </dl>

      {canManage ? (
        <>
          {errors && <ErrorSummary errors={errors.list} />}
          <Form csrfToken={ctx.csrfToken} action={path} aria-label={`Edit ${touchPoint.title}`} noValidate>
            {touchPoint.alwaysOn ? (
              <p>This email is always sent: the customer needs it (a link that works only from the email, or a notice about their account’s security). You can change its words.</p>
            ) : (
              <CheckboxField name="enabled" label="Send this email" checked={form.enabled} hint="When it is off, nobody gets it, and nothing is queued for the moments that pass meanwhile." />
            )}
            <Field name="subject" label="Subject" value={form.subject} error={errors?.for('subject')} maxLength={SUBJECT_MAX * 2} required />
            <TextAreaField name="intro" label="Introduction" value={form.intro} error={errors?.for('intro')} hint="Shown after the greeting, before the order’s details. Leave a blank line between paragraphs." rows={5} maxLength={INTRO_MAX * 2} />
            <Field name="order" label="Preview from order number" value={form.order} maxLength={64} hint="Leave it empty for the most recent order this email fits." />
            <div class="button-row">
              {/* First in the form, so Enter in a field previews rather than saves. */}
              <Button variant="secondary" formAction={`${path}/preview`}>
                Preview
              </Button>
              <Button>Save</Button>
            </div>
          </Form>
          <Form csrfToken={ctx.csrfToken} action={`${path}/defaults`} aria-label="Back to the default words">
            <p class="small muted">The default subject is “{touchPoint.defaults.subject}”.</p>
            <Button variant="secondary">Back to defaults</Button>
          </Form>
        </>
      ) : (
        <>
          <dl>
            <dt>Subject</dt>
            <dd>{saved.subject}</dd>
            <dt>Introduction</dt>
            <dd class="admin-note">{saved.intro || '—'}</dd>
          </dl>
          <form method="get" action={path} aria-label="Preview from another order">
            <Field name="order" label="Preview from order number" value={form.order} maxLength={64} hint="Leave it empty for the most recent order this email fits." />
            <Button variant="secondary">Preview</Button>
          </form>
        </>
      )}

      <Placeholders touchPoint={touchPoint} />

      <section aria-labelledby="preview-heading">
        <h2 id="preview-heading">Preview</h2>
        <PreviewView preview={preview} typed={typed} src={previewHtmlSrc} />
      </section>
    </NotificationsFrame>
  );
}

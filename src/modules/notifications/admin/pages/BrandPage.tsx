// /admin/notifications/brand: how every email looks (sender name, logo, accent colour, footer),
// with a preview of a real email in the typed brand before it is saved.
import { Alert } from '../../../../web/components/Alert.tsx';
import { Button } from '../../../../web/components/Button.tsx';
import { ErrorSummary } from '../../../../web/components/ErrorSummary.tsx';
import { Field } from '../../../../web/components/Field.tsx';
import { Form } from '../../../../web/components/Form.tsx';
import { TextAreaField } from '../../../../web/components/fields.tsx';
import type { PageContext } from '../../../../web/context.ts';
import type { FormErrors } from '../../../../web/forms/form-errors.ts';
import type { AdminNavItem } from '../../../../web/layout/AdminLayout.tsx';
import type { Preview } from '../preview.ts';
import { BRAND_PATH, EmailParts, NotificationsFrame } from './parts.tsx';

/** The brand as typed: every field a string (an empty logo address means the name as a wordmark). */
export interface BrandForm {
  senderName: string;
  logoUrl: string;
  accentColor: string;
  footer: string;
}

export interface BrandPageProps {
  ctx: PageContext;
  nav: AdminNavItem[];
  storeName: string;
  form: BrandForm;
  errors?: FormErrors | undefined;
  notice?: string | undefined;
  typed: boolean;
  /** Null when the typed brand cannot be previewed until it is fixed. */
  preview: Preview | null;
  previewHtmlSrc: string;
}

export function BrandPage({ ctx, nav, storeName, form, errors, notice, typed, preview, previewHtmlSrc }: BrandPageProps) {
  return (
    <NotificationsFrame ctx={ctx} nav={nav} title="How emails look" tab={BRAND_PATH} canManage>
      {notice && (
        <Alert tone="success">
          <p>{notice}</p>
        </Alert>
      )}
      {errors && <ErrorSummary errors={errors.list} />}
      <Form csrfToken={ctx.csrfToken} action={BRAND_PATH} aria-label="Email brand" noValidate>
        <Field name="senderName" label="Sender name" value={form.senderName} error={errors?.for('senderName')} maxLength={160} hint={`Shown as who the email is from. Empty: “${storeName}”.`} />
        <Field name="logoUrl" label="Logo address" type="url" value={form.logoUrl} error={errors?.for('logoUrl')} maxLength={2000} hint="The full https:// address of an image about 40 pixels high. Empty: the sender name in the accent colour." />
        <Field name="accentColor" label="Accent colour" value={form.accentColor} error={errors?.for('accentColor')} maxLength={7} required hint="As #rrggbb: buttons, links and the line at the top. Dark enough for white text on it." />
        <TextAreaField name="footer" label="Footer" value={form.footer} error={errors?.for('footer')} rows={3} maxLength={1000} hint="A line at the bottom of every email: your address or company details." />
        <div class="button-row">
          {/* First in the form, so Enter in a field previews rather than saves. */}
          <Button variant="secondary" formAction={`${BRAND_PATH}/preview`}>
            Preview
          </Button>
          <Button>Save</Button>
        </div>
      </Form>
      <section aria-labelledby="preview-heading">
        <h2 id="preview-heading">Preview</h2>
        {!preview ? (
          <p>Fix the highlighted fields above to see them in the preview.</p>
        ) : preview.kind === 'email' ? (
          <>
            <p class="small muted">
              The order confirmation of order {preview.orderNumber ?? '—'} in the {typed ? 'brand typed above (not saved yet)' : 'saved brand'}. Nothing was sent.
            </p>
            <EmailParts subject={preview.email.subject} to={preview.to} htmlSrc={previewHtmlSrc} text={preview.email.text} />
          </>
        ) : preview.kind === 'failed' ? (
          <p>The preview could not be written: the error is in the store’s log. The brand can still be saved.</p>
        ) : (
          <p>There is no order to write a sample email from yet: the preview appears after the first order.</p>
        )}
      </section>
    </NotificationsFrame>
  );
}

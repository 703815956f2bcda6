import type { PageContext } from '../../../web/context.ts';
import { StoreLayout } from '../../../web/layout/StoreLayout.tsx';
import { Form } from '../../../web/components/Form.tsx';
import { Field } from '../../../web/components/Field.tsx';
import { Button, ButtonLink } from '../../../web/components/Button.tsx';
import { Alert } from '../../../web/components/Alert.tsx';
import { MIN_PASSWORD_LENGTH } from '../../../platform/http/auth/passwords.ts';
import type { FieldErrors } from './shared.tsx';

export interface ResetPasswordPageProps {
  ctx: PageContext;
  /** The token from the emailed link; posted back to the same URL. */
  token: string;
  /** The link is forged, expired or already used: no form, a way to get a new link. */
  unusable?: boolean;
  errors?: FieldErrors;
}

export function ResetPasswordPage({
  ctx,
  token,
  unusable = false,
  errors = {},
}: ResetPasswordPageProps) {
  if (unusable) {
    return (
      <StoreLayout ctx={ctx} title="This link no longer works">
        <div class="page-header">
          <h1>This link no longer works</h1>
          <p>
            Password-reset links work once, for one hour. If you asked more than once, use the
            latest email.
          </p>
        </div>
        <div class="button-row">
          <ButtonLink href="/account/reset" variant="primary">
            Get a new link
          </ButtonLink>
          <a href="/account/sign-in">Sign in</a>
        </div>
      </StoreLayout>
    );
  }
  return (
    <StoreLayout ctx={ctx} title="Choose a new password">
      <div class="page-header">
        <h1>Choose a new password</h1>
        <p>Once you save it, you are signed in here and signed out everywhere else.</p>
      </div>
      {errors.password && (
        <Alert tone="error" title="Please choose another password">
          <p>{errors.password}</p>
        </Alert>
      )}
      <div class="card">
        <Form csrfToken={ctx.csrfToken} action={`/account/reset/${token}`} noValidate>
          <Field
            name="password"
            label="New password"
            type="password"
            error={errors.password}
            autocomplete="new-password"
            required
            hint={`At least ${MIN_PASSWORD_LENGTH} characters.`}
          />
          <Button>Save password and sign in</Button>
        </Form>
      </div>
    </StoreLayout>
  );
}

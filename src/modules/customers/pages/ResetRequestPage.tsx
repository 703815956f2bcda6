import type { PageContext } from '../../../web/context.ts';
import { StoreLayout } from '../../../web/layout/StoreLayout.tsx';
import { Form } from '../../../web/components/Form.tsx';
import { Field } from '../../../web/components/Field.tsx';
import { Button } from '../../../web/components/Button.tsx';
import { Alert } from '../../../web/components/Alert.tsx';
import type { FieldErrors } from './shared.tsx';

export interface ResetRequestPageProps {
  ctx: PageContext;
  email?: string;
  errors?: FieldErrors;
  /** The request was taken: the same answer whether or not the account exists. */
  sentMessage?: string | undefined;
  /** Arrived from a link that no longer works. */
  expired?: boolean;
}

export function ResetRequestPage({
  ctx,
  email = '',
  errors = {},
  sentMessage,
  expired = false,
}: ResetRequestPageProps) {
  return (
    <StoreLayout ctx={ctx} title="Reset your password" canonicalPath="/account/reset">
      <div class="page-header">
        <h1>Reset your password</h1>
        <p>Enter the email of your account and we will send you a link to choose a new password.</p>
      </div>
      {expired && (
        <Alert tone="warning" title="That link has expired or was already used">
          <p>Ask for a new link below and use the latest email.</p>
        </Alert>
      )}
      {sentMessage ? (
        <Alert tone="success" title="Check your email">
          <p>{sentMessage}</p>
          <p>Nothing arrived after a few minutes? Check your spam folder or ask again.</p>
        </Alert>
      ) : null}
      <div class="card">
        <Form csrfToken={ctx.csrfToken} action="/account/reset" noValidate>
          <Field
            name="email"
            label="Email"
            type="email"
            value={email}
            error={errors.email}
            autocomplete="email"
            maxLength={254}
            required
          />
          <Button>Email me a link</Button>
        </Form>
      </div>
      <p>
        Remembered it? <a href="/account/sign-in">Sign in</a>
      </p>
    </StoreLayout>
  );
}

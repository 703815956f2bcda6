import type { PageContext } from '../../../web/context.ts';
import { StoreLayout } from '../../../web/layout/StoreLayout.tsx';
import { Form } from '../../../web/components/Form.tsx';
import { Field } from '../../../web/components/Field.tsx';
import { Button } from '../../../web/components/Button.tsx';
import { Alert } from '../../../web/components/Alert.tsx';
import { FormAlert, withNext, type FieldErrors, type FormMessage } from './shared.tsx';

export interface SignInPageProps {
  ctx: PageContext;
  email?: string;
  next?: string | undefined;
  errors?: FieldErrors;
  message?: FormMessage | undefined;
  /** Shown after a password change or sign-out. */
  notice?: string | undefined;
}

export function SignInPage({
  ctx,
  email = '',
  next,
  errors = {},
  message,
  notice,
}: SignInPageProps) {
  return (
    <StoreLayout ctx={ctx} title="Sign in" canonicalPath="/account/sign-in">
      <div class="page-header">
        <h1>Sign in</h1>
        <p>See your details and, once you have ordered, every order and where it stands.</p>
      </div>
      {notice && <Alert tone="success">{notice}</Alert>}
      <FormAlert message={message} />
      <div class="card">
        <Form csrfToken={ctx.csrfToken} action={withNext('/account/sign-in', next)} noValidate>
          {next && <input type="hidden" name="next" value={next} />}
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
          <Field
            name="password"
            label="Password"
            type="password"
            error={errors.password}
            autocomplete="current-password"
            required
          />
          <div class="button-row">
            <Button>Sign in</Button>
            <a href="/account/reset">Forgot your password?</a>
          </div>
        </Form>
      </div>
      <p>
        New here? <a href={withNext('/account/sign-up', next)}>Create an account</a>
      </p>
      <p class="muted small">
        You can also check out as a guest: an account is never required to buy.
      </p>
    </StoreLayout>
  );
}

import type { PageContext } from '../../../web/context.ts';
import { StoreLayout } from '../../../web/layout/StoreLayout.tsx';
import { Form } from '../../../web/components/Form.tsx';
import { Field } from '../../../web/components/Field.tsx';
import { Button } from '../../../web/components/Button.tsx';
import { MIN_PASSWORD_LENGTH } from '../../../platform/http/auth/passwords.ts';
import { FormAlert, withNext, type FieldErrors, type FormMessage } from './shared.tsx';

export interface SignUpPageProps {
  ctx: PageContext;
  values?: { email?: string; name?: string };
  next?: string | undefined;
  errors?: FieldErrors;
  message?: FormMessage | undefined;
  /** The email already has an account: offer the ways in. */
  accountExists?: boolean;
}

export function SignUpPage({
  ctx,
  values = {},
  next,
  errors = {},
  message,
  accountExists = false,
}: SignUpPageProps) {
  return (
    <StoreLayout ctx={ctx} title="Create an account" canonicalPath="/account/sign-up">
      <div class="page-header">
        <h1>Create an account</h1>
        <p>
          Keep your details in one place and follow every order. If you have bought from us as a
          guest, use the same email and your orders come with you.
        </p>
      </div>
      <FormAlert message={message} />
      {accountExists && (
        <p>
          <a href={withNext('/account/sign-in', next)}>Sign in</a> or{' '}
          <a href="/account/reset">reset your password</a>.
        </p>
      )}
      <div class="card">
        <Form csrfToken={ctx.csrfToken} action={withNext('/account/sign-up', next)} noValidate>
          {next && <input type="hidden" name="next" value={next} />}
          <Field
            name="name"
            label="Your name"
            value={values.name ?? ''}
            error={errors.name}
            autocomplete="name"
            maxLength={100}
            required
          />
          <Field
            name="email"
            label="Email"
            type="email"
            value={values.email ?? ''}
            error={errors.email}
            autocomplete="email"
            maxLength={254}
            required
            hint="We send order updates and nothing you did not ask for."
          />
          <Field
            name="password"
            label="Password"
            type="password"
            error={errors.password}
            autocomplete="new-password"
            required
            hint={`At least ${MIN_PASSWORD_LENGTH} characters. A few unrelated words make a strong one.`}
          />
          <Button>Create account</Button>
        </Form>
      </div>
      <p>
        Already have an account? <a href={withNext('/account/sign-in', next)}>Sign in</a>
      </p>
    </StoreLayout>
  );
}

import type { PageContext } from '../../../web/context.ts';
import { AdminLayout } from '../../../web/layout/AdminLayout.tsx';
import { Form } from '../../../web/components/Form.tsx';
import { Field } from '../../../web/components/Field.tsx';
import { Button } from '../../../web/components/Button.tsx';
import { Alert } from '../../../web/components/Alert.tsx';

export interface StaffSignInPageProps {
  ctx: PageContext;
  email?: string;
  next?: string | undefined;
  errors?: Partial<Record<string, string>>;
  message?: { title: string; detail?: string | undefined } | undefined;
  notice?: string | undefined;
}

export function StaffSignInPage({
  ctx,
  email = '',
  next,
  errors = {},
  message,
  notice,
}: StaffSignInPageProps) {
  const action = next ? `/staff/sign-in?next=${encodeURIComponent(next)}` : '/staff/sign-in';
  return (
    <AdminLayout ctx={ctx} title="Staff sign-in" nav={[]}>
      <h1>Staff sign-in</h1>
      <p>
        For the Doorstep team. Shopping with us?{' '}
        <a href="/account/sign-in">Sign in to your account</a> instead.
      </p>
      {notice && <Alert tone="success">{notice}</Alert>}
      {message && (
        <Alert tone="error" title={message.title}>
          {message.detail && <p>{message.detail}</p>}
        </Alert>
      )}
      <div class="card">
        <Form csrfToken={ctx.csrfToken} action={action} noValidate>
          {next && <input type="hidden" name="next" value={next} />}
          <Field
            name="email"
            label="Work email"
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
          <Button>Sign in</Button>
        </Form>
      </div>
      <p class="muted small">Forgot your password? Ask an administrator to set a new one.</p>
    </AdminLayout>
  );
}

import type { PageContext } from '../../../web/context.ts';
import { StoreLayout } from '../../../web/layout/StoreLayout.tsx';
import { Form } from '../../../web/components/Form.tsx';
import { Button, ButtonLink } from '../../../web/components/Button.tsx';
import type { EmailChange } from '../email-change.ts';
import { FormAlert, type FormMessage } from './shared.tsx';

export interface EmailChangeConfirmPageProps {
  ctx: PageContext;
  /** The token from the emailed link; posted back to the same URL. */
  token: string;
  /** Null when the link is forged, expired, used or replaced by a later request. */
  change: EmailChange | null;
  /** Why the change could not be made (the address was taken meanwhile). */
  message?: FormMessage | undefined;
}

/** The page an emailed link lands on: opening it changes nothing, the button does. */
export function EmailChangeConfirmPage({
  ctx,
  token,
  change,
  message,
}: EmailChangeConfirmPageProps) {
  if (!change) {
    return (
      <StoreLayout ctx={ctx} title="This link no longer works">
        <div class="page-header">
          <h1>This link no longer works</h1>
          <p>
            Confirmation links work once, for 24 hours, and only the latest one you asked for. Your
            email address has not changed. Sign in and ask again from your account page.
          </p>
        </div>
        <div class="button-row">
          <ButtonLink href="/account#email" variant="primary">
            Go to your account
          </ButtonLink>
          <a href="/help">Contact us</a>
        </div>
      </StoreLayout>
    );
  }
  return (
    <StoreLayout ctx={ctx} title="Confirm your new email address">
      <div class="page-header">
        <h1>Confirm your new email address</h1>
        <p>
          Your account uses {change.oldEmail}. Once you confirm, it uses {change.newEmail}: you sign
          in with it and our emails go there.
        </p>
      </div>
      <FormAlert message={message} />
      {message ? (
        <p>
          <a href="/help">Contact us</a> or <a href="/account#email">choose another address</a>.
        </p>
      ) : (
        <div class="card">
          <Form csrfToken={ctx.csrfToken} action={`/account/email/confirm/${token}`}>
            <Button>Use {change.newEmail}</Button>
          </Form>
        </div>
      )}
      <p class="muted small">
        Did not ask for this? Close this page: nothing changes unless you press the button.
      </p>
    </StoreLayout>
  );
}

// The pages of "email me when it's back" for browsers without JavaScript: the thanks page
// after the product page's form, and the form again when the address needs correcting.
import type { PageContext } from '../../../web/context.ts';
import { Alert } from '../../../web/components/Alert.tsx';
import { Button, ButtonLink } from '../../../web/components/Button.tsx';
import { Field } from '../../../web/components/Field.tsx';
import { Form } from '../../../web/components/Form.tsx';
import { StoreLayout } from '../../../web/layout/StoreLayout.tsx';

export const STOCK_ALERTS_PATH = '/stock-alerts';
export const THANKS_PATH = '/stock-alerts/thanks';

/** The item the request is about, when it is known. */
export interface AlertItem {
  variantId: string;
  title: string;
  productPath: string;
}

export function StockAlertThanksPage({ ctx, item }: { ctx: PageContext; item: AlertItem | null }) {
  return (
    <StoreLayout ctx={ctx} title="We will let you know" head={<meta name="robots" content="noindex" />}>
      <div class="page-header">
        <h1>We will let you know</h1>
      </div>
      <Alert tone="success" title="Request noted">
        <p>
          We will send one email to the address you gave as soon as {item ? item.title : 'the item'} is back in stock. Asking again changes nothing: it is
          still one email.
        </p>
      </Alert>
      <p>
        <ButtonLink href={item?.productPath ?? '/'} variant="primary">
          {item ? `Back to ${item.title}` : 'Continue shopping'}
        </ButtonLink>
      </p>
    </StoreLayout>
  );
}

export interface StockAlertFormPageProps {
  ctx: PageContext;
  item: AlertItem | null;
  email: string;
  problem: { title: string; detail: string; field: 'email' | null };
}

/** The request refused: why, and the form again (when there is an item to ask about). */
export function StockAlertFormPage({ ctx, item, email, problem }: StockAlertFormPageProps) {
  return (
    <StoreLayout ctx={ctx} title="Email me when it’s back" head={<meta name="robots" content="noindex" />}>
      <div class="page-header">
        <h1>Email me when it’s back</h1>
      </div>
      <Alert tone="error" title={problem.title}>
        {problem.field === null && <p>{problem.detail}</p>}
      </Alert>
      {item ? (
        <Form action={STOCK_ALERTS_PATH} csrfToken={ctx.csrfToken} class="stock-alert-form" novalidate>
          <input type="hidden" name="variantId" value={item.variantId} />
          <p>{item.title}</p>
          <Field name="email" label="Email" type="email" value={email} autocomplete="email" required maxLength={254} {...(problem.field ? { error: problem.detail } : {})} />
          <Button>Email me when it’s back</Button>
        </Form>
      ) : null}
      <p>
        <a href={item?.productPath ?? '/'}>{item ? `Back to ${item.title}` : 'Continue shopping'}</a>
      </p>
    </StoreLayout>
  );
}

// /admin/tax/:id: change a destination's rate, or remove it.
import { Button, ButtonLink } from '../../../../web/components/Button.tsx';
import { ErrorSummary } from '../../../../web/components/ErrorSummary.tsx';
import { Form } from '../../../../web/components/Form.tsx';
import type { PageContext } from '../../../../web/context.ts';
import type { FormErrors } from '../../../../web/forms/form-errors.ts';
import { AdminLayout, type AdminNavItem } from '../../../../web/layout/AdminLayout.tsx';
import type { StoredTaxRate } from '../../rates.ts';
import type { TaxRateForm } from '../rate-form.ts';
import { TaxRateFields } from './TaxRateFields.tsx';
import { TAX_PATH } from './TaxPage.tsx';

export interface TaxRatePageProps {
  ctx: PageContext;
  nav: AdminNavItem[];
  rate: StoredTaxRate;
  title: string;
  edit: { form: TaxRateForm; errors?: FormErrors | undefined };
}

export function TaxRatePage({ ctx, nav, rate, title, edit }: TaxRatePageProps) {
  return (
    <AdminLayout ctx={ctx} title={title} nav={nav}>
      <div class="admin-heading">
        <h1>{title}</h1>
        <ButtonLink href={TAX_PATH}>All rates</ButtonLink>
      </div>
      {edit.errors && <ErrorSummary errors={edit.errors.list} />}
      <Form csrfToken={ctx.csrfToken} action={`${TAX_PATH}/${rate.id}`} aria-label={`Edit ${title}`} noValidate>
        <TaxRateFields form={edit.form} errors={edit.errors} />
        <Button>Save rate</Button>
      </Form>
      <h2 class="admin-subheading">Remove this rate</h2>
      <p>Checkouts to this destination then pay {rate.region ? 'the country’s rate, or no tax when it has none' : 'no tax'}.</p>
      <Form csrfToken={ctx.csrfToken} action={`${TAX_PATH}/${rate.id}/delete`} aria-label={`Remove ${title}`}>
        <Button variant="danger">Remove rate</Button>
      </Form>
    </AdminLayout>
  );
}

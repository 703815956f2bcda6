// /admin/products/new and /admin/products/:id: the whole product on one form.
import { Alert } from '../../../../web/components/Alert.tsx';
import { Button } from '../../../../web/components/Button.tsx';
import { ErrorSummary } from '../../../../web/components/ErrorSummary.tsx';
import { Field } from '../../../../web/components/Field.tsx';
import { SelectField, TextAreaField } from '../../../../web/components/fields.tsx';
import { Form } from '../../../../web/components/Form.tsx';
import { Notice } from '../../../../web/components/Notice.tsx';
import type { PageContext } from '../../../../web/context.ts';
import { FormErrors } from '../../../../web/forms/form-errors.ts';
import { AdminLayout, type AdminNavItem } from '../../../../web/layout/AdminLayout.tsx';
import type { Product } from '../../model.ts';
import { TitleAndHandleFields } from '../components/TitleAndHandleFields.tsx';
import { OPTION_SLOTS, type ProductForm } from './form.ts';
import { ImagesTable } from './ImagesTable.tsx';
import { STALE_MESSAGE } from './save-form.ts';
import { VariantsTable } from './VariantsTable.tsx';

const STATUS_CHOICES = [
  { value: 'draft', label: 'Draft: hidden from the shop' },
  { value: 'active', label: 'Active: for sale in the shop' },
  { value: 'archived', label: 'Archived: hidden, kept for the records' },
];

export interface ProductEditPageProps {
  ctx: PageContext;
  nav: AdminNavItem[];
  /** The stored product; null while creating one. */
  product: Product | null;
  form: ProductForm;
  currency: string;
  errors?: FormErrors;
  /** The form shows current values because the product changed meanwhile. */
  stale?: boolean;
  notice?: string | undefined;
}

export function ProductEditPage({ ctx, nav, product, form, currency, errors = new FormErrors(), stale = false, notice }: ProductEditPageProps) {
  const title = product ? product.title : 'New product';
  const action = product ? `/admin/products/${product.id}` : '/admin/products';
  return (
    <AdminLayout ctx={ctx} title={title} nav={nav}>
      <p>
        <a href="/admin/products">← All products</a>
      </p>
      <div class="admin-heading">
        <h1>{title}</h1>
        {product?.status === 'active' && <a href={`/products/${product.handle}`}>View in the shop</a>}
      </div>
      <Notice message={notice} />
      {stale && (
        <ErrorSummary
          errors={[]}
          title={`${STALE_MESSAGE}.`}
          detail="Nothing was saved. The form now shows the current values: make your changes again and save."
        />
      )}
      <ErrorSummary errors={errors.list} />
      <Form csrfToken={ctx.csrfToken} action={action} noValidate>
        <input type="hidden" name="updatedAt" value={form.updatedAt} />
        <fieldset class="fieldset">
          <legend class="fieldset__legend">Product</legend>
          <TitleAndHandleFields kind="product" path="/products/" current={product?.handle} title={form.title} handle={form.handle} errors={errors} example="blue-linen-shirt" />
          <SelectField name="status" label="Status" value={form.status} choices={STATUS_CHOICES} error={errors.for('status')} />
          <TextAreaField
            name="bodyHtml"
            label="Description"
            value={form.bodyHtml}
            error={errors.for('bodyHtml')}
            hint="HTML such as <p>, <strong>, <ul> and links. Scripts, styles and anything else are removed when saved."
          />
          <Field name="vendor" label="Vendor" value={form.vendor} error={errors.for('vendor')} maxLength={255} />
          <Field name="productType" label="Product type" value={form.productType} error={errors.for('productType')} maxLength={255} hint="Such as Shirt or Plant pot; shoppers can filter by it." />
          <Field name="tags" label="Tags" value={form.tags} error={errors.for('tags')} hint="Separated by commas. Rule-based collections can pick products by tag." />
        </fieldset>
        <fieldset class="fieldset">
          <legend class="fieldset__legend">Search engines</legend>
          <Field name="seoTitle" label="Page title" value={form.seoTitle} error={errors.for('seoTitle')} maxLength={255} hint="Shown in search results; the product title when blank. About 60 characters show." />
          <TextAreaField
            name="seoDescription"
            label="Page description"
            value={form.seoDescription}
            error={errors.for('seoDescription')}
            rows={3}
            maxLength={1000}
            hint="Shown under the title in search results; the start of the description when blank. About 155 characters show."
          />
        </fieldset>
        <fieldset class="fieldset">
          <legend class="fieldset__legend">Options</legend>
          <p class="field__hint">Up to three ways the product varies, such as Size, Color or Material. Leave them blank for a product that comes one way.</p>
          <div class="admin-inline-fields">
            {Array.from({ length: OPTION_SLOTS }, (_, k) => (
              <Field key={k} name={`option${k + 1}Name`} label={`Option ${k + 1}`} value={form.optionNames[k] ?? ''} error={errors.for(`option${k + 1}Name`)} maxLength={255} />
            ))}
          </div>
        </fieldset>
        <VariantsTable form={form} errors={errors} currency={currency} />
        <ImagesTable form={form} errors={errors} />
        <Button>{product ? 'Save product' : 'Create product'}</Button>
      </Form>
      {product && product.status !== 'archived' && (
        <section class="admin-danger" aria-labelledby="archive-heading">
          <h2 id="archive-heading">Archive</h2>
          <p>An archived product leaves the shop; its orders and details stay. Set its status to draft or active to bring it back.</p>
          <Form csrfToken={ctx.csrfToken} action={`/admin/products/${product.id}/archive`}>
            <input type="hidden" name="updatedAt" value={product.updatedAt.toISOString()} />
            <Button variant="secondary">Archive product</Button>
          </Form>
        </section>
      )}
      {product?.status === 'archived' && (
        <Alert tone="info">
          <p>This product is archived: shoppers cannot see it. Choose “Draft” or “Active” as its status and save to bring it back.</p>
        </Alert>
      )}
    </AdminLayout>
  );
}

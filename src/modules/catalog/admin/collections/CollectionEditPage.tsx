// /admin/collections/new and /admin/collections/:id: a collection's details and how its
// products are picked, by hand or by conditions on tag, type, vendor or title.
import { Button, ButtonLink } from '../../../../web/components/Button.tsx';
import { ErrorSummary } from '../../../../web/components/ErrorSummary.tsx';
import { Field } from '../../../../web/components/Field.tsx';
import { CellCheckbox, CellInput, CellSelect, CheckboxField, RadioGroup, SelectField, TextAreaField } from '../../../../web/components/fields.tsx';
import { Form } from '../../../../web/components/Form.tsx';
import { Notice } from '../../../../web/components/Notice.tsx';
import type { PageContext } from '../../../../web/context.ts';
import { FormErrors } from '../../../../web/forms/form-errors.ts';
import { AdminLayout, type AdminNavItem } from '../../../../web/layout/AdminLayout.tsx';
import { RULE_FIELDS, RULE_OPERATORS } from '../../collections/write.ts';
import { COLLECTION_SORTS } from '../../schema.ts';
import { TitleAndHandleFields } from '../components/TitleAndHandleFields.tsx';
import { conditionField, memberField, type CollectionForm } from './form.ts';
import { FIELD_LABELS, OPERATOR_LABELS, SORT_LABELS } from './labels.ts';
import type { CollectionRow, MemberProduct } from './read.ts';
import { STALE_COLLECTION_MESSAGE } from './save-form.ts';

export interface CollectionEditPageProps {
  ctx: PageContext;
  nav: AdminNavItem[];
  /** The stored collection; null while creating one. */
  collection: CollectionRow | null;
  form: CollectionForm;
  /** Titles of the products the form names (its manual members). */
  products: ReadonlyMap<string, MemberProduct>;
  /** A rule-based collection's current products (a preview) and how many there are. */
  matches?: { members: MemberProduct[]; total: number } | undefined;
  errors?: FormErrors;
  stale?: boolean;
  notice?: string | undefined;
}

const fieldChoices = RULE_FIELDS.map((value) => ({ value, label: FIELD_LABELS[value] }));
const operatorChoices = RULE_OPERATORS.map((value) => ({ value, label: OPERATOR_LABELS[value] }));

export function CollectionEditPage({ ctx, nav, collection, form, products, matches, errors = new FormErrors(), stale = false, notice }: CollectionEditPageProps) {
  const title = collection ? collection.title : 'New collection';
  const members = form.members.map((member, i) => ({ member, i, product: products.get(member.productId) })).filter((m) => m.product);
  return (
    <AdminLayout ctx={ctx} title={title} nav={nav}>
      <p>
        <a href="/admin/collections">← All collections</a>
      </p>
      <div class="admin-heading">
        <h1>{title}</h1>
        {collection?.status === 'active' && <a href={`/collections/${collection.handle}`}>View in the shop</a>}
      </div>
      <Notice message={notice} />
      {stale && <ErrorSummary errors={[]} title={`${STALE_COLLECTION_MESSAGE}.`} detail="Nothing was saved. The form now shows the current values: make your changes again and save." />}
      <ErrorSummary errors={errors.list} />
      <Form csrfToken={ctx.csrfToken} action={collection ? `/admin/collections/${collection.id}` : '/admin/collections'} noValidate>
        <input type="hidden" name="updatedAt" value={form.updatedAt} />
        <fieldset class="fieldset">
          <legend class="fieldset__legend">Collection</legend>
          <TitleAndHandleFields kind="collection" path="/collections/" current={collection?.handle} title={form.title} handle={form.handle} errors={errors} example="summer-linen" />
          <TextAreaField name="description" label="Description" value={form.description} error={errors.for('description')} rows={4} maxLength={5000} hint="Plain text shown above the products." />
          <SelectField
            name="status"
            label="Status"
            value={form.status}
            error={errors.for('status')}
            choices={[
              { value: 'active', label: 'Active: shown in the shop' },
              { value: 'draft', label: 'Draft: hidden from the shop' },
            ]}
          />
          <SelectField name="sortOrder" label="Sort products by" value={form.sortOrder} error={errors.for('sortOrder')} choices={COLLECTION_SORTS.map((value) => ({ value, label: SORT_LABELS[value] }))} />
          <CheckboxField name="featured" label="Featured: on the home page and in the shop’s menu" checked={form.featured} />
          <Field name="position" label="Position" value={form.position} error={errors.for('position')} maxLength={7} hint="Featured collections are shown lowest number first." required />
        </fieldset>
        <fieldset class="fieldset">
          <legend class="fieldset__legend">Products</legend>
          <RadioGroup
            name="kind"
            legend="How products are picked"
            value={form.kind}
            error={errors.for('kind')}
            choices={[
              { value: 'manual', label: 'By hand', hint: 'the list below' },
              { value: 'rule', label: 'By conditions', hint: 'every product that meets them, now and later' },
            ]}
          />
          <h2 class="admin-subheading">Picked by hand</h2>
          {members.length === 0 ? (
            <p class="muted">No products picked by hand{form.kind === 'manual' ? ' yet' : ''}.</p>
          ) : (
            <div class="table-wrap" tabIndex={0} role="region" aria-label="Products picked by hand">
              <table class="table admin-grid">
                <thead>
                  <tr>
                    <th scope="col">Product</th>
                    <th scope="col">Remove</th>
                  </tr>
                </thead>
                <tbody>
                  {members.map(({ member, i, product }) => (
                    <tr key={member.productId}>
                      <th scope="row">
                        <input type="hidden" name={memberField(i, 'id')} value={member.productId} />
                        <a href={`/admin/products/${member.productId}`}>{product!.title}</a>
                        <div class="muted small">{product!.handle}</div>
                      </th>
                      <td>
                        <CellCheckbox name={memberField(i, 'remove')} label={`Remove ${product!.title}`} checked={member.remove} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <TextAreaField
            name="add"
            label="Add products"
            value={form.add}
            error={errors.for('add')}
            rows={3}
            hint="Handles or SKUs, one per line or separated by commas. They join the end of the list."
          />
          <h2 class="admin-subheading">Picked by conditions</h2>
          <RadioGroup
            name="match"
            legend="Products must meet"
            value={form.match}
            error={errors.for('match')}
            choices={[
              { value: 'all', label: 'All conditions' },
              { value: 'any', label: 'Any condition' },
            ]}
          />
          <p class="field__hint" id="conditions-hint">
            Case does not matter. Leave a condition’s value blank to skip it.
          </p>
          <div class="table-wrap" tabIndex={0} role="region" aria-label="Conditions">
            <table class="table admin-grid">
              <thead>
                <tr>
                  <th scope="col">#</th>
                  <th scope="col">Field</th>
                  <th scope="col">Test</th>
                  <th scope="col">Value</th>
                </tr>
              </thead>
              <tbody>
                {form.conditions.map((condition, i) => (
                  <tr key={i}>
                    <td class="num">{i + 1}</td>
                    <td>
                      <CellSelect name={conditionField(i, 'field')} label={`Field of condition ${i + 1}`} value={condition.field} choices={fieldChoices} error={errors.for(conditionField(i, 'field'))} />
                    </td>
                    <td>
                      <CellSelect name={conditionField(i, 'operator')} label={`Test of condition ${i + 1}`} value={condition.operator} choices={operatorChoices} error={errors.for(conditionField(i, 'operator'))} />
                    </td>
                    <td>
                      <CellInput name={conditionField(i, 'value')} label={`Value of condition ${i + 1}`} value={condition.value} error={errors.for(conditionField(i, 'value'))} describedBy="conditions-hint" size={24} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </fieldset>
        <Button>{collection ? 'Save collection' : 'Create collection'}</Button>
      </Form>
      {matches && (
        <section aria-labelledby="matches-heading">
          <h2 id="matches-heading">Products meeting the conditions now ({matches.total})</h2>
          {matches.total === 0 ? (
            <p>None yet. Products join as soon as they meet the conditions.</p>
          ) : (
            <ul>
              {matches.members.map((product) => (
                <li key={product.id}>
                  <a href={`/admin/products/${product.id}`}>{product.title}</a>
                  {product.status !== 'active' && <span class="muted small"> ({product.status}: not in the shop)</span>}
                </li>
              ))}
              {matches.total > matches.members.length && <li class="muted">and {matches.total - matches.members.length} more</li>}
            </ul>
          )}
        </section>
      )}
      {collection && (
        <section class="admin-danger" aria-labelledby="delete-heading">
          <h2 id="delete-heading">Delete</h2>
          <p>Deleting a collection removes it from the shop; its products stay.</p>
          <ButtonLink href={`/admin/collections/${collection.id}/delete`} variant="danger">
            Delete collection…
          </ButtonLink>
        </section>
      )}
    </AdminLayout>
  );
}

// The collection form as typed, built from a stored collection or from a post, and checked
// into the catalog's CollectionInput.
import { checked, has, text, type FormBody } from '../../../../web/forms/form-body.ts';
import { checkText, FormErrors } from '../../../../web/forms/form-errors.ts';
import type { CollectionInput } from '../../collections/write.ts';
import { MAX_CONDITIONS, RESERVED_COLLECTION_HANDLES, RULE_FIELDS, RULE_OPERATORS } from '../../collections/write.ts';
import { COLLECTION_SORTS, type CollectionRules, type CollectionSort } from '../../schema.ts';
import { handleProblem } from '../handles.ts';
import type { CollectionRow } from './read.ts';

export interface ConditionRow {
  field: string;
  operator: string;
  value: string;
}

export interface MemberRow {
  productId: string;
  remove: boolean;
}

export interface CollectionForm {
  title: string;
  handle: string;
  description: string;
  featured: boolean;
  position: string;
  status: string;
  sortOrder: string;
  kind: string;
  match: string;
  conditions: ConditionRow[];
  /** A manual collection's current products, in order. */
  members: MemberRow[];
  /** Handles or SKUs of products to add, one per line or separated by commas. */
  add: string;
  /** The collection's updatedAt when the form was opened (ISO); '' for a new one. */
  updatedAt: string;
}

const MAX_MEMBER_ROWS = 5000;
const MAX_ADD_NAMES = 200;
const blankCondition = (): ConditionRow => ({ field: 'tag', operator: 'equals', value: '' });
const conditionRows = (rows: ConditionRow[]) => [...rows, ...Array.from({ length: MAX_CONDITIONS - rows.length }, blankCondition)];

export const conditionField = (i: number, part: string) => `condition-${i}-${part}`;
export const memberField = (i: number, part: string) => `member-${i}-${part}`;

export function emptyCollectionForm(): CollectionForm {
  return {
    title: '',
    handle: '',
    description: '',
    featured: true,
    position: '0',
    status: 'active',
    sortOrder: 'featured',
    kind: 'manual',
    match: 'all',
    conditions: conditionRows([]),
    members: [],
    add: '',
    updatedAt: '',
  };
}

export function collectionForm(row: CollectionRow, memberIds: readonly string[]): CollectionForm {
  return {
    title: row.title,
    handle: row.handle,
    description: row.description,
    featured: row.featured,
    position: String(row.position),
    status: row.status,
    sortOrder: row.sortOrder,
    kind: row.kind,
    match: row.rules?.match ?? 'all',
    conditions: conditionRows(row.rules?.conditions.map((c) => ({ ...c })) ?? []),
    members: row.kind === 'manual' ? memberIds.map((productId) => ({ productId, remove: false })) : [],
    add: '',
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function parseCollectionForm(body: FormBody): CollectionForm {
  const conditions: ConditionRow[] = [];
  for (let i = 0; i < MAX_CONDITIONS && has(body, conditionField(i, 'value')); i++) {
    conditions.push({ field: text(body, conditionField(i, 'field')), operator: text(body, conditionField(i, 'operator')), value: text(body, conditionField(i, 'value')) });
  }
  const members: MemberRow[] = [];
  for (let i = 0; i < MAX_MEMBER_ROWS && has(body, memberField(i, 'id')); i++) {
    members.push({ productId: text(body, memberField(i, 'id')), remove: checked(body, memberField(i, 'remove')) });
  }
  return {
    title: text(body, 'title'),
    handle: text(body, 'handle'),
    description: text(body, 'description'),
    featured: checked(body, 'featured'),
    position: text(body, 'position'),
    status: text(body, 'status'),
    sortOrder: text(body, 'sortOrder'),
    kind: text(body, 'kind'),
    match: text(body, 'match'),
    conditions: conditionRows(conditions),
    members,
    add: text(body, 'add'),
    updatedAt: text(body, 'updatedAt'),
  };
}

/** The handles or SKUs in the "add products" box. */
export const namesToAdd = (form: CollectionForm): string[] => [...new Set(form.add.split(/[\n,]/).map((n) => n.trim()).filter(Boolean))];

const oneOf = <T extends string>(list: readonly T[], value: string): value is T => (list as readonly string[]).includes(value);

/**
 * The CollectionInput the form describes (without the products to add, which need the
 * database), or null with the reasons. `form.handle` must hold the handle to use.
 */
export function validateCollectionForm(form: CollectionForm): { value: CollectionInput | null; errors: FormErrors } {
  const errors = new FormErrors();
  checkText(errors, 'title', form.title, { label: 'Title', max: 255, required: true });
  const handle = form.handle.trim();
  const handleIssue = form.title.trim() || handle ? handleProblem(handle) : null;
  if (handleIssue) errors.add('handle', handleIssue, 'Handle');
  else if (RESERVED_COLLECTION_HANDLES.includes(handle)) errors.add('handle', `/collections/${handle} is the shop’s list of every product. Choose another handle.`, 'Handle');
  checkText(errors, 'description', form.description, { label: 'Description', max: 5000 });
  const position = form.position.trim() || '0';
  if (!/^-?\d{1,6}$/.test(position)) errors.add('position', 'Enter a whole number, such as 10. Lower numbers come first.', 'Position');
  if (form.status !== 'active' && form.status !== 'draft') errors.add('status', 'Choose active or draft.', 'Status');
  if (!oneOf(COLLECTION_SORTS, form.sortOrder)) errors.add('sortOrder', 'Choose how products are sorted.', 'Sort order');
  if (form.kind !== 'manual' && form.kind !== 'rule') errors.add('kind', 'Choose how products are picked.', 'Products');

  const conditions: CollectionRules['conditions'] = [];
  if (form.kind === 'rule') {
    if (form.match !== 'all' && form.match !== 'any') errors.add('match', 'Choose whether all or any conditions must hold.', 'Conditions');
    form.conditions.forEach((row, i) => {
      const value = row.value.trim();
      if (!value) return;
      const label = `Condition ${i + 1}`;
      if (!oneOf(RULE_FIELDS, row.field)) errors.add(conditionField(i, 'field'), 'Choose tag, type, vendor or title.', label);
      else if (!oneOf(RULE_OPERATORS, row.operator)) errors.add(conditionField(i, 'operator'), 'Choose “is” or “contains”.', label);
      else if (value.length > 255) errors.add(conditionField(i, 'value'), 'Use at most 255 characters.', label);
      else conditions.push({ field: row.field, operator: row.operator, value });
    });
    if (conditions.length === 0 && errors.empty) errors.add(conditionField(0, 'value'), 'Give at least one condition, such as: tag is summer.', 'Condition 1');
  } else if (namesToAdd(form).length > MAX_ADD_NAMES) {
    errors.add('add', `Add at most ${MAX_ADD_NAMES} products at a time.`, 'Add products');
  }
  if (!errors.empty) return { value: null, errors };
  return {
    value: {
      handle,
      title: form.title.trim(),
      description: form.description.trim(),
      kind: form.kind as 'manual' | 'rule',
      rules: form.kind === 'rule' ? { match: form.match as 'all' | 'any', conditions } : null,
      sortOrder: form.sortOrder as CollectionSort,
      featured: form.featured,
      position: Number(position),
      status: form.status as 'active' | 'draft',
      productIds: form.members.filter((m) => !m.remove).map((m) => m.productId),
    },
    errors,
  };
}

// A draft save as it arrives: the checkout form (every field, url-encoded) or the JSON
// autosave (only the fields that changed). Both keep whatever was typed, valid or not.
import { Type, type Static } from 'typebox';
import { text, type FormBody } from '../../../web/forms/form-body.ts';
import { DRAFT_FIELDS, DRAFT_VALUE_LIMIT, type DraftField, type DraftFields } from './drafts.ts';

/** The form's name for each draft field: the shipping method radios are named "method". */
export const FORM_NAMES: Readonly<Record<DraftField, string>> = {
  email: 'email',
  name: 'name',
  line1: 'line1',
  line2: 'line2',
  city: 'city',
  region: 'region',
  postalCode: 'postalCode',
  country: 'country',
  phone: 'phone',
  methodId: 'method',
};

/** The draft fields a form or an autosave carries, by their form names. */
function changesFrom(read: (name: string) => string | null | undefined): Partial<DraftFields> {
  const changes: Partial<Record<DraftField, string | null>> = {};
  for (const field of DRAFT_FIELDS) {
    const value = read(FORM_NAMES[field]);
    if (value === undefined) continue;
    changes[field] = field === 'methodId' ? value || null : (value ?? '');
  }
  return changes as Partial<DraftFields>;
}

/** Every field of a posted checkout form; a field the form did not carry is left as it was. */
export function changesFromForm(body: FormBody): Partial<DraftFields> {
  return changesFrom((name) => (name in body ? text(body, name) : undefined));
}

/** The fields an autosave sends: only those that changed. */
export function changesFromJson(changes: DraftChanges): Partial<DraftFields> {
  return changesFrom((name) => (name in changes ? changes[name as keyof DraftChanges] : undefined));
}

const Value = Type.String({ maxLength: DRAFT_VALUE_LIMIT });

export const DraftChanges = Type.Object(
  {
    email: Type.Optional(Value),
    name: Type.Optional(Value),
    line1: Type.Optional(Value),
    line2: Type.Optional(Value),
    city: Type.Optional(Value),
    region: Type.Optional(Type.String({ maxLength: DRAFT_VALUE_LIMIT, description: 'A subdivision code (NY, ON) where the country has a list; free text elsewhere.' })),
    postalCode: Type.Optional(Value),
    country: Type.Optional(Type.String({ maxLength: DRAFT_VALUE_LIMIT, description: 'ISO 3166-1 alpha-2.' })),
    phone: Type.Optional(Value),
    method: Type.Optional(Type.Union([Type.String({ maxLength: 36 }), Type.Null()], { description: 'A shipping method id; null for the cheapest.' })),
  },
  { additionalProperties: false },
);
export type DraftChanges = Static<typeof DraftChanges>;

export const DraftSave = Type.Object(
  {
    version: Type.Optional(
      Type.Integer({
        minimum: 0,
        description: 'The draft version these changes were made to (0 before the first save). When the draft has moved on, nothing is saved: 409 `draft-changed` carries the draft as it now is.',
      }),
    ),
    changes: DraftChanges,
  },
  { additionalProperties: false },
);
export type DraftSave = Static<typeof DraftSave>;

// Stripe's request encoding: form fields and query parameters with bracketed keys, as the
// SDK writes them (`metadata[order_id]=…`, `expand[0]=latest_charge`), read back into
// nested objects and arrays.

export type FormValue = string | FormValue[] | { [key: string]: FormValue };
export type FormObject = { [key: string]: FormValue };

/** At most this many fields and this much nesting: the simulator never trusts its callers. */
const MAX_FIELDS = 200;
const MAX_DEPTH = 5;

export class FormEncodingError extends Error {
  override name = 'FormEncodingError';
}

export function parseStripeForm(encoded: string): FormObject {
  const root: FormObject = {};
  const pairs = [...new URLSearchParams(encoded)];
  if (pairs.length > MAX_FIELDS) throw new FormEncodingError(`At most ${MAX_FIELDS} parameters are accepted.`);
  for (const [key, value] of pairs) {
    const match = /^([^[\]]+)((?:\[[^[\]]*\])*)$/.exec(key);
    if (!match) throw new FormEncodingError(`Invalid parameter name: ${key}`);
    const path = [match[1]!, ...[...match[2]!.matchAll(/\[([^[\]]*)\]/g)].map((m) => m[1]!)];
    if (path.length > MAX_DEPTH) throw new FormEncodingError(`Parameter ${key} is nested too deeply.`);
    assign(root, path, value, key);
  }
  return arraysFromIndexes(root) as FormObject;
}

function assign(target: FormObject, path: string[], value: string, key: string): void {
  let node: FormObject = target;
  for (const [i, segment] of path.entries()) {
    const name = segment === '' ? String(Object.keys(node).length) : segment;
    if (name === '__proto__' || name === 'constructor' || name === 'prototype') throw new FormEncodingError(`Invalid parameter name: ${key}`);
    if (i === path.length - 1) {
      node[name] = value;
      return;
    }
    const next = node[name];
    if (next === undefined) {
      const child: FormObject = {};
      node[name] = child;
      node = child;
    } else if (typeof next === 'object' && !Array.isArray(next)) {
      node = next;
    } else {
      throw new FormEncodingError(`Parameter ${key} mixes a value and nested fields.`);
    }
  }
}

/** Objects whose keys are exactly 0..n-1 were arrays (`expand[0]`, `expand[1]`). */
function arraysFromIndexes(value: FormValue): FormValue {
  if (typeof value === 'string' || Array.isArray(value)) return value;
  const keys = Object.keys(value);
  const converted: FormObject = {};
  for (const key of keys) converted[key] = arraysFromIndexes(value[key]!);
  if (keys.length > 0 && keys.every((key, i) => key === String(i))) return keys.map((key) => converted[key]!);
  return converted;
}

/** A parameter read as a string (absent: undefined). */
export function str(params: FormObject, name: string): string | undefined {
  const value = params[name];
  return typeof value === 'string' ? value : undefined;
}

/** A parameter read as a list of strings (`expand[0]=…` or a single value). */
export function strings(params: FormObject, name: string): string[] {
  const value = params[name];
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

/** A nested object of string values, such as metadata. */
export function dictionary(params: FormObject, name: string): Record<string, string> | undefined {
  const value = params[name];
  if (value === undefined || value === '') return value === '' ? {} : undefined;
  if (typeof value !== 'object' || Array.isArray(value)) return undefined;
  const out: Record<string, string> = {};
  for (const [key, item] of Object.entries(value)) if (typeof item === 'string') out[key] = item;
  return out;
}

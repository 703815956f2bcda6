// Handles are the last part of a product's or collection's URL: lower-case letters, digits
// and single hyphens. The admin suggests one from the title when the merchant leaves it blank.
import { HANDLE_PATTERN } from '../products/save.ts';

const MAX_HANDLE_LENGTH = 255;

export function suggestHandle(title: string): string {
  return title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/, '');
}

export function handleProblem(handle: string): string | null {
  if (handle === '') return 'Enter a handle, or a title to make one from.';
  if (handle.length > MAX_HANDLE_LENGTH) return `Use at most ${MAX_HANDLE_LENGTH} characters.`;
  if (!HANDLE_PATTERN.test(handle)) return 'Use lower-case letters, digits and single hyphens only, such as "blue-linen-shirt".';
  return null;
}

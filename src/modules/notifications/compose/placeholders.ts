// The merchant's subject and intro may name placeholders such as {{order.number}}. A text is
// checked when it is saved, so a broken placeholder is refused there with a clear message
// and never reaches a customer; filling a checked text cannot fail.
const PLACEHOLDER = /\{\{\s*([a-z]+(?:\.[a-z_]+)*)\s*\}\}/g;

export interface PlaceholderProblem {
  message: string;
}

/** Null when every placeholder is known and well formed. */
export function placeholderProblem(text: string, allowed: readonly string[]): PlaceholderProblem | null {
  const unknown: string[] = [];
  const rest = text.replace(PLACEHOLDER, (_, name: string) => {
    if (!allowed.includes(name)) unknown.push(name);
    return '';
  });
  if (unknown.length > 0) {
    return { message: `{{${unknown[0]}}} is not something this email knows. You can use: ${allowed.map((name) => `{{${name}}}`).join(', ')}.` };
  }
  if (rest.includes('{{') || rest.includes('}}')) {
    return { message: 'A placeholder is not closed: write it as {{name}}, with two braces on each side and no spaces inside the name.' };
  }
  return null;
}

/** Replaces each placeholder with its value (an unknown one, impossible after the check, with nothing). */
export function fillPlaceholders(text: string, values: Readonly<Record<string, string>>): string {
  return text.replace(PLACEHOLDER, (_, name: string) => values[name] ?? '');
}

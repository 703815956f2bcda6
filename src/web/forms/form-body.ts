// Reading url-encoded form posts. Values arrive as strings (or arrays when a name repeats);
// anything else counts as absent. Lengths are checked by the validators, which can say
// which field is too long; the body limit bounds the total.
import type { FastifyRequest } from 'fastify';

export type FormBody = Readonly<Record<string, unknown>>;

export function formBody(request: FastifyRequest): FormBody {
  const body = request.body;
  return body && typeof body === 'object' ? (body as FormBody) : {};
}

export function text(body: FormBody, name: string): string {
  const value = body[name];
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' ? first : '';
}

/** A checkbox: present with any value when ticked. */
export function checked(body: FormBody, name: string): boolean {
  return text(body, name) !== '';
}

/** Whether the form carried a field at all (each table row carries its inputs, even empty). */
export function has(body: FormBody, name: string): boolean {
  return name in body;
}

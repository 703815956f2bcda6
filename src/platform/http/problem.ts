// The one error model. Services throw `Problem`s; the HTTP layer turns them into RFC 9457
// problem+json for the API and into friendly pages for browsers. `type` is stable: clients
// and tests branch on it, never on the human-readable title or detail.

export interface FieldError {
  /** Dotted path of the failing field, e.g. "address.postalCode". */
  field: string;
  message: string;
}

export interface ProblemInit {
  status: number;
  /** Short stable slug; becomes `/problems/<slug>`. */
  type: string;
  title: string;
  detail?: string;
  errors?: FieldError[];
  /** Extra headers, e.g. Retry-After. */
  headers?: Record<string, string>;
  /** Extra members for the JSON body (RFC 9457 extension members). */
  extensions?: Record<string, unknown>;
}

export class Problem extends Error {
  override name = 'Problem';
  readonly status: number;
  readonly type: string;
  readonly title: string;
  readonly detail: string | undefined;
  readonly errors: FieldError[] | undefined;
  readonly headers: Record<string, string>;
  readonly extensions: Record<string, unknown>;

  constructor(init: ProblemInit) {
    super(init.detail ?? init.title);
    this.status = init.status;
    this.type = init.type;
    this.title = init.title;
    this.detail = init.detail;
    this.errors = init.errors;
    this.headers = init.headers ?? {};
    this.extensions = init.extensions ?? {};
  }
}

export const problems = {
  badRequest: (detail: string, errors?: FieldError[]) =>
    new Problem({ status: 400, type: 'validation', title: 'Some of the input is not valid', detail, ...(errors ? { errors } : {}) }),
  unauthorized: () =>
    new Problem({ status: 401, type: 'unauthenticated', title: 'Please sign in first' }),
  forbidden: () =>
    new Problem({ status: 403, type: 'forbidden', title: 'You are not allowed to do this' }),
  notFound: (what = 'page') =>
    new Problem({ status: 404, type: 'not-found', title: `We could not find that ${what}` }),
  conflict: (type: string, title: string, detail?: string) =>
    new Problem({ status: 409, type, title, ...(detail ? { detail } : {}) }),
  csrf: () =>
    new Problem({
      status: 403,
      type: 'csrf',
      title: 'This form has expired',
      detail: 'For your safety the form could not be sent. Please reload the page and try again.',
    }),
  tooManyRequests: (retryAfterSeconds: number) =>
    new Problem({
      status: 429,
      type: 'rate-limited',
      title: 'Too many attempts',
      detail: `Please wait ${retryAfterSeconds} seconds and try again.`,
      headers: { 'retry-after': String(retryAfterSeconds) },
    }),
  unavailable: (detail: string, retryAfterSeconds: number) =>
    new Problem({
      status: 503,
      type: 'unavailable',
      title: 'Temporarily unavailable',
      detail,
      headers: { 'retry-after': String(retryAfterSeconds) },
    }),
};

export function problemTypeUri(type: string): string {
  return `/problems/${type}`;
}

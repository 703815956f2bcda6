// File uploads from admin forms (multipart/form-data), for the routes that take one file.
//
// The platform checks the CSRF token of a form in preValidation, before a multipart body has
// been read, so an upload route opts out of that check (csrf: false) and this reader makes the
// same check itself while reading the body: it refuses cross-site posts, and the signed
// `_csrf` field, which the form sends before the file, must match the `_csrf` cookie before a
// byte of the file is read. The access guard (preHandler) runs before the handler, so nobody
// without access gets the body read at all.
import multipart from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { basename } from 'node:path';
import type { Signer } from '../signing.ts';
import type { App } from './app.ts';
import { CSRF_FIELD, CSRF_HEADER, isCrossSite, verifyCsrf } from './csrf.ts';
import { Problem, problems } from './problem.ts';

export interface UploadLimits {
  /** Largest file accepted. */
  fileBytes: number;
  /** Form fields besides the file and the CSRF token. */
  fields?: number;
}

export interface Upload {
  /** The file's base name as the browser gave it (bounded). */
  name: string;
  data: Buffer;
  /** The other text fields of the form, by name (the first value of each). */
  fields: Record<string, string>;
}

/** Why an upload cannot be read; `message` is for the form the file came from. */
export class UploadError extends Error {
  override name = 'UploadError';
  readonly status: number;
  constructor(message: string, status: number) {
    super(message);
    this.status = status;
  }
}

const MiB = 1024 * 1024;
const FIELD_BYTES = 1024;

/**
 * Registers upload routes in a scope of their own, whose multipart parser accepts one file
 * within the limits; the rest of the app keeps refusing multipart bodies.
 */
export function registerUploadRoutes(
  app: App,
  limits: UploadLimits,
  routes: (scope: App) => void,
): void {
  const fields = (limits.fields ?? 0) + 1;
  void app.register(async (scope) => {
    await scope.register(multipart, {
      limits: {
        files: 1,
        fileSize: limits.fileBytes,
        fields,
        fieldSize: FIELD_BYTES,
        parts: fields + 1,
        headerPairs: 50,
      },
    });
    routes(scope as unknown as App);
  });
}

/** Reads the one file of the upload (field `file`) and its text fields, after checking the form's CSRF token. */
export async function readUpload(
  signer: Signer,
  request: FastifyRequest,
  limits: UploadLimits,
): Promise<Upload> {
  if (isCrossSite(request.headers)) throw problems.csrf();
  if (!request.isMultipart()) {
    throw new Problem({
      status: 415,
      type: 'unsupported-media-type',
      title: 'This content type is not accepted',
      detail: 'Send the file as multipart/form-data.',
    });
  }
  const header = request.headers[CSRF_HEADER];
  let verified =
    typeof header === 'string' && verifyCsrf(signer, request.cookies[CSRF_FIELD], header);
  let file: { name: string; data: Buffer } | undefined;
  const fields: Record<string, string> = {};
  try {
    for await (const part of request.parts()) {
      if (part.type === 'field') {
        if (typeof part.value !== 'string') continue;
        if (part.fieldname === CSRF_FIELD)
          verified ||= verifyCsrf(signer, request.cookies[CSRF_FIELD], part.value);
        else fields[part.fieldname] ??= part.value;
        continue;
      }
      if (!verified) throw problems.csrf();
      const data = await part.toBuffer();
      if (part.fieldname === 'file')
        file = { name: basename(part.filename || 'upload.csv').slice(0, 200), data };
    }
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode === 413) {
      throw new UploadError(`Choose one CSV file of at most ${limits.fileBytes / MiB} MiB.`, 413);
    }
    throw error;
  }
  if (!verified) throw problems.csrf();
  if (!file || file.data.length === 0) throw new UploadError('Choose a CSV file to import.', 422);
  return { ...file, fields };
}

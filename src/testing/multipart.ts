// multipart/form-data bodies for upload tests: text fields and files, in the order given
// (the order matters: the CSRF token must come before the file).
import { randomUUID } from 'node:crypto';

export type Part =
  { name: string; value: string } | { name: string; filename: string; data: Buffer };

export function multipart(parts: Part[]): { body: Buffer; type: string } {
  const boundary = `----doorstep${randomUUID()}`;
  const chunks: Buffer[] = [];
  for (const part of parts) {
    const disposition =
      'filename' in part
        ? `form-data; name="${part.name}"; filename="${part.filename}"`
        : `form-data; name="${part.name}"`;
    const type = 'filename' in part ? '\r\nContent-Type: text/csv' : '';
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: ${disposition}${type}\r\n\r\n`));
    chunks.push('filename' in part ? part.data : Buffer.from(part.value));
    chunks.push(Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), type: `multipart/form-data; boundary=${boundary}` };
}

// Which attachments of an inbound email are kept, and what they are served as. Only types
// an agent opens as documents are kept (an allow-list by file extension, checked against the
// type the sender declared); each file and the whole message have a size limit. What is not
// kept is listed on the message with the reason. A kept file is served with the type from
// this list, never the sender's: no HTML, SVG or script can come back out of the desk.

export const ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024;
export const MESSAGE_ATTACHMENTS_MAX_BYTES = 20 * 1024 * 1024;
export const ATTACHMENTS_PER_MESSAGE = 30;
const FILENAME_MAX = 150;

/** Extension → the type it is served as, and the types a sender may declare for it (besides application/octet-stream). */
const ALLOWED: Readonly<Record<string, { served: string; declared: readonly string[] }>> = {
  pdf: { served: 'application/pdf', declared: ['application/pdf', 'application/x-pdf'] },
  png: { served: 'image/png', declared: ['image/png'] },
  jpg: { served: 'image/jpeg', declared: ['image/jpeg', 'image/jpg', 'image/pjpeg'] },
  jpeg: { served: 'image/jpeg', declared: ['image/jpeg', 'image/jpg', 'image/pjpeg'] },
  gif: { served: 'image/gif', declared: ['image/gif'] },
  webp: { served: 'image/webp', declared: ['image/webp'] },
  heic: { served: 'image/heic', declared: ['image/heic', 'image/heif'] },
  txt: { served: 'text/plain; charset=utf-8', declared: ['text/plain'] },
  csv: { served: 'text/csv; charset=utf-8', declared: ['text/csv', 'text/plain', 'application/vnd.ms-excel'] },
  eml: { served: 'message/rfc822', declared: ['message/rfc822'] },
  doc: { served: 'application/msword', declared: ['application/msword'] },
  docx: { served: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', declared: ['application/vnd.openxmlformats-officedocument.wordprocessingml.document'] },
  xls: { served: 'application/vnd.ms-excel', declared: ['application/vnd.ms-excel'] },
  xlsx: { served: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', declared: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'] },
  odt: { served: 'application/vnd.oasis.opendocument.text', declared: ['application/vnd.oasis.opendocument.text'] },
  ods: { served: 'application/vnd.oasis.opendocument.spreadsheet', declared: ['application/vnd.oasis.opendocument.spreadsheet'] },
};

/** For a part without a file name: the extension its declared type stands for. */
const EXTENSION_OF_TYPE: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(ALLOWED)
    .filter(([ext]) => ext !== 'jpg')
    .flatMap(([ext, { declared }]) => declared.map((type) => [type, ext] as const))
    .reverse(),
);

/** A name safe to show and to offer as a download: no path, no control characters, bounded. */
export function safeFilename(name: string | undefined, declaredType: string, position: number): string {
  const base = (name ?? '')
    .replace(/[\u0000-\u001f\u007f]/g, '')
    .split(/[/\\]/)
    .pop()!
    .replace(/^[.\s]+/, '')
    .trim();
  if (base !== '') {
    if (base.length <= FILENAME_MAX) return base;
    const dot = base.lastIndexOf('.');
    const ext = dot > 0 && base.length - dot <= 10 ? base.slice(dot) : '';
    return `${base.slice(0, FILENAME_MAX - ext.length)}${ext}`;
  }
  const ext = EXTENSION_OF_TYPE[declaredType.toLowerCase()];
  return `attachment-${position}${ext ? `.${ext}` : ''}`;
}

/** The type the file is served as, or null when its kind is not kept. */
export function servedType(filename: string, declaredType: string): string | null {
  const dot = filename.lastIndexOf('.');
  const allowed = dot > 0 ? ALLOWED[filename.slice(dot + 1).toLowerCase()] : undefined;
  if (!allowed) return null;
  const declared = declaredType.toLowerCase();
  return declared === 'application/octet-stream' || allowed.declared.includes(declared) ? allowed.served : null;
}

export type AttachmentDecision = { keep: true; servedType: string } | { keep: false; refused: 'too_large' | 'type' | 'message_total' };

/**
 * Decides each attachment in order: its type, its own size, then whether it still fits in
 * the message's total (and count). A refused one takes nothing from the total.
 */
export function decideAttachments(parts: readonly { filename: string; declaredType: string; size: number }[]): AttachmentDecision[] {
  let total = 0;
  let kept = 0;
  return parts.map((part) => {
    const served = servedType(part.filename, part.declaredType);
    if (!served) return { keep: false, refused: 'type' };
    if (part.size > ATTACHMENT_MAX_BYTES) return { keep: false, refused: 'too_large' };
    if (total + part.size > MESSAGE_ATTACHMENTS_MAX_BYTES || kept >= ATTACHMENTS_PER_MESSAGE) return { keep: false, refused: 'message_total' };
    total += part.size;
    kept++;
    return { keep: true, servedType: served };
  });
}

// Product descriptions come from CSV files and the admin form: untrusted HTML. Only
// formatting survives; scripts, styles, event handlers and javascript: links never do.
import sanitizeHtml from 'sanitize-html';

const DESCRIPTION: sanitizeHtml.IOptions = {
  allowedTags: [
    'p', 'br', 'strong', 'b', 'em', 'i', 'u', 's', 'ul', 'ol', 'li', 'h2', 'h3', 'h4',
    'blockquote', 'a', 'span', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'hr',
  ],
  allowedAttributes: { a: ['href', 'title', 'rel', 'target'] },
  allowedSchemes: ['https', 'http', 'mailto'],
  transformTags: {
    // Links in a description leave the store: they must not pass our page's authority along.
    a: sanitizeHtml.simpleTransform('a', { rel: 'nofollow noopener', target: '_blank' }),
  },
  disallowedTagsMode: 'discard',
};

const TEXT_ONLY: sanitizeHtml.IOptions = { allowedTags: [], allowedAttributes: {} };

export function sanitizeDescription(html: string): string {
  return sanitizeHtml(html, DESCRIPTION).trim();
}

/** The description as plain text, for meta descriptions and the search document. */
export function descriptionText(html: string): string {
  return sanitizeHtml(html, TEXT_ONLY).replace(/\s+/g, ' ').trim();
}

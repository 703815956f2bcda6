// For tests: every link in the emails a test produced must open a working page of the store
// (no 404, no 500), as the customer would click it. Links to other sites (a carrier's own
// tracking page) are not ours to check; our redirect to them is.
import assert from 'node:assert/strict';
import type { TestStore } from '../../../testing/store.ts';
import type { outgoingEmails } from '../schema.ts';

type EmailRow = typeof outgoingEmails.$inferSelect;

const decode = (href: string) => href.replace(/&amp;/g, '&').replace(/&#x27;|&#39;/g, "'").replace(/&quot;/g, '"');

/** Every distinct absolute link in an email's HTML and text parts. */
export function linksOf(email: Pick<EmailRow, 'html' | 'text'>): string[] {
  const found = new Set<string>();
  for (const match of email.html.matchAll(/href="([^"]+)"/g)) found.add(decode(match[1]!));
  for (const match of email.text.matchAll(/https?:\/\/[^\s<>"]+/g)) found.add(match[0]);
  return [...found];
}

/** Opens each of our links with GET and fails on any 4xx/5xx; returns how many were opened. */
export async function assertEmailLinksWork(store: TestStore, emails: readonly EmailRow[]): Promise<number> {
  const base = new URL(store.platform.config.baseUrl);
  const checked = new Map<string, number>();
  for (const email of emails) {
    const links = linksOf(email);
    assert.ok(links.length > 0, `${email.touchPoint}: the email has at least one link`);
    for (const link of links) {
      const url = new URL(link);
      assert.ok(url.protocol === 'https:' || url.protocol === 'http:', `${email.touchPoint}: ${link} is absolute`);
      if (url.host !== base.host) continue;
      const path = url.pathname + url.search;
      if (!checked.has(path)) {
        const response = await store.app.inject({ method: 'GET', url: path, headers: { accept: 'text/html' } });
        checked.set(path, response.statusCode);
      }
      const status = checked.get(path)!;
      assert.ok(status < 400, `${email.touchPoint} “${email.subject}”: ${path} answered ${status}`);
    }
  }
  return checked.size;
}

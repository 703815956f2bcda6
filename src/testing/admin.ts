// Test helpers for any module's admin pages: staff accounts, a browser stand-in that posts
// forms with the page's CSRF token and signs staff in, and the values a rendered form would post.
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { rows } from '../platform/db/database.ts';
import { hashPassword } from '../platform/http/auth/passwords.ts';
import type { StaffRole } from '../platform/http/principal.ts';
import { TestBrowser } from './browser.ts';
import type { TestStore } from './store.ts';

export const STAFF_PASSWORD = 'staff test password';

/**
 * A staff account. The staff module keeps account creation internal (the create-admin
 * command uses it), so tests write the row the same way that command does.
 */
export async function createStaff(store: TestStore, role: StaffRole): Promise<string> {
  return (await createStaffAccount(store, role)).email;
}

async function createStaffAccount(store: TestStore, role: StaffRole): Promise<{ id: string; email: string }> {
  const id = randomUUID();
  const email = `${role}-${id.slice(0, 8)}@doorstep.example`;
  await rows(
    store.platform.database.db,
    sql`insert into staff_users (id, email, name, role, password_hash) values (${id}, ${email}, ${`Test ${role}`}, ${role}, ${await hashPassword(STAFF_PASSWORD)})`,
  );
  return { id, email };
}

/** A new staff account signed in: its browser, and its id for what the tests look up by staff member. */
export async function signedInStaff(store: TestStore, role: StaffRole): Promise<{ browser: Browser; id: string; email: string }> {
  const account = await createStaffAccount(store, role);
  const browser = new Browser(store);
  await browser.signIn(account.email);
  return { browser, ...account };
}

export class Browser extends TestBrowser {
  get(url: string) {
    return this.request({ method: 'GET', url, headers: { accept: 'text/html' } });
  }

  /** Posts a form with the CSRF token of the last page, unless the fields say otherwise. */
  post(url: string, fields: Record<string, string> | URLSearchParams) {
    const form = new URLSearchParams(fields);
    if (!form.has('_csrf')) form.set('_csrf', this.csrf);
    return this.request({
      method: 'POST',
      url,
      headers: { accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
      payload: form.toString(),
    });
  }

  async signIn(email: string): Promise<void> {
    await this.get('/staff/sign-in');
    const response = await this.post('/staff/sign-in', { email, password: STAFF_PASSWORD });
    if (response.statusCode !== 303) throw new Error(`sign-in failed: ${response.statusCode}`);
  }
}

/** The values of a rendered form's inputs, selects and text areas, as the browser would post them. */
export function formFields(html: string, action: string): URLSearchParams {
  const start = html.indexOf(`action="${action}"`);
  if (start < 0) throw new Error(`no form posting to ${action}`);
  const form = html.slice(start, html.indexOf('</form>', start));
  const fields = new URLSearchParams();
  const decode = (s: string) => s.replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
  const attribute = (tag: string, name: string) => new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];
  for (const [tag] of form.matchAll(/<input\b[^>]*>/g)) {
    const name = attribute(tag, 'name');
    if (!name) continue;
    const type = attribute(tag, 'type') ?? 'text';
    if ((type === 'checkbox' || type === 'radio') && !/\schecked(\s|\/|>|=)/.test(tag)) continue;
    fields.append(name, decode(attribute(tag, 'value') ?? (type === 'checkbox' ? 'on' : '')));
  }
  for (const [, attributes, options] of form.matchAll(/<select\b([^>]*)>([\s\S]*?)<\/select>/g)) {
    const name = attribute(attributes!, 'name');
    const chosen = /<option\b[^>]*\sselected[^>]*>/.exec(options!)?.[0] ?? /<option\b[^>]*>/.exec(options!)?.[0];
    if (name && chosen) fields.append(name, decode(attribute(chosen, 'value') ?? ''));
  }
  for (const [, attributes, value] of form.matchAll(/<textarea\b([^>]*)>([\s\S]*?)<\/textarea>/g)) {
    const name = attribute(attributes!, 'name');
    if (name) fields.append(name, decode(value!));
  }
  return fields;
}

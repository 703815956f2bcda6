// Touch points for a customer's account: welcome, password reset, and the two emails of an
// email change (the confirmation link to the new address, the notice to the old one). None
// sells: they are about the person's access to their account, where a product block would
// distract from what must be done or checked.
//
// The reset and change links grant access, so their previews show nothing: a preview built
// from a real customer would hand the merchant a working link into that customer's account.
// The notice of a change has no preview either: it would need a real person's two addresses.
import type { Platform } from '../../../platform/platform.ts';
import { customerEmailChanged, customerEmailChangeRequested, customerPasswordResetRequested, customerSignedUp, emailChangeById, emailChangeUrl, EMAIL_CHANGE_TTL_MS, getCustomer, passwordResetLink } from '../../customers/index.ts';
import { previewOrder } from './order-letter.ts';
import { defineTouchPoint, type Block, type Letter, type TouchPoint } from './define.ts';

/** What the greeting calls them: the first word of the name they gave, if any. */
function nameValues(name: string): Record<string, string> {
  const first = name.trim().split(/\s+/)[0] ?? '';
  return first ? { 'customer.name': first } : {};
}

function accountLetter(to: string, name: string, about: string, blocks: Block[], values: Record<string, string> = {}): Letter {
  return { to, about, values: { ...nameValues(name), ...values }, blocks };
}

const accountUrl = (platform: Platform) => `${platform.config.baseUrl}/account`;
const helpUrl = (platform: Platform) => `${platform.config.baseUrl}/help`;

export const accountWelcome = defineTouchPoint({
  key: 'account.welcome',
  group: 'Account',
  title: 'Welcome',
  when: 'When someone creates an account.',
  event: customerSignedUp,
  kind: 'transactional',
  sells: false,
  defaults: {
    subject: 'Welcome to {{store.name}}',
    intro: 'Your {{store.name}} account is ready.',
  },
  placeholders: {},
  async letters(platform, tx, event) {
    const customer = await getCustomer(tx, event.payload.customerId);
    if (!customer) return [];
    return [
      accountLetter(customer.email, customer.name, `customer:${customer.id}`, [
        { kind: 'paragraph', text: 'Sign in to see your details and, once you have ordered, every order and where it stands.' },
        { kind: 'button', label: 'Go to your account', url: accountUrl(platform) },
        { kind: 'paragraph', text: 'If you did not create this account, just reply to this email and we will look into it.' },
      ]),
    ];
  },
  async preview(db, number) {
    const order = await previewOrder(db, number, ['placed', 'validated', 'in_preparation', 'prepared', 'shipped', 'delivered']);
    return order?.customerId ? { customerId: order.customerId } : null;
  },
});

export const accountPasswordReset = defineTouchPoint({
  key: 'account.password-reset',
  group: 'Account',
  title: 'Password reset',
  when: 'When someone asks for a new password for an existing account.',
  event: customerPasswordResetRequested,
  kind: 'transactional',
  sells: false,
  alwaysOn: true,
  defaults: {
    subject: 'Reset your {{store.name}} password',
    intro: 'Someone (we hope you) asked to reset the password of your {{store.name}} account.',
  },
  placeholders: {},
  async letters(platform, tx, event) {
    const link = await passwordResetLink(platform, tx, event.payload.customerId);
    if (!link) return [];
    // Each request is its own email: a second request a minute later must get its link.
    return [
      accountLetter(link.email, link.name, `password-reset:${event.id}`, [
        { kind: 'button', label: 'Choose a new password', url: link.url },
        { kind: 'paragraph', text: `The link works once, for ${link.minutes} minutes. If you did not ask for it, ignore this email: your password stays as it is.` },
      ]),
    ];
  },
  preview: async () => null,
});

const EMAIL_CHANGE_PLACEHOLDERS: Record<string, string> = {
  'account.old_email': 'The address the account used before',
  'account.new_email': 'The address the account moves to',
};

const changeValues = (change: { oldEmail: string; newEmail: string }) => ({ 'account.old_email': change.oldEmail, 'account.new_email': change.newEmail });

export const accountEmailChange = defineTouchPoint({
  key: 'account.email-change',
  group: 'Account',
  title: 'Email change: confirm the new address',
  when: 'When a signed-in customer asks to change their email address; goes to the new address.',
  event: customerEmailChangeRequested,
  kind: 'transactional',
  sells: false,
  alwaysOn: true,
  defaults: {
    subject: 'Confirm your new email address for {{store.name}}',
    intro: 'You asked to use {{account.new_email}} for your {{store.name}} account instead of {{account.old_email}}.',
  },
  placeholders: EMAIL_CHANGE_PLACEHOLDERS,
  async letters(platform, tx, event) {
    const change = await emailChangeById(tx, event.payload.requestId);
    if (!change || change.confirmedAt) return [];
    const hours = EMAIL_CHANGE_TTL_MS / 3_600_000;
    return [
      accountLetter(
        change.newEmail,
        change.name,
        `email-change:${change.id}`,
        [
          { kind: 'paragraph', text: 'Confirm it, and your account moves here: you sign in with this address and our emails come here.' },
          { kind: 'button', label: 'Confirm this address', url: emailChangeUrl(platform, change) },
          { kind: 'paragraph', text: `The link works once, for ${hours} hours. If you did not ask for this, ignore this email: nothing changes unless the button on that page is pressed.` },
        ],
        changeValues(change),
      ),
    ];
  },
  preview: async () => null,
});

export const accountEmailChanged = defineTouchPoint({
  key: 'account.email-changed',
  group: 'Account',
  title: 'Email change: notice to the old address',
  when: 'When a new email address is confirmed; tells the address the account used before.',
  event: customerEmailChanged,
  kind: 'transactional',
  sells: false,
  alwaysOn: true,
  defaults: {
    subject: 'Your {{store.name}} email address was changed',
    intro: 'Your {{store.name}} account now uses {{account.new_email}} instead of this address.',
  },
  placeholders: EMAIL_CHANGE_PLACEHOLDERS,
  async letters(platform, tx, event) {
    const change = await emailChangeById(tx, event.payload.requestId);
    if (!change) return [];
    return [
      accountLetter(
        change.oldEmail,
        change.name,
        `email-change:${change.id}`,
        [
          { kind: 'facts', rows: [{ label: 'Before', value: change.oldEmail }, { label: 'Now', value: change.newEmail }] },
          { kind: 'paragraph', text: 'If this was you, there is nothing more to do: sign in with the new address from now on.' },
          { kind: 'paragraph', text: 'If it was not you, reply to this email or contact us straight away: we will give the account back to you and secure it.' },
          { kind: 'link', label: 'Contact us', url: helpUrl(platform) },
        ],
        changeValues(change),
      ),
    ];
  },
  preview: async () => null,
});

export const ACCOUNT_TOUCH_POINTS = [accountWelcome, accountPasswordReset, accountEmailChange, accountEmailChanged] as TouchPoint[];

// The notifications module: an email at every moment of truth (the touch points), rendered
// from the merchant's words and brand, queued in the event's transaction and delivered with
// retries, never twice; suggestions only where welcome; preferences, one-click unsubscribe
// and a suppression list so it never turns into spam.
import type { Module } from '../../platform/module.ts';
import { deliverAtStart, registerNotifications } from './register.ts';

export { emailsAbout, type SentEmailRow } from './queue/read.ts';
export { suppressionOf, type Suppression } from './suppression/suppressions.ts';

export const notificationsModule: Module = { name: 'notifications', register: registerNotifications, ready: deliverAtStart };

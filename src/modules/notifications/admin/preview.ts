// The live preview: a touch point's email written from a real order, with the merchant's
// words (saved or just typed) and brand (saved or just typed), exactly as the queue would
// compose it. It runs inside a transaction that is always rolled back, so nothing a touch
// point or the preview itself writes on the way (a typed brand, a token) survives, and nothing
// is queued or sent.
import type { Db } from '../../../platform/db/database.ts';
import { newId } from '../../../platform/ids.ts';
import type { Platform } from '../../../platform/platform.ts';
import type { Brand } from '../compose/brand.ts';
import { composeLetter, type ComposedEmail } from '../queue/enqueue.ts';
import type { TouchPoint } from '../touch-points/define.ts';

export type Preview =
  /** The email, for this recipient, written from the order numbered `orderNumber` (when it is about one). */
  | { kind: 'email'; to: string; orderNumber: string | null; email: ComposedEmail }
  /** No order fits (none with that number, or none at the stage this email is about). */
  | { kind: 'no-order'; orderNumber: string | null }
  /** The order fits, but this touch point has nothing to write about it. */
  | { kind: 'no-letter'; orderNumber: string | null }
  /** Writing it failed (logged): the editor still opens, so the words can be fixed or the email switched off. */
  | { kind: 'failed' };

export interface PreviewRequest {
  /** The order to write from; the most recent fitting one when absent. */
  orderNumber: string | null;
  words: { subject: string; intro: string };
  /** A brand to try instead of the saved one. */
  brand?: Brand;
}

/** Thrown to end the preview's transaction: a rollback, not a failure. */
const ROLLBACK = new Error('preview rendered; rolled back on purpose');

async function render(platform: Platform, tx: Db, touchPoint: TouchPoint, request: PreviewRequest): Promise<Preview> {
  const orderNumber = request.orderNumber;
  const payload = await touchPoint.preview(tx, orderNumber ?? undefined);
  if (!payload) return { kind: 'no-order', orderNumber };
  const event = { id: newId(), type: touchPoint.event.name, payload, actor: 'preview', occurredAt: platform.clock.now().toISOString() };
  const [letter] = await touchPoint.letters(platform, tx, event);
  const shown = letter?.values['order.number'] ?? orderNumber;
  if (!letter) return { kind: 'no-letter', orderNumber: shown };
  return { kind: 'email', to: letter.to, orderNumber: shown, email: await composeLetter(platform, tx, touchPoint, request.words, letter, request.brand ? { brand: request.brand } : {}) };
}

export async function previewTouchPoint(platform: Platform, touchPoint: TouchPoint, request: PreviewRequest): Promise<Preview> {
  let preview: Preview | undefined;
  try {
    await platform.database.transaction(async (tx) => {
      preview = await render(platform, tx, touchPoint, request);
      throw ROLLBACK;
    });
  } catch (error) {
    if (error !== ROLLBACK) {
      platform.log.error({ err: error, touchPoint: touchPoint.key }, 'an email preview failed');
      return { kind: 'failed' };
    }
  }
  return preview!;
}

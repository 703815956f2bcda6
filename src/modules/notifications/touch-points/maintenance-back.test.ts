// "Email me when it's back": the address left while checkout was closed gets one email when
// the window ends, with the way back to the cart, and never a second one, even when the event
// is delivered twice; an address that asked during another window is told for that one alone.
import assert from 'node:assert/strict';
import { after, before, it, describe } from 'node:test';
import { fixedClock } from '../../../platform/clock.ts';
import type { EventPayload } from '../../../platform/events/events.ts';
import { readDevMailbox } from '../../../platform/mail/mailer.ts';
import { Browser, createStaff } from '../../../testing/admin.ts';
import { orderingStore } from '../../../testing/orders.ts';
import type { TestStore } from '../../../testing/store.ts';
import { tellShoppersBack } from '../../maintenance/index.ts';
import { deliverDue } from '../queue/deliver.ts';
import { queueTouchPoint } from '../queue/enqueue.ts';
import type { TouchPoint } from './define.ts';
import { maintenanceBackTouchPoint } from './maintenance-back.ts';

describe('notifications: touch-points: maintenance-back', () => {
  const clock = fixedClock('2026-12-06T12:00:00Z');
  let store: TestStore;
  const db = () => store.platform.database.db;

  before(async () => {
    store = await orderingStore(clock);
  });
  after(() => store.close());

  /** Runs the touch point for every `maintenance.back` event, twice (a redelivering outbox), then sends. */
  async function deliverAll(): Promise<void> {
    const { platform } = store;
    for (const event of await platform.events.history(db(), maintenanceBackTouchPoint.event.name, 1000)) {
      for (let i = 0; i < 2; i++) await platform.database.transaction((tx) => queueTouchPoint(platform, tx, maintenanceBackTouchPoint as TouchPoint<EventPayload>, event));
    }
    await deliverDue(platform);
  }

  it('tells the address once, when the window ends, with the way back to the cart', async () => {
    const admin = new Browser(store);
    await admin.signIn(await createStaff(store, 'lead'));
    // Checkout only, Tuesday 8 December 2:00–4:00 in New York; checkouts drain from 1:30.
    const scheduled = await admin.post('/admin/maintenance', { startDate: '2026-12-08', startTime: '02:00', endDate: '2026-12-08', endTime: '04:00', scope: 'checkout', message: 'We are moving to a faster payment system.' });
    assert.equal(scheduled.statusCode, 303, scheduled.body);
    const windowId = String(scheduled.headers.location).split('/').pop()!.split('?')[0]!;

    clock.set('2026-12-08T06:45:00Z');
    const shopper = new Browser(store);
    await shopper.get('/status');
    assert.equal((await shopper.post('/maintenance/back', { windowId, email: 'grace@example.com' })).statusCode, 200);

    assert.equal(await tellShoppersBack(store.platform), 0);
    await deliverAll();
    assert.equal((await readDevMailbox(db(), 'grace@example.com')).length, 0, 'nothing before the end');

    clock.set('2026-12-08T09:00:00Z');
    assert.equal(await tellShoppersBack(store.platform), 1);
    await deliverAll();
    const [mail, ...more] = await readDevMailbox(db(), 'grace@example.com');
    assert.equal(more.length, 0, 'one email');
    assert.equal(mail!.subject, 'Doorstep is open again');
    assert.match(mail!.text, /checkout is open again/);
    assert.match(mail!.text, /Your cart was kept while we worked/);
    assert.match(mail!.text, /http:\/\/store\.test\/cart/);

    const preview = await admin.get('/admin/notifications/maintenance.back/preview.html');
    assert.equal(preview.statusCode, 200);
    assert.match(preview.body, /Your cart was kept while we worked/);
  });
});

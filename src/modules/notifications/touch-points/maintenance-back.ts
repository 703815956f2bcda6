// "Email me when it's back" (seed 000: "… or choose to return the next day"): a shopper turned
// away from checkout by planned maintenance left an address; when the window is over (or was
// called off) that address gets one email saying checkout is open again, with a way back to
// the cart, which was kept. They asked for exactly this, once: transactional, and it does not sell.
import { backRequestById, latestBackRequest, maintenanceBack } from '../../maintenance/index.ts';
import { defineTouchPoint, type TouchPoint } from './define.ts';

export const maintenanceBackTouchPoint = defineTouchPoint({
  key: 'maintenance.back',
  group: 'Announcements',
  title: 'Back after maintenance',
  when: 'When a maintenance window ends or is cancelled: once, to each shopper who asked “Email me when it’s back” while checkout was closed.',
  event: maintenanceBack,
  kind: 'transactional',
  sells: false,
  defaults: {
    subject: '{{store.name}} is open again',
    intro: 'The planned work on {{store.name}} is done, and checkout is open again.',
  },
  placeholders: {},
  async letters(platform, tx, event) {
    const request = await backRequestById(tx, event.payload.requestId);
    if (!request) return [];
    return [
      {
        to: request.email,
        about: `maintenance-back:${request.id}`,
        values: {},
        blocks: [
          { kind: 'paragraph', text: 'You asked us to tell you. Your cart was kept while we worked: it is where you left it.' },
          { kind: 'button', label: 'Back to your cart', url: `${platform.config.baseUrl}/cart` },
        ],
      },
    ];
  },
  // The latest address left; none yet, no preview.
  async preview(db) {
    const request = await latestBackRequest(db);
    return request ? { requestId: request.id } : null;
  },
});

export const MAINTENANCE_BACK_TOUCH_POINTS = [maintenanceBackTouchPoint] as TouchPoint[];

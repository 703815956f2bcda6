// /admin/orders/wismo: the where-is-my-order measure, per day for the last 30 days — how often
// customers opened their order pages and followed a tracking link, against the "where is my
// order?" tickets that still reached the desk. Views per ticket is the deflection: the higher
// it is, the more questions the pages answered for each one that was asked anyway.
import type { PageContext } from '../../../web/context.ts';
import { formatDay } from '../../../platform/calendar.ts';
import { AdminLayout, type AdminNavItem } from '../../../web/layout/AdminLayout.tsx';

export const WISMO_PATH = '/admin/orders/wismo';
export const WISMO_DAYS = 30;

export interface WismoDay {
  /** Local date, YYYY-MM-DD. */
  day: string;
  customerViews: number;
  trackingClicks: number;
  tickets: number;
  staffViews: number;
}

/** Customer views per WISMO ticket, or null when no ticket came (nothing to divide by). */
export function viewsPerTicket(views: number, tickets: number): number | null {
  return tickets === 0 ? null : Math.round((views / tickets) * 10) / 10;
}

export function WismoPage({ ctx, nav, days, locale }: { ctx: PageContext; nav: AdminNavItem[]; days: WismoDay[]; locale: string }) {
  const total = days.reduce(
    (sum, day) => ({ customerViews: sum.customerViews + day.customerViews, trackingClicks: sum.trackingClicks + day.trackingClicks, tickets: sum.tickets + day.tickets, staffViews: sum.staffViews + day.staffViews }),
    { customerViews: 0, trackingClicks: 0, tickets: 0, staffViews: 0 },
  );
  const ratio = (views: number, tickets: number) => {
    const value = viewsPerTicket(views, tickets);
    return value === null ? '—' : value.toLocaleString(locale);
  };
  const number = (n: number) => n.toLocaleString(locale);
  return (
    <AdminLayout ctx={ctx} title="Where is my order?" nav={nav}>
      <div class="admin-heading">
        <h1>Where is my order?</h1>
      </div>
      <p>
        Customers who open their order page or follow a parcel’s tracking link found the answer themselves; tickets tagged “where-is-my-order” are the questions that reached the desk anyway. Views per ticket is how many answers the order pages gave for each question
        asked: the higher, the better the pages deflect. Staff opening an order page are not counted as customers.
      </p>
      <dl class="wismo-totals">
        <dt>Customer order-page views, last {WISMO_DAYS} days</dt>
        <dd>{number(total.customerViews)}</dd>
        <dt>Tracking links followed</dt>
        <dd>{number(total.trackingClicks)}</dd>
        <dt>Where-is-my-order tickets</dt>
        <dd>{number(total.tickets)}</dd>
        <dt>Views per ticket</dt>
        <dd>{ratio(total.customerViews, total.tickets)}</dd>
      </dl>
      <div class="table-wrap" tabIndex={0} role="region" aria-labelledby="wismo-days-heading">
        <table class="table">
          <caption id="wismo-days-heading">Per day, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Day</th>
              <th scope="col" class="num">
                Customer views
              </th>
              <th scope="col" class="num">
                Tracking clicks
              </th>
              <th scope="col" class="num">
                WISMO tickets
              </th>
              <th scope="col" class="num">
                Views per ticket
              </th>
              <th scope="col" class="num">
                Staff views
              </th>
            </tr>
          </thead>
          <tbody>
            {[...days].reverse().map((day) => (
              <tr key={day.day}>
                <th scope="row">
                  <time dateTime={day.day}>{formatDay(day.day, locale)}</time>
                </th>
                <td class="num">{number(day.customerViews)}</td>
                <td class="num">{number(day.trackingClicks)}</td>
                <td class="num">{number(day.tickets)}</td>
                <td class="num">{ratio(day.customerViews, day.tickets)}</td>
                <td class="num">{number(day.staffViews)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </AdminLayout>
  );
}

// /admin/notifications: every touch point, grouped as the customer meets them, with whether it
// is on, its subject, when it goes, whether it may carry suggestions, and how it did this week.
import type { PageContext } from '../../../../web/context.ts';
import type { AdminNavItem } from '../../../../web/layout/AdminLayout.tsx';
import { Alert } from '../../../../web/components/Alert.tsx';
import { TOUCH_POINT_GROUPS, type TouchPoint } from '../../touch-points/define.ts';
import type { TouchPointSettings } from '../../touch-points/settings.ts';
import type { TouchPointCounts } from '../outbox.ts';
import { NOTIFICATIONS_PATH, NotificationsFrame, OUTBOX_PATH, touchPointPath } from './parts.tsx';

export interface TouchPointSummary {
  touchPoint: TouchPoint;
  settings: TouchPointSettings;
  counts: TouchPointCounts;
}

export interface TouchPointsPageProps {
  ctx: PageContext;
  nav: AdminNavItem[];
  canManage: boolean;
  summaries: TouchPointSummary[];
  /** How many days the counts cover. */
  days: number;
}

const groupId = (group: string) => `group-${group.toLowerCase().replace(/[^a-z]+/g, '-')}`;

export function TouchPointsPage({ ctx, nav, canManage, summaries, days }: TouchPointsPageProps) {
  const failed = summaries.reduce((sum, s) => sum + s.counts.failed, 0);
  return (
    <NotificationsFrame ctx={ctx} nav={nav} title="Emails to customers" tab={NOTIFICATIONS_PATH} canManage={canManage}>
      <p>
        Each moment that may deserve an email is a touch point. {canManage ? 'Open one to switch it on or off, change its subject and introduction, and preview it from a real order.' : 'Open one to read its words and preview it from a real order.'} Emails
        about an order or a request always go when their touch point is on; suggestions only where they are welcome.
      </p>
      {failed > 0 && (
        <Alert tone="warning" title={`${failed} ${failed === 1 ? 'email' : 'emails'} failed in the last ${days} days`}>
          <p>
            <a href={`${OUTBOX_PATH}?status=failed`}>See the failed emails</a> with the mail server’s answer, and send them again.
          </p>
        </Alert>
      )}
      {TOUCH_POINT_GROUPS.map((group) => {
        const inGroup = summaries.filter((s) => s.touchPoint.group === group);
        if (inGroup.length === 0) return null;
        return (
          <section key={group} aria-labelledby={groupId(group)}>
            <h2 id={groupId(group)}>{group}</h2>
            <div class="table-wrap" tabIndex={0} role="region" aria-labelledby={groupId(group)}>
              <table class="table">
                <thead>
                  <tr>
                    <th scope="col">Email</th>
                    <th scope="col">On</th>
                    <th scope="col">Subject</th>
                    <th scope="col">When it goes</th>
                    <th scope="col">Suggestions</th>
                    <th scope="col">Sent ({days} days)</th>
                    <th scope="col">Failed ({days} days)</th>
                  </tr>
                </thead>
                <tbody>
                  {inGroup.map(({ touchPoint, settings, counts }) => (
                    <tr key={touchPoint.key}>
                      <th scope="row">
                        <a href={touchPointPath(touchPoint.key)}>{touchPoint.title}</a>
                      </th>
                      <td>{settings.enabled ? 'On' : 'Off'}</td>
                      <td>{settings.subject}</td>
                      <td>{touchPoint.when}</td>
                      <td>{touchPoint.sells ? 'May carry them' : 'Never'}</td>
                      <td>{counts.sent}</td>
                      <td>{counts.failed > 0 ? <a href={`${OUTBOX_PATH}?status=failed`}>{counts.failed}</a> : 0}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
        );
      })}
    </NotificationsFrame>
  );
}

// The staff page of the suppression list: which addresses we no longer write to and why,
// found by address; leads and admins can lift one (after the customer gave a working address
// again, or asked for their emails back).
import { Alert } from '../../../web/components/Alert.tsx';
import { Button } from '../../../web/components/Button.tsx';
import { Field } from '../../../web/components/Field.tsx';
import { Form } from '../../../web/components/Form.tsx';
import type { PageContext } from '../../../web/context.ts';
import { formatDateTime } from '../../../web/dates.ts';
import type { AdminNavItem } from '../../../web/layout/AdminLayout.tsx';
import { NotificationsFrame, SUPPRESSIONS_PATH } from '../admin/pages/parts.tsx';
import type { SuppressionReason } from '../schema.ts';
import type { Suppression } from './suppressions.ts';

export { SUPPRESSIONS_PATH };
export const LIFT_PATH = `${SUPPRESSIONS_PATH}/lift`;

export const REASON_LABELS: Readonly<Record<SuppressionReason, string>> = {
  hard_bounce: 'Bounced (the address does not exist)',
  complaint: 'Reported our email as spam',
  manual: 'Added by staff',
};

export interface SuppressionsPageProps {
  ctx: PageContext;
  nav: AdminNavItem[];
  suppressions: Suppression[];
  search: string;
  /** Shown: the list is cut at this many. */
  limit: number;
  canLift: boolean;
  /** May change the emails' settings (the section's brand tab is theirs only). */
  canManage: boolean;
  /** The address just lifted, or the one that was not on the list. */
  outcome: { lifted: string } | { missing: string } | null;
  format: { locale: string; timeZone: string };
}

export function SuppressionsPage({ ctx, nav, suppressions, search, limit, canLift, canManage, outcome, format }: SuppressionsPageProps) {
  return (
    <NotificationsFrame ctx={ctx} nav={nav} title="Suppressed addresses" tab={SUPPRESSIONS_PATH} canManage={canManage}>
      <p>
        We send nothing to these addresses, not even order emails: the mail server said the address does not exist, or its owner reported our email as spam. Orders
        carry on as usual; emails meant for them are kept, marked “suppressed”, on the order’s timeline.
      </p>
      {outcome && 'lifted' in outcome && (
        <Alert tone="success" title="Lifted">
          <p>We write to {outcome.lifted} again from the next email on. Emails marked suppressed before are not sent after the fact.</p>
        </Alert>
      )}
      {outcome && 'missing' in outcome && (
        <Alert tone="info" title="Nothing to lift">
          <p>{outcome.missing} is not on the list (any more).</p>
        </Alert>
      )}
      <form method="get" action={SUPPRESSIONS_PATH} role="search" aria-label="Find a suppressed address">
        <Field name="q" label="Address" value={search} autocomplete="off" maxLength={254} hint="All or part of the email address." />
        <div class="button-row">
          <Button variant="secondary">Find</Button>
          {search && <a href={SUPPRESSIONS_PATH}>Show all</a>}
        </div>
      </form>
      {suppressions.length === 0 ? (
        <p>{search ? `No suppressed address contains “${search}”.` : 'No address is suppressed: every email goes out.'}</p>
      ) : (
        <div class="table-wrap" tabIndex={0} role="region" aria-label="Suppressed addresses">
          <table class="table">
            <thead>
              <tr>
                <th scope="col">Address</th>
                <th scope="col">Why</th>
                <th scope="col">Since</th>
                {canLift && <th scope="col">Action</th>}
              </tr>
            </thead>
            <tbody>
              {suppressions.map((entry) => (
                <tr key={entry.address}>
                  <td>{entry.address}</td>
                  <td>
                    {REASON_LABELS[entry.reason]}
                    {entry.detail && <p class="small muted">{entry.detail}</p>}
                  </td>
                  <td>
                    <time dateTime={entry.createdAt.toISOString()}>{formatDateTime(entry.createdAt, format.locale, format.timeZone)}</time>
                  </td>
                  {canLift && (
                    <td>
                      <Form csrfToken={ctx.csrfToken} action={LIFT_PATH}>
                        <input type="hidden" name="address" value={entry.address} />
                        <Button variant="secondary" aria-label={`Lift the suppression of ${entry.address}`}>
                          Lift
                        </Button>
                      </Form>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {suppressions.length === limit && <p class="small muted">Showing the {limit} most recent; search to find others.</p>}
    </NotificationsFrame>
  );
}

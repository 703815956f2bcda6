import type { FailedJob } from '../../../platform/jobs/jobs.ts';
import type { PageContext } from '../../../web/context.ts';
import { AdminLayout, type AdminNavItem } from '../../../web/layout/AdminLayout.tsx';
import { Form } from '../../../web/components/Form.tsx';
import { Button } from '../../../web/components/Button.tsx';
import { Alert } from '../../../web/components/Alert.tsx';

export interface DeadLettersPageProps {
  ctx: PageContext;
  nav: AdminNavItem[];
  jobs: FailedJob[];
  canRetry: boolean;
  notice?: string | undefined;
}

function when(date: Date | null): string {
  return date ? date.toISOString().replace('T', ' ').slice(0, 19) + ' UTC' : '—';
}

export function DeadLettersPage({ ctx, nav, jobs, canRetry, notice }: DeadLettersPageProps) {
  return (
    <AdminLayout ctx={ctx} title="Dead letters" nav={nav}>
      <h1>Dead letters</h1>
      <p>
        Background jobs that failed every retry. Fix the cause first (the error says what went
        wrong), then put the job back in its queue.
      </p>
      {notice && <Alert tone="success">{notice}</Alert>}
      {jobs.length === 0 ? (
        <p>No failed jobs. Every email and follow-up went through.</p>
      ) : (
        <div class="table-wrap">
          <table class="table">
            <caption class="visually-hidden">Failed jobs, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Queue</th>
                <th scope="col">Error</th>
                <th scope="col" class="num">
                  Retries
                </th>
                <th scope="col">Failed at</th>
                <th scope="col">Data</th>
                {canRetry && <th scope="col">Action</th>}
              </tr>
            </thead>
            <tbody>
              {jobs.map((job) => (
                <tr key={job.id}>
                  <td>
                    <code>{job.queue}</code>
                  </td>
                  <td>{job.error || '—'}</td>
                  <td class="num">{job.retryCount}</td>
                  <td>{when(job.failedAt)}</td>
                  <td>
                    <pre class="small">{JSON.stringify(job.data, null, 2)}</pre>
                  </td>
                  {canRetry && (
                    <td>
                      <Form
                        csrfToken={ctx.csrfToken}
                        action={`/admin/jobs/dead-letters/${encodeURIComponent(job.queue)}/${encodeURIComponent(job.id)}/retry`}
                      >
                        <Button
                          variant="secondary"
                          aria-label={`Retry job ${job.id} of ${job.queue}`}
                        >
                          Retry
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
    </AdminLayout>
  );
}

/** The job that hands queued emails to the mail server (kicked when one is queued, and every minute for retries). */
export const DELIVER_QUEUE = 'notifications.deliver';

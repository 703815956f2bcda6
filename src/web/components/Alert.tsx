// A message box in one of four tones. Errors use role="alert" and successes
// role="status" so that, when inserted or shown after an action, they are announced.
import type { ComponentChildren } from 'preact';

export type AlertTone = 'info' | 'success' | 'warning' | 'error';

const ROLES: Record<AlertTone, 'alert' | 'status' | undefined> = {
  info: undefined,
  success: 'status',
  warning: undefined,
  error: 'alert',
};

export interface AlertProps {
  tone: AlertTone;
  title?: string;
  children?: ComponentChildren;
}

export function Alert({ tone, title, children }: AlertProps) {
  return (
    <div class={`alert alert--${tone}`} role={ROLES[tone]}>
      {title && <p class="alert__title">{title}</p>}
      {children}
    </div>
  );
}

// The one-line confirmation shown after a redirect ("Saved"), announced by screen readers.
import { Alert } from './Alert.tsx';

export function Notice({ message }: { message: string | undefined }) {
  return message ? <Alert tone="success">{message}</Alert> : null;
}

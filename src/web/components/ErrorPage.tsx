// The body of a friendly error page, for use inside StoreLayout: what happened in plain
// words and where to go next. Never a stack trace; the request id lets support find the
// log line if the customer gets in touch.
import { SearchForm } from './SearchForm.tsx';

export interface ErrorPageProps {
  status: number;
  title: string;
  message?: string;
  requestId?: string;
}

export function ErrorPage({ status, title, message, requestId }: ErrorPageProps) {
  return (
    <div class="error-page">
      <p class="error-page__status">Error {status}</p>
      <h1>{title}</h1>
      {message && <p>{message}</p>}
      <section class="error-page__next" aria-labelledby="error-next">
        <h2 id="error-next">What you can do</h2>
        <SearchForm
          landmarkLabel="Search the shop"
          id="error-search-q"
          class="error-page__search"
          buttonVariant="primary"
        />
        <ul>
          <li>
            <a href="/">Go to the home page</a>
          </li>
          <li>
            <a href="/help">Ask us for help</a> — a person will answer.
          </li>
        </ul>
      </section>
      {requestId && (
        <p class="error-page__reference">
          If you contact us, please mention this reference: <code>{requestId}</code>
        </p>
      )}
    </div>
  );
}

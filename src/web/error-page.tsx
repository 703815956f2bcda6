// The HTML face of the error model: every problem a browser meets becomes a page in the
// store's layout, with plain words and a next step.
import type { ErrorPageInput } from '../platform/http/app.ts';
import type { PageContext } from './context.ts';
import { ErrorPage } from './components/ErrorPage.tsx';
import { renderDocument } from './components/render.ts';
import { StoreLayout } from './layout/StoreLayout.tsx';

export function renderErrorPage(ctx: PageContext, input: ErrorPageInput): string {
  const details = input.errors?.length
    ? `${input.detail ?? ''} ${input.errors.map((e) => `${e.field}: ${e.message}`).join('; ')}`.trim()
    : input.detail;
  return renderDocument(
    <StoreLayout ctx={ctx} title={input.title}>
      <ErrorPage
        status={input.status}
        title={input.title}
        {...(details ? { message: details } : {})}
        {...(input.status >= 500 ? { requestId: input.requestId } : {})}
      />
    </StoreLayout>,
  );
}

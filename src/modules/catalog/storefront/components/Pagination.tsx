// Page links under a listing: previous, a window of page numbers with the first and last
// always reachable, and next. Plain links, so every page of results has its own URL.
export interface PaginationProps {
  page: number;
  pageCount: number;
  /** The URL of a page of this listing (same filters and sort). */
  href: (page: number) => string;
}

/** Page numbers to show, with null for a gap: 1 … 4 5 [6] 7 8 … 20. */
export function pageWindow(page: number, pageCount: number, radius = 2): (number | null)[] {
  const shown = new Set([1, pageCount]);
  for (let p = page - radius; p <= page + radius; p++) if (p >= 1 && p <= pageCount) shown.add(p);
  const sorted = [...shown].sort((a, b) => a - b);
  const result: (number | null)[] = [];
  for (const [i, p] of sorted.entries()) {
    const previous = sorted[i - 1];
    if (previous !== undefined && p - previous === 2) result.push(p - 1);
    else if (previous !== undefined && p - previous > 2) result.push(null);
    result.push(p);
  }
  return result;
}

export function Pagination({ page, pageCount, href }: PaginationProps) {
  if (pageCount <= 1) return null;
  return (
    <nav class="pagination" aria-label="Pages">
      <ul>
        <li>
          {page > 1 ? (
            <a class="pagination__step" href={href(page - 1)} rel="prev">
              <span aria-hidden="true">←</span> Previous<span class="visually-hidden"> page</span>
            </a>
          ) : (
            <span class="pagination__step pagination__step--disabled" aria-hidden="true">
              ← Previous
            </span>
          )}
        </li>
        {pageWindow(page, pageCount).map((p, i) =>
          p === null ? (
            <li key={`gap-${i}`} class="pagination__gap" aria-hidden="true">
              …
            </li>
          ) : (
            <li key={p}>
              <a class="pagination__page" href={href(p)} aria-current={p === page ? 'page' : undefined}>
                <span class="visually-hidden">Page </span>
                {p}
              </a>
            </li>
          ),
        )}
        <li>
          {page < pageCount ? (
            <a class="pagination__step" href={href(page + 1)} rel="next">
              Next<span class="visually-hidden"> page</span> <span aria-hidden="true">→</span>
            </a>
          ) : (
            <span class="pagination__step pagination__step--disabled" aria-hidden="true">
              Next →
            </span>
          )}
        </li>
      </ul>
    </nav>
  );
}

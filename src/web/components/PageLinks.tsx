// Previous and next links under a paged list, with where the list stands. The words say
// which way the list runs ("Newer orders" / "Older orders") when plain pages would not.
export interface PageLinksProps {
  page: number;
  pageCount: number;
  href: (page: number) => string;
  previousLabel?: string;
  nextLabel?: string;
  class?: string;
}

export function PageLinks({ page, pageCount, href, previousLabel = 'Previous page', nextLabel = 'Next page', class: className = 'admin-pages' }: PageLinksProps) {
  if (pageCount <= 1) return null;
  return (
    <nav class={className} aria-label="Pages">
      {page > 1 ? (
        <a href={href(page - 1)} rel="prev">
          ← {previousLabel}
        </a>
      ) : (
        <span />
      )}
      <span>
        Page {page} of {pageCount}
      </span>
      {page < pageCount ? (
        <a href={href(page + 1)} rel="next">
          {nextLabel} →
        </a>
      ) : (
        <span />
      )}
    </nav>
  );
}

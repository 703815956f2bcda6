// The Doorstep mark: a house whose door opens onto a step. Decorative next to the store's
// name, which is always written out in text beside it.
export function LogoMark({ class: className }: { class: string }) {
  return (
    <svg class={className} viewBox="0 0 32 32" aria-hidden="true" focusable="false">
      <path
        d="M4.5 14 16 4.5 27.5 14M7.5 11.8V25.5h17V11.8"
        fill="none"
        stroke="currentColor"
        stroke-width="2.4"
        stroke-linecap="round"
        stroke-linejoin="round"
      />
      <rect x="12.75" y="15" width="6.5" height="10.5" rx="1" fill="currentColor" />
      <path d="M10 28.5h12" stroke="currentColor" stroke-width="2.4" stroke-linecap="round" />
    </svg>
  );
}

/** The same mark as a favicon data URL (a fixed colour: favicons cannot read CSS). */
export const FAVICON_URL =
  'data:image/svg+xml,' +
  encodeURIComponent(
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">' +
      '<path d="M4.5 14 16 4.5 27.5 14M7.5 11.8V25.5h17V11.8" fill="none" stroke="#1d5a54" stroke-width="2.4" stroke-linecap="round" stroke-linejoin="round"/>' +
      '<rect x="12.75" y="15" width="6.5" height="10.5" rx="1" fill="#1d5a54"/>' +
      '<path d="M10 28.5h12" stroke="#1d5a54" stroke-width="2.4" stroke-linecap="round"/></svg>',
  );

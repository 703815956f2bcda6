// Buttons, and links that look like buttons (for navigation, which must stay a link).
import type { AnchorHTMLAttributes, ButtonHTMLAttributes, ComponentChildren } from 'preact';

export type ButtonVariant = 'primary' | 'secondary' | 'danger';

function classes(variant: ButtonVariant, block: boolean, extra: unknown): string {
  return [
    'button',
    `button--${variant}`,
    block && 'button--block',
    typeof extra === 'string' && extra,
  ]
    .filter(Boolean)
    .join(' ');
}

export type ButtonProps = Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'type'> & {
  variant?: ButtonVariant;
  /** Defaults to submit: most buttons on server-rendered pages send a form. */
  type?: 'submit' | 'button' | 'reset';
  block?: boolean;
  children?: ComponentChildren;
};

export function Button({
  variant = 'primary',
  type = 'submit',
  block = false,
  class: extra,
  children,
  ...attributes
}: ButtonProps) {
  return (
    <button {...attributes} type={type} class={classes(variant, block, extra)}>
      {children}
    </button>
  );
}

export type ButtonLinkProps = AnchorHTMLAttributes<HTMLAnchorElement> & {
  href: string;
  variant?: ButtonVariant;
  block?: boolean;
  children?: ComponentChildren;
};

export function ButtonLink({
  variant = 'secondary',
  block = false,
  class: extra,
  children,
  ...attributes
}: ButtonLinkProps) {
  return (
    <a {...attributes} class={classes(variant, block, extra)}>
      {children}
    </a>
  );
}

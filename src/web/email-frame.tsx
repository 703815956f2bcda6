// An email's HTML part shown inside an admin page. The HTML is served by its own route with
// its own Content-Security-Policy and framed with `sandbox`: it may use the inline styles
// every email relies on and load images, but it runs no script, submits no form and, with an
// opaque origin, cannot reach the admin around it. (A `srcdoc` frame would inherit the admin's
// policy, which forbids inline styles, and show every email unstyled.)
import type { FastifyReply } from 'fastify';

/** Sends an email's HTML for a frame of the same site, under a policy that allows no script. */
export function sendEmailHtml(reply: FastifyReply, html: string, baseUrl: string): FastifyReply {
  const policy = [
    "default-src 'none'",
    "style-src 'unsafe-inline'",
    `img-src https: data: ${new URL(baseUrl).origin}`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'self'",
    'sandbox',
  ].join('; ');
  return reply
    .header('content-security-policy', policy)
    .header('x-frame-options', 'SAMEORIGIN')
    .header('referrer-policy', 'no-referrer')
    .header('cache-control', 'no-store')
    .type('text/html; charset=utf-8')
    .send(html);
}

/** The frame that shows an email's HTML part served by `sendEmailHtml` at `src`. */
export function EmailFrame({ src, title, height = 560 }: { src: string; title: string; height?: number }) {
  return <iframe sandbox="" src={src} title={title} referrerpolicy="no-referrer" loading="lazy" width="100%" height={height} />;
}

// The picture a product shows until its own image is stored (and forever, offline): its
// initials on a colour of its own. The colour comes from the handle, so a product keeps it
// across restarts and re-imports; every colour keeps white text above 4.5:1 contrast.
import { createHash } from 'node:crypto';

/** Deep, muted tones that sit well with the store's paper-and-green palette. */
export const PLACEHOLDER_PALETTE = [
  '#1d5a54', // front-door green
  '#2f5573', // slate blue
  '#7a4330', // terracotta
  '#5a4675', // plum
  '#4b5a2f', // olive
  '#7a3652', // berry
  '#2e4b4f', // deep teal
  '#6a4e22', // ochre
  '#4a4f57', // graphite
  '#8a3a2e', // brick
] as const;

/** Up to two letters: the first letter of the first two words ("Clay Plant Pot" → "CP"). */
export function initialsOf(title: string): string {
  const words = title.normalize('NFC').match(/[\p{L}\p{N}]+/gu) ?? [];
  const letters = words.slice(0, 2).map((word) => [...word][0]!.toUpperCase());
  return letters.join('') || '?';
}

export function placeholderColour(key: string): string {
  const digest = createHash('sha256').update(key).digest();
  return PLACEHOLDER_PALETTE[digest.readUInt32BE(0) % PLACEHOLDER_PALETTE.length]!;
}

const escapeXml = (text: string) => text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A 4:5 SVG (the card image box), decorative rings behind large serif initials. */
export function placeholderSvg(product: { title: string; handle: string }): string {
  const colour = placeholderColour(product.handle);
  const initials = escapeXml(initialsOf(product.title));
  return [
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 500" width="400" height="500">',
    `<rect width="400" height="500" fill="${colour}"/>`,
    '<circle cx="330" cy="90" r="150" fill="#fff" fill-opacity="0.06"/>',
    '<circle cx="60" cy="450" r="120" fill="#000" fill-opacity="0.08"/>',
    '<circle cx="200" cy="250" r="108" fill="none" stroke="#fff" stroke-opacity="0.35" stroke-width="2"/>',
    `<text x="200" y="250" dy="0.35em" text-anchor="middle" fill="#fff" font-family="'Iowan Old Style','Palatino Linotype',Palatino,Georgia,serif" font-size="92" font-weight="600" letter-spacing="2">${initials}</text>`,
    '</svg>',
  ].join('');
}

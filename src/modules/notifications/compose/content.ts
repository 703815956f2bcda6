// One email's content, whatever it is rendered as: the HTML part (html.tsx) and the plain-text
// part (text.ts) are written from the same structure, so they always say the same thing.
import type { Block } from '../touch-points/define.ts';
import type { Brand } from './brand.ts';

export interface Suggestion {
  title: string;
  url: string;
  price: string;
  imageUrl: string | null;
}

export interface EmailContent {
  storeName: string;
  brand: Brand;
  subject: string;
  /** The line mail programs show after the subject. */
  preheader: string;
  greeting: string;
  intro: string;
  blocks: Block[];
  suggestions: Suggestion[];
  /** Why the reader got this email, and where to change what they receive. */
  footerNote: string;
  footerLinks: { label: string; url: string }[];
}

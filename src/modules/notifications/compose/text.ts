// The plain-text part: the same content as the HTML part, readable in any mail program and by
// screen readers that prefer text. Links are written out in full after their label.
import type { Block } from '../touch-points/define.ts';
import type { EmailContent } from './content.ts';

function blockText(block: Block): string {
  switch (block.kind) {
    case 'paragraph':
      return block.text;
    case 'button':
    case 'link':
      return `${block.label}: ${block.url}`;
    case 'facts':
      return block.rows.map((row) => `${row.label}: ${row.value}`).join('\n');
    case 'items':
      return [
        ...(block.title ? [block.title] : []),
        ...block.items.map((item) => {
          const parts = [`- ${item.quantity !== undefined ? `${item.quantity} × ` : ''}${item.title}`];
          if (item.detail) parts.push(` (${item.detail})`);
          if (item.amount) parts.push(`, ${item.amount}`);
          if (item.url) parts.push(`\n  ${item.url}`);
          return parts.join('');
        }),
      ].join('\n');
    case 'choices':
      return [block.prompt, ...block.options.map((option) => `- ${option.label}: ${option.url}`)].join('\n');
  }
}

export function renderText(content: EmailContent): string {
  const sections = [content.greeting, ...(content.intro ? [content.intro] : []), ...content.blocks.map(blockText)];
  if (content.suggestions.length > 0) {
    sections.push(['You might also like', ...content.suggestions.map((s) => `- ${s.title}, ${s.price}\n  ${s.url}`)].join('\n'));
  }
  sections.push(`— ${content.brand.senderName || content.storeName}`);
  const footer = ['--', content.footerNote, ...(content.brand.footer ? [content.brand.footer] : []), ...content.footerLinks.map((link) => `${link.label}: ${link.url}`)];
  sections.push(footer.join('\n'));
  return `${sections.join('\n\n')}\n`;
}

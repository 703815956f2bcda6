// The HTML part: one 600-pixel column laid out with tables and inline styles, which is what
// mail programs (Outlook included) render reliably; real text rather than images, a hidden
// preheader, a language and a title for screen readers, and links written out in the
// plain-text part. Preact escapes every value.
import type { ComponentChildren } from 'preact';
import { renderToString } from 'preact-render-to-string';
import type { Block } from '../touch-points/define.ts';
import type { EmailContent } from './content.ts';

const FONT = "-apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif";
const TEXT = '#1c2321';
const MUTED = '#535c58';
const BORDER = '#ddd7cd';

const paragraph = { margin: '0 0 16px', fontSize: '16px', lineHeight: '24px', color: TEXT };

function Table({ children, style }: { children: ComponentChildren; style?: Record<string, string> }) {
  return (
    <table role="presentation" width="100%" cellPadding="0" cellSpacing="0" style={{ borderCollapse: 'collapse', ...style }}>
      {children}
    </table>
  );
}

function Button({ label, url, color }: { label: string; url: string; color: string }) {
  return (
    <Table style={{ margin: '8px 0 24px', width: 'auto' }}>
      <tr>
        <td style={{ backgroundColor: color, borderRadius: '6px' }}>
          <a href={url} style={{ display: 'inline-block', padding: '12px 24px', fontSize: '16px', fontWeight: '600', color: '#ffffff', textDecoration: 'none', fontFamily: FONT }}>
            {label}
          </a>
        </td>
      </tr>
    </Table>
  );
}

function BlockView({ block, color }: { block: Block; color: string }) {
  switch (block.kind) {
    case 'paragraph':
      // A reply typed with single line breaks keeps them.
      return (
        <p style={paragraph}>
          {block.text.split('\n').map((line, i) => (
            <>
              {i > 0 ? <br /> : null}
              {line}
            </>
          ))}
        </p>
      );
    case 'button':
      return <Button label={block.label} url={block.url} color={color} />;
    case 'link':
      return (
        <p style={paragraph}>
          <a href={block.url} style={{ color }}>
            {block.label}
          </a>
        </p>
      );
    case 'facts':
      return (
        <Table style={{ margin: '0 0 16px' }}>
          {block.rows.map((row) => (
            <tr>
              <th scope="row" style={{ textAlign: 'left', verticalAlign: 'top', padding: '4px 16px 4px 0', fontSize: '14px', color: MUTED, fontWeight: 'normal', whiteSpace: 'nowrap' }}>
                {row.label}
              </th>
              <td style={{ padding: '4px 0', fontSize: '14px', color: TEXT }}>{row.value}</td>
            </tr>
          ))}
        </Table>
      );
    case 'items':
      return (
        <>
          {block.title ? <h2 style={{ margin: '8px 0', fontSize: '16px', color: TEXT }}>{block.title}</h2> : null}
          <Table style={{ margin: '0 0 16px', borderTop: `1px solid ${BORDER}` }}>
            {block.items.map((item) => (
              <tr>
                <td style={{ padding: '8px 0', borderBottom: `1px solid ${BORDER}`, fontSize: '14px', color: TEXT }}>
                  {item.quantity !== undefined ? `${item.quantity} × ` : ''}
                  {item.url ? (
                    <a href={item.url} style={{ color }}>
                      {item.title}
                    </a>
                  ) : (
                    item.title
                  )}
                  {item.detail ? <div style={{ color: MUTED, fontSize: '13px' }}>{item.detail}</div> : null}
                </td>
                <td style={{ padding: '8px 0', borderBottom: `1px solid ${BORDER}`, fontSize: '14px', color: TEXT, textAlign: 'right', whiteSpace: 'nowrap' }}>{item.amount ?? ''}</td>
              </tr>
            ))}
          </Table>
        </>
      );
    case 'choices':
      return (
        <>
          <p style={paragraph}>{block.prompt}</p>
          <Table style={{ margin: '0 0 24px', width: 'auto' }}>
            <tr>
              {block.options.map((option) => (
                <td style={{ paddingRight: '12px' }}>
                  <a href={option.url} style={{ display: 'inline-block', padding: '10px 20px', border: `2px solid ${color}`, borderRadius: '6px', color, fontWeight: '600', textDecoration: 'none', fontSize: '16px' }}>
                    {option.label}
                  </a>
                </td>
              ))}
            </tr>
          </Table>
        </>
      );
  }
}

function Email({ content }: { content: EmailContent }) {
  const { brand } = content;
  const color = brand.accentColor;
  const name = brand.senderName || content.storeName;
  return (
    <body style={{ margin: '0', padding: '0', backgroundColor: '#faf8f4', fontFamily: FONT }}>
      <div style={{ display: 'none', maxHeight: '0', overflow: 'hidden', fontSize: '1px', lineHeight: '1px', color: '#faf8f4' }}>{content.preheader}</div>
      <Table>
        <tr>
          <td align="center" style={{ padding: '24px 12px' }}>
            <Table style={{ maxWidth: '600px', backgroundColor: '#ffffff', border: `1px solid ${BORDER}`, borderTop: `4px solid ${color}`, borderRadius: '8px' }}>
              <tr>
                <td style={{ padding: '24px 32px 8px' }}>
                  {brand.logoUrl ? <img src={brand.logoUrl} alt={name} height={40} style={{ display: 'block', height: '40px', border: '0' }} /> : <div style={{ fontSize: '20px', fontWeight: '700', color }}>{name}</div>}
                </td>
              </tr>
              <tr>
                <td style={{ padding: '16px 32px 8px', fontFamily: FONT }}>
                  <p style={paragraph}>{content.greeting}</p>
                  {content.intro.split(/\n{2,}/).map((part) => (part.trim() ? <p style={paragraph}>{part.trim()}</p> : null))}
                  {content.blocks.map((block) => (
                    <BlockView block={block} color={color} />
                  ))}
                  {content.suggestions.length > 0 ? (
                    <>
                      <h2 style={{ margin: '24px 0 8px', fontSize: '16px', color: TEXT }}>You might also like</h2>
                      <Table style={{ margin: '0 0 16px' }}>
                        <tr>
                          {content.suggestions.map((s) => (
                            <td style={{ width: `${Math.floor(100 / content.suggestions.length)}%`, verticalAlign: 'top', padding: '0 8px 0 0', fontSize: '14px' }}>
                              <a href={s.url} style={{ color: TEXT, textDecoration: 'none' }}>
                                {s.imageUrl ? <img src={s.imageUrl} alt="" width={160} style={{ display: 'block', width: '100%', maxWidth: '160px', height: 'auto', border: '0', borderRadius: '4px' }} /> : null}
                                <div style={{ marginTop: '6px', color }}>{s.title}</div>
                                <div style={{ color: MUTED }}>{s.price}</div>
                              </a>
                            </td>
                          ))}
                        </tr>
                      </Table>
                    </>
                  ) : null}
                  <p style={paragraph}>— {name}</p>
                </td>
              </tr>
              <tr>
                <td style={{ padding: '16px 32px 24px', borderTop: `1px solid ${BORDER}`, fontSize: '12px', lineHeight: '18px', color: MUTED }}>
                  <p style={{ margin: '0 0 8px' }}>{content.footerNote}</p>
                  {brand.footer ? <p style={{ margin: '0 0 8px' }}>{brand.footer}</p> : null}
                  {content.footerLinks.length > 0 ? (
                    <p style={{ margin: '0' }}>
                      {content.footerLinks.map((link, i) => (
                        <>
                          {i > 0 ? ' · ' : ''}
                          <a href={link.url} style={{ color: MUTED }}>
                            {link.label}
                          </a>
                        </>
                      ))}
                    </p>
                  ) : null}
                </td>
              </tr>
            </Table>
          </td>
        </tr>
      </Table>
    </body>
  );
}

export function renderHtml(content: EmailContent, lang: string): string {
  const head = renderToString(
    <head>
      <meta charSet="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <meta name="color-scheme" content="light" />
      <title>{content.subject}</title>
    </head>,
  );
  return `<!DOCTYPE html><html lang="${lang.replace(/[^a-zA-Z-]/g, '')}">${head}${renderToString(<Email content={content} />)}</html>`;
}

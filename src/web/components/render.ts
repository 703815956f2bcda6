// Turns a page (a layout element) into the HTML document sent to the browser.
import type { VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';

export function renderDocument<P>(node: VNode<P>): string {
  return '<!doctype html>' + renderToString(node);
}

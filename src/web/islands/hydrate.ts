// Islands: server-rendered markup that a small script brings to life in the browser.
// The server wraps the markup in <div data-island="name" data-props='{…}'> (see
// components/Island.tsx); the island's module calls `island(name, Component)`, which
// hydrates every such element with the same props the server rendered it with.
import { h, hydrate, type ComponentType } from 'preact';

/**
 * Declares an island and returns its component unchanged. The same module is imported by
 * the server for rendering, where there is no document and nothing to hydrate.
 */
export function island<P extends object>(
  name: string,
  Component: ComponentType<P>,
): ComponentType<P> {
  if (typeof document === 'undefined') return Component;
  // Module scripts run after the document is parsed, so every root is already present.
  for (const root of document.querySelectorAll<HTMLElement>(`[data-island="${name}"]`)) {
    const props = JSON.parse(root.dataset.props ?? '{}') as P;
    hydrate(h(Component, props), root);
  }
  return Component;
}

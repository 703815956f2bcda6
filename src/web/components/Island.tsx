// Server side of an island (see islands/hydrate.ts): wraps the server-rendered markup in
// an element the browser script can find, passes the props along as JSON (the renderer
// escapes the attribute), and adds the island's module script the first time the island
// appears on a page. The script is external because the Content-Security-Policy allows
// scripts from our own origin only.
import { createContext, type ComponentChildren } from 'preact';
import { useContext } from 'preact/hooks';
import type { AssetManifest } from '../assets.ts';

export interface IslandScope {
  assets: AssetManifest;
  /** Islands whose script is already on this page. One render, one set. */
  scripts: Set<string>;
}

/** Provided by the layouts; islands outside a layout have no page to add scripts to. */
export const IslandScopeContext = createContext<IslandScope | null>(null);

export function newIslandScope(assets: AssetManifest): IslandScope {
  return { assets, scripts: new Set() };
}

export interface IslandProps {
  /** The island module's file name in islands/, without extension. */
  name: string;
  /** JSON-serialisable props, handed to the component when it hydrates. */
  props?: object;
  /** The server-rendered markup: the same component with the same props. */
  children?: ComponentChildren;
}

export function Island({ name, props, children }: IslandProps) {
  const scope = useContext(IslandScopeContext);
  if (!scope) throw new Error(`Island "${name}" must be rendered inside a layout`);
  const needsScript = !scope.scripts.has(name);
  scope.scripts.add(name);
  return (
    <>
      <div data-island={name} data-props={props ? JSON.stringify(props) : undefined}>
        {children}
      </div>
      {needsScript && <script type="module" src={scope.assets.url(`${name}.js`)} />}
    </>
  );
}

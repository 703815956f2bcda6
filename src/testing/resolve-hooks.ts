// Module resolution made cheaper for the processes a test run starts (global-setup.ts): each
// store or command is a process that loads the whole store, and Node 24 parses a package's
// package.json "exports" afresh for every module it resolves there. drizzle-orm's is 179 kB,
// imported from some 170 of our files and by 440 of its own modules: about a second
// of CPU per process. The answers are Node's own, kept or worked out as Node would.
import { statSync } from 'node:fs';
import { registerHooks } from 'node:module';
import { fileURLToPath } from 'node:url';

const projectSource = new URL('..', import.meta.url).href;
const DRIZZLE = '/node_modules/drizzle-orm/';

/** A package name (with or without a subpath), not a relative, absolute, #imports or scheme specifier. */
const isPackage = (specifier: string) => !/^(\.|\/|#|[a-z][a-z0-9+.-]*:)/i.test(specifier);

/** Our files all find packages in the same node_modules: one answer per specifier serves them all. */
const packages = new Map<string, { url: string; format?: string | null | undefined }>();

registerHooks({
  resolve(specifier, context, nextResolve) {
    const parent = context.parentURL ?? '';
    if (
      parent.startsWith(projectSource) &&
      !parent.includes('/node_modules/') &&
      isPackage(specifier)
    ) {
      const key = `${specifier}\0${context.conditions?.join()}`;
      let found = packages.get(key);
      if (!found) {
        const { url, format } = nextResolve(specifier, context);
        packages.set(key, (found = { url, format }));
      }
      return { ...found, shortCircuit: true };
    }
    // Inside drizzle-orm ("type": "module"), a relative .js import is that file, an ES module.
    if (parent.includes(DRIZZLE) && /^\.\.?\//.test(specifier) && specifier.endsWith('.js')) {
      const url = new URL(specifier, parent);
      if (statSync(fileURLToPath(url), { throwIfNoEntry: false })?.isFile()) {
        return { url: url.href, format: 'module', shortCircuit: true };
      }
    }
    return nextResolve(specifier, context);
  },
});

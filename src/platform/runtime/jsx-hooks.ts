// Node strips TypeScript types natively but does not transform JSX. These hooks compile the
// project's own .tsx files with esbuild at import time so that server-rendered Preact
// components need no build step. Everything else loads untouched.
import { registerHooks } from 'node:module';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { transformSync } from 'esbuild';

registerHooks({
  load(url, context, nextLoad) {
    if (!url.startsWith('file:') || !url.endsWith('.tsx') || url.includes('/node_modules/')) {
      return nextLoad(url, context);
    }
    const path = fileURLToPath(url);
    const { code } = transformSync(readFileSync(path, 'utf8'), {
      loader: 'tsx',
      format: 'esm',
      jsx: 'automatic',
      jsxImportSource: 'preact',
      sourcefile: path,
      sourcemap: 'inline',
      target: 'node22',
    });
    return { format: 'module', source: code, shortCircuit: true };
  },
});

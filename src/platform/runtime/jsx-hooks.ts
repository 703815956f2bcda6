// Node strips TypeScript types natively but does not transform JSX. These hooks compile the
// project's own .tsx files with esbuild at import time so that server-rendered Preact
// components need no build step. Everything else loads untouched.
import { createHash } from 'node:crypto';
import { getCompileCacheDir, registerHooks } from 'node:module';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { transformSync, version } from 'esbuild';

function compile(path: string, source: string): string {
  return transformSync(source, {
    loader: 'tsx',
    format: 'esm',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    sourcefile: path,
    sourcemap: 'inline',
    target: 'node22',
  }).code;
}

// A process started with Node's compile cache (NODE_COMPILE_CACHE; the test runs use one, as
// the stores and commands they start as child processes load the same 150 components) keeps
// the compiled components beside it, by content, so that only the first process compiles them.
const compiledDir = getCompileCacheDir() && join(getCompileCacheDir()!, 'jsx');

function compileCached(path: string, source: string, dir: string): string {
  const key = createHash('sha256').update(`${version}\0${path}\0${source}`).digest('hex');
  const file = join(dir, `${key.slice(0, 32)}.js`);
  try {
    return readFileSync(file, 'utf8');
  } catch {
    const code = compile(path, source);
    mkdirSync(dir, { recursive: true });
    // Written then renamed, so a process starting beside this one never reads half a file.
    writeFileSync(`${file}.${process.pid}`, code);
    renameSync(`${file}.${process.pid}`, file);
    return code;
  }
}

registerHooks({
  load(url, context, nextLoad) {
    if (!url.startsWith('file:') || !url.endsWith('.tsx') || url.includes('/node_modules/')) {
      return nextLoad(url, context);
    }
    const path = fileURLToPath(url);
    const source = readFileSync(path, 'utf8');
    const code = compiledDir ? compileCached(path, source, compiledDir) : compile(path, source);
    return { format: 'module', source: code, shortCircuit: true };
  },
});

// Browser assets (stylesheets and island scripts) are bundled in memory when the process
// starts: no build step, no files on disk, and nothing to get out of step with the code.
// Names carry a content hash, so they are served as immutable and a deploy never mixes an
// old page with a new script. esbuild's hashes depend on content only, so every instance
// behind a load balancer serves the same names for the same code.
import { readdirSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { build } from 'esbuild';
import type { FastifyInstance } from 'fastify';

export interface AssetManifest {
  /** The public URL of a logical asset: `url('main.css')` → `/assets/main-3FQK2L7A.css`. */
  url(name: string): string;
  /** The asset at a public URL path, or undefined when there is none. */
  get(path: string): { body: Buffer; contentType: string } | undefined;
}

const ASSET_PREFIX = '/assets/';
const WEB_DIR = import.meta.dirname;
const ISLANDS_DIR = join(WEB_DIR, 'islands');
const STYLE_ENTRIES = [join(WEB_DIR, 'styles/main.css'), join(WEB_DIR, 'styles/admin.css')];
// Files in islands/ that are shared by the islands rather than islands themselves.
const ISLAND_HELPERS = new Set(['hydrate.ts', 'live-availability.ts']);

const CONTENT_TYPES: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
};

export async function buildAssets(): Promise<AssetManifest> {
  const result = await build({
    absWorkingDir: WEB_DIR,
    entryPoints: [...STYLE_ENTRIES, ...islandEntries()],
    write: false,
    metafile: true,
    bundle: true,
    minify: true,
    // Islands share one copy of Preact (and anything else they have in common) in a chunk.
    splitting: true,
    format: 'esm',
    target: 'es2020',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    entryNames: '[name]-[hash]',
    chunkNames: 'chunk-[hash]',
    outdir: 'assets',
    logLevel: 'silent',
  });

  const files = new Map<string, { body: Buffer; contentType: string }>();
  for (const file of result.outputFiles) {
    const contentType = CONTENT_TYPES[extname(file.path)];
    if (!contentType) continue;
    files.set(ASSET_PREFIX + basename(file.path), {
      body: Buffer.from(file.contents),
      contentType,
    });
  }

  // Logical name (entry file name, with the extension of its output) → hashed URL.
  const urls = new Map<string, string>();
  for (const [outputPath, output] of Object.entries(result.metafile.outputs)) {
    if (!output.entryPoint) continue;
    const outputExt = extname(outputPath);
    const entryName = basename(output.entryPoint, extname(output.entryPoint));
    urls.set(entryName + outputExt, ASSET_PREFIX + basename(outputPath));
  }

  return {
    url(name) {
      const url = urls.get(name);
      // A typo here would silently break a page's styling or script: fail the render instead.
      if (!url) throw new Error(`Unknown asset "${name}" (known: ${[...urls.keys()].join(', ')})`);
      return url;
    },
    get(path) {
      return files.get(path);
    },
  };
}

function islandEntries(): string[] {
  return readdirSync(ISLANDS_DIR)
    .filter((file) => /\.tsx?$/.test(file) && !file.endsWith('.test.ts'))
    .filter((file) => !ISLAND_HELPERS.has(file))
    .map((file) => join(ISLANDS_DIR, file));
}

/** Serves the built assets from memory under `/assets/`. */
export function registerAssetRoutes(app: FastifyInstance, manifest: AssetManifest): void {
  app.get<{ Params: { '*': string } }>(
    '/assets/*',
    { config: { access: 'public' } },
    async (request, reply) => {
      const asset = manifest.get(ASSET_PREFIX + request.params['*']);
      if (!asset) return reply.callNotFound();
      return reply
        .header('cache-control', 'public, max-age=31536000, immutable')
        .header('x-content-type-options', 'nosniff')
        .type(asset.contentType)
        .send(asset.body);
    },
  );
}

// An in-process cache for rendered output, invalidated by tags. Writers drop a tag after
// their transaction commits (`database.afterCommit(() => cache.invalidate('catalog'))`);
// every entry remembers the tag versions it was built from and is discarded once any of
// them moved, so an entry rendered from data read before a change is never served after it.
// Entries also expire after `ttlMs`, which bounds staleness between several instances.
import { LRUCache } from 'lru-cache';

export interface CacheOptions {
  /** Total size of the kept values, in characters. */
  maxChars: number;
  ttlMs: number;
  /** False switches caching off entirely (benchmarks, debugging). */
  enabled: boolean;
}

interface Entry {
  value: string;
  versions: number[];
}

export class TaggedCache {
  readonly #entries: LRUCache<string, Entry>;
  readonly #tagVersions = new Map<string, number>();
  readonly enabled: boolean;

  constructor(options: CacheOptions) {
    this.enabled = options.enabled;
    this.#entries = new LRUCache<string, Entry>({
      maxSize: Math.max(1, options.maxChars),
      sizeCalculation: (entry) => Math.max(1, entry.value.length),
      ttl: options.ttlMs,
    });
  }

  #version(tag: string): number {
    return this.#tagVersions.get(tag) ?? 0;
  }

  /** The versions of `tags` now: take them before reading the data the value is built from. */
  snapshot(tags: readonly string[]): number[] {
    return tags.map((tag) => this.#version(tag));
  }

  get(key: string, tags: readonly string[]): string | undefined {
    if (!this.enabled) return undefined;
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    if (tags.some((tag, i) => this.#version(tag) !== entry.versions[i])) {
      this.#entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  /** Stores a value built from data read after `snapshot` was taken. */
  set(key: string, value: string, versions: number[]): void {
    if (!this.enabled) return;
    this.#entries.set(key, { value, versions });
  }

  /** Returns the cached value, or builds, stores and returns it. */
  async remember(key: string, tags: readonly string[], build: () => Promise<string>): Promise<string> {
    const hit = this.get(key, tags);
    if (hit !== undefined) return hit;
    const versions = this.snapshot(tags);
    const value = await build();
    this.set(key, value, versions);
    return value;
  }

  invalidate(tag: string): void {
    this.#tagVersions.set(tag, this.#version(tag) + 1);
  }

  clear(): void {
    this.#entries.clear();
  }
}

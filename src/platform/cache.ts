// An in-process cache for rendered output, invalidated by tags. Writers drop a tag after
// their transaction commits (`database.afterCommit(() => cache.invalidate('catalog'))`);
// every entry remembers the tag versions it was built from and is discarded once any of
// them moved, so an entry rendered from data read before a change is never served after it.
// Entries also expire after `ttlMs`, which bounds staleness between several instances.
import { LRUCache } from 'lru-cache';

export interface CacheOptions {
  /** Total size of the kept values, in characters (or the sizes given when storing). */
  maxChars: number;
  ttlMs: number;
  /** False switches caching off entirely (benchmarks, debugging). */
  enabled: boolean;
}

interface Entry {
  value: unknown;
  versions: number[];
}

/** Strings weigh their length; other values say their size when stored (default 1 KiB). */
const sizeOfValue = (value: unknown) => (typeof value === 'string' ? value.length : 1024);

export class TaggedCache {
  readonly #entries: LRUCache<string, Entry>;
  readonly #tagVersions = new Map<string, number>();
  /** Builds under way, by key and tag versions: concurrent misses share one build. */
  readonly #building = new Map<string, Promise<unknown>>();
  readonly enabled: boolean;

  constructor(options: CacheOptions) {
    this.enabled = options.enabled;
    this.#entries = new LRUCache<string, Entry>({
      maxSize: Math.max(1, options.maxChars),
      sizeCalculation: (entry) => Math.max(1, sizeOfValue(entry.value)),
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

  get<T = string>(key: string, tags: readonly string[]): T | undefined {
    if (!this.enabled) return undefined;
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    if (tags.some((tag, i) => this.#version(tag) !== entry.versions[i])) {
      this.#entries.delete(key);
      return undefined;
    }
    return entry.value as T;
  }

  /** Stores a value built from data read after `snapshot` was taken. */
  set(key: string, value: unknown, versions: number[], size?: number): void {
    if (!this.enabled) return;
    this.#entries.set(key, { value, versions }, size === undefined ? {} : { size: Math.max(1, size) });
  }

  /** Returns the cached value, or builds, stores and returns it. */
  async remember<T = string>(key: string, tags: readonly string[], build: () => Promise<T>, sizeOf?: (value: T) => number): Promise<T> {
    const hit = this.get<T>(key, tags);
    if (hit !== undefined) return hit;
    const versions = this.snapshot(tags);
    // Fifty visitors missing the same page at once must not render it fifty times. A build
    // started before a change has other versions, so nobody arriving after the change joins it.
    const flight = `${key}\u0000${versions.join(',')}`;
    const running = this.#building.get(flight);
    if (running) return running as Promise<T>;
    const promise = build().then((value) => {
      this.set(key, value, versions, sizeOf?.(value));
      return value;
    });
    if (this.enabled) {
      this.#building.set(flight, promise);
      void promise.then(
        () => this.#building.delete(flight),
        () => this.#building.delete(flight),
      );
    }
    return promise;
  }

  invalidate(tag: string): void {
    this.#tagVersions.set(tag, this.#version(tag) + 1);
  }

  clear(): void {
    this.#entries.clear();
  }
}

// Test-only helpers for the identity tests.
import type { TestStore } from '../../testing/store.ts';

/**
 * Closes a test store. `TestStore.close()` currently closes the database twice (once in
 * `stop()`, once in `dispose()`); the second close's complaint is not a test failure.
 */
export async function closeStore(store: TestStore): Promise<void> {
  try {
    await store.close();
  } catch (error) {
    if (!/PGlite is closed|end on pool more than once/i.test(String((error as Error).message)))
      throw error;
  }
}

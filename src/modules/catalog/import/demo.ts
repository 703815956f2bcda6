// Placeholder until the importer is built.
import type { Platform } from '../../../platform/platform.ts';

export async function loadDemoCatalog(_platform: Platform): Promise<void> {}

// What a business module offers the store: routes, event subscriptions and schedules,
// registered once at start. A module reaches others only through their index.ts.
import type { App } from './http/app.ts';
import type { Platform } from './platform.ts';

export interface Module {
  name: string;
  /** Adds routes to the app and subscribes handlers/schedules; runs before the job system starts. */
  register(app: App, platform: Platform): void | Promise<void>;
  /** Runs once the database is migrated and the job system started (e.g. to load demo data). */
  ready?(platform: Platform): Promise<void>;
}

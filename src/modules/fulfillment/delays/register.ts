// Wires this part of fulfillment into the store (routes, jobs, subscribers, page sections).
import type { App } from '../../../platform/http/app.ts';
import type { Platform } from '../../../platform/platform.ts';

export function registerDelayChecks(_app: App, _platform: Platform): void {}

// Site pages that belong to no business capability (help, policies, the status page) and
// the store profile every module reads its currency, locale and time zone from.
import type { Module } from '../../platform/module.ts';
import { registerSiteRoutes } from './routes.tsx';

export { getStoreProfile, updateStoreProfile, type StoreProfile } from './profile.ts';
export { registerStatusSection, type StatusSection } from './status-sections.ts';
export { COMPONENTS, componentSignals, currentStatus, registerComponentSignals, STATE_LABELS, statusFrom, worseState, type ComponentKey, type ComponentSignal, type ComponentState, type ComponentStatus } from './status.ts';

export const siteModule: Module = { name: 'site', register: registerSiteRoutes };

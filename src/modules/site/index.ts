// Site pages that belong to no business capability: the home page (until the catalogue
// takes it over), help, policies and the status page.
import type { Module } from '../../platform/module.ts';
import { registerSiteRoutes } from './routes.tsx';

export const siteModule: Module = { name: 'site', register: registerSiteRoutes };

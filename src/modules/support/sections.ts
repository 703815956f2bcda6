// Extension point of the staff ticket page: another module adds a section (the emails the
// customer was sent) without support knowing it. A section that fails is left out and logged:
// the rest of the page still serves the agent.
import type { JSX } from 'preact';
import type { Principal } from '../../platform/http/principal.ts';
import type { Platform } from '../../platform/platform.ts';
import type { Ticket } from './read.ts';

export interface TicketSectionContext {
  platform: Platform;
  ticket: Ticket;
  staff: Extract<Principal, { kind: 'staff' }>;
  /** For forms in the section (every POST form carries it). */
  csrfToken: string;
}

/** Renders a section, or null when it has nothing to show for this ticket. */
export type TicketSection = (ctx: TicketSectionContext) => Promise<JSX.Element | null>;

const registry = new WeakMap<Platform, TicketSection[]>();

/** Adds a section to the staff ticket page at /admin/support/:number (after the conversation, in registration order). */
export function registerTicketSection(platform: Platform, section: TicketSection): void {
  const sections = registry.get(platform) ?? [];
  sections.push(section);
  registry.set(platform, sections);
}

export async function renderTicketSections(ctx: TicketSectionContext): Promise<JSX.Element[]> {
  const rendered = await Promise.all(
    (registry.get(ctx.platform) ?? []).map(async (section) => {
      try {
        return await section(ctx);
      } catch (error) {
        ctx.platform.log.error({ err: error, ticketId: ctx.ticket.id }, 'a ticket page section failed');
        return null;
      }
    }),
  );
  return rendered.filter((node): node is JSX.Element => node !== null);
}

import type { FrameworkLinkGroup, FrameworkLinkItem } from '@guantong/shared';
import type { Kysely } from 'kysely';
import type { Actor } from '../../core/access.js';
import type { DB } from '../../db/schema.js';

/** What a provider answers: its kind of record, how many the actor may see, and (some of) them. */
export interface FrameworkLinkResult {
  type: string;
  count: number;
  items: FrameworkLinkItem[];
}

/**
 * Another module's contribution to "everything linked to a framework node". It receives the ids of every
 * node of the lineage (all years) of the node and of its descendants, and must scope what it returns to the actor.
 */
export type FrameworkLinkProvider = (db: Kysely<DB>, actor: Actor, nodeIds: number[]) => Promise<FrameworkLinkResult>;

const providers = new Map<string, FrameworkLinkProvider>();

/** Registers (or replaces) a provider under a stable name, e.g. `tasks`, `meetings`, `indicators`. */
export function registerFrameworkLinkProvider(name: string, provider: FrameworkLinkProvider): void {
  providers.set(name, provider);
}

/** Removes a provider (tests). */
export function unregisterFrameworkLinkProvider(name: string): void {
  providers.delete(name);
}

/** Asks every provider; one that fails is reported as unavailable instead of failing the page. */
export async function collectFrameworkLinks(
  db: Kysely<DB>,
  actor: Actor,
  nodeIds: number[],
  onError: (name: string, err: unknown) => void = () => {},
): Promise<FrameworkLinkGroup[]> {
  const entries = [...providers.entries()].sort(([a], [b]) => a.localeCompare(b));
  return Promise.all(
    entries.map(async ([name, provider]): Promise<FrameworkLinkGroup> => {
      try {
        const r = await provider(db, actor, nodeIds);
        return { provider: name, type: r.type, count: r.count, items: r.items, unavailable: false };
      } catch (err) {
        onError(name, err);
        return { provider: name, type: name, count: 0, items: [], unavailable: true };
      }
    }),
  );
}

import { TASK_OPEN_STATUSES, type TaskListQuery, type TaskStatus, type TaskView, taskListQuerySchema } from '@guantong/shared';
import { parseKnown } from '../../components/useUrlState';

/** URL keys of a task list page (the view is the page's own). */
export const LIST_KEYS = [
  'page',
  'pageSize',
  'q',
  'status',
  'level',
  'orgId',
  'frameworkNodeId',
  'dueFrom',
  'dueTo',
  'topLevel',
  'parentId',
  'sort',
  'order',
] as const;

/** The board's lights as a list filter (kept in the URL as `light`). */
export const LIGHT_FILTERS = ['green', 'yellow', 'red', 'escalated', 'flagged', 'stale', 'reported'] as const;
export type LightFilter = (typeof LIGHT_FILTERS)[number];

const SUPERVISABLE: TaskStatus[] = ['issued', 'accepted', 'in_progress', 'reported', 'returned'];
const OPEN: TaskStatus[] = [...TASK_OPEN_STATUSES];

export interface ListState {
  query: TaskListQuery;
  light: LightFilter | null;
}

/** Reads a list page's state from the URL; values the schema refuses (a hand-edited URL) are dropped. */
export function parseListState(params: URLSearchParams, view: TaskView, defaults: Partial<TaskListQuery> = {}): ListState {
  const parsed = parseKnown(params, LIST_KEYS, (input) => taskListQuerySchema.safeParse({ ...input, view }));
  const light = params.get('light');
  return {
    query: {
      ...parsed,
      sort: params.get('sort') ? parsed.sort : (defaults.sort ?? parsed.sort),
      order: params.get('order') ? parsed.order : (defaults.order ?? parsed.order),
    },
    light: (LIGHT_FILTERS as readonly string[]).includes(light ?? '') ? (light as LightFilter) : null,
  };
}

/**
 * What the API gets: the page's query plus the light as filters. A light narrows to unfinished work unless the user
 * chose statuses; on the board, no light means "everything under supervision" (view=board), a light means that
 * light across the scope.
 */
export function apiQueryOf(state: ListState): TaskListQuery {
  const q: TaskListQuery = { ...state.query };
  const statuses = (list: TaskStatus[]) => (q.status?.length ? q.status : list);
  switch (state.light) {
    case null:
      return q;
    case 'green':
      return { ...q, view: q.view === 'board' ? 'org' : q.view, supervisionLevel: ['none'], status: statuses(OPEN) };
    case 'yellow':
    case 'red':
      return { ...q, view: q.view === 'board' ? 'org' : q.view, supervisionLevel: [state.light], status: statuses(OPEN) };
    case 'escalated':
      return { ...q, view: q.view === 'board' ? 'org' : q.view, escalated: 'true', status: statuses(OPEN) };
    case 'stale':
      return { ...q, view: q.view === 'board' ? 'org' : q.view, stale: 'true', status: statuses(OPEN) };
    case 'flagged':
      return { ...q, view: q.view === 'board' ? 'org' : q.view, flagged: 'true', status: statuses(SUPERVISABLE) };
    case 'reported':
      return { ...q, view: q.view === 'board' ? 'org' : q.view, status: ['reported'] };
  }
}

/** True when any filter narrows the list (for the empty state and the reset button). */
export function isFiltered(state: ListState): boolean {
  const q = state.query;
  return Boolean(
    state.light ||
      q.q ||
      q.status?.length ||
      q.level?.length ||
      q.orgId ||
      q.frameworkNodeId ||
      q.dueFrom ||
      q.dueTo ||
      q.topLevel ||
      q.parentId,
  );
}

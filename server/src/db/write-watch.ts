import type {
  KyselyPlugin,
  OperationNode,
  PluginTransformQueryArgs,
  PluginTransformResultArgs,
  QueryResult,
  RootOperationNode,
  UnknownRow,
} from 'kysely';

type Listener = (table: string) => void;

const listeners = new Map<string, Set<Listener>>();

/**
 * Calls `listener` whenever this process writes (insert, update, delete, through the query builder) to one of
 * the tables: once when the statement is built and once when it has run. Returns the unsubscribe function.
 * Used to drop in-process caches of data those tables hold (e.g. the session cache and role grants).
 */
export function onTableWrite(tables: readonly string[], listener: Listener): () => void {
  for (const t of tables) {
    let set = listeners.get(t);
    if (!set) {
      set = new Set();
      listeners.set(t, set);
    }
    set.add(listener);
  }
  return () => {
    for (const t of tables) {
      listeners.get(t)?.delete(listener);
    }
  };
}

function tableName(node: OperationNode | undefined): string | null {
  if (!node) {
    return null;
  }
  if (node.kind === 'AliasNode') {
    return tableName((node as unknown as { node: OperationNode }).node);
  }
  if (node.kind === 'TableNode') {
    return (node as unknown as { table: { identifier: { name: string } } }).table.identifier.name;
  }
  return null;
}

/** The table a write statement changes, or null for reads and anything else. */
function writtenTable(node: RootOperationNode): string | null {
  switch (node.kind) {
    case 'InsertQueryNode':
      return tableName(node.into);
    case 'UpdateQueryNode':
      return tableName(node.table);
    case 'DeleteQueryNode':
      return tableName(node.from.froms[0]);
    default:
      return null;
  }
}

const pending = new WeakMap<object, string>();

/** The Kysely plugin behind {@link onTableWrite}; openDatabase installs it. */
export class WriteWatchPlugin implements KyselyPlugin {
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    if (listeners.size > 0) {
      const table = writtenTable(args.node);
      const set = table ? listeners.get(table) : undefined;
      if (table && set && set.size > 0) {
        pending.set(args.queryId, table);
        for (const l of set) {
          l(table);
        }
      }
    }
    return args.node;
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    const table = pending.get(args.queryId);
    if (table) {
      pending.delete(args.queryId);
      for (const l of listeners.get(table) ?? []) {
        l(table);
      }
    }
    return args.result;
  }
}

import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import {
  type CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  Kysely,
  type QueryResult,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
} from 'kysely';
import type { DB } from './schema.js';

/**
 * The worker: its own read-only connection to the SQLite file, memory-mapped (heavy reads touch much of the
 * file), answering one query at a time with the rows. Plain CommonJS so that it runs without a TypeScript loader.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { readonly: true, fileMustExist: true });
db.pragma('busy_timeout = 5000');
db.pragma('mmap_size = ' + workerData.mmapBytes);
const statements = new Map();
parentPort.on('message', ({ id, sql, parameters }) => {
  try {
    let stmt = statements.get(sql);
    if (!stmt) {
      stmt = db.prepare(sql);
      if (statements.size < 200) statements.set(sql, stmt);
    }
    if (!stmt.reader) throw new Error('The read worker only runs queries that return rows.');
    parentPort.postMessage({ id, rows: stmt.all(parameters) });
  } catch (error) {
    parentPort.postMessage({ id, error: { message: String(error && error.message), code: error && error.code } });
  }
});
`;

interface Pending {
  resolve(rows: unknown[]): void;
  reject(error: Error): void;
}

/**
 * Runs read queries on an SQLite file in a worker thread, so that a read scanning hundreds of thousands of
 * rows does not hold the event loop (on SQLite every query runs synchronously on the calling thread). The
 * worker starts on first use, sees what has been committed (WAL: readers never wait for the writer), and is
 * restarted if it dies. Queries queue in the worker one after another.
 */
class ReadWorker {
  private worker: Worker | null = null;
  private next = 1;
  private readonly pending = new Map<number, Pending>();

  constructor(private readonly file: string) {}

  private start(): Worker {
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { file: this.file, driver: createRequire(import.meta.url).resolve('better-sqlite3'), mmapBytes: 1 << 30 },
    });
    worker.unref();
    worker.on('message', (m: { id: number; rows?: unknown[]; error?: { message: string; code?: string } }) => {
      const p = this.pending.get(m.id);
      if (!p) {
        return;
      }
      this.pending.delete(m.id);
      if (m.error) {
        p.reject(Object.assign(new Error(m.error.message), m.error.code ? { code: m.error.code } : {}));
      } else {
        p.resolve(m.rows ?? []);
      }
    });
    const fail = (error: Error) => {
      if (this.worker === worker) {
        this.worker = null;
      }
      for (const p of this.pending.values()) {
        p.reject(error);
      }
      this.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`The read worker stopped (exit code ${code}).`)));
    return worker;
  }

  query(sql: string, parameters: readonly unknown[]): Promise<unknown[]> {
    this.worker ??= this.start();
    const worker = this.worker;
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      // Keep the process alive while a query is out, not while the worker idles.
      worker.ref();
      worker.postMessage({ id, sql, parameters });
    }).finally(() => {
      if (this.pending.size === 0) {
        worker.unref();
      }
    }) as Promise<unknown[]>;
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    await worker?.terminate();
  }
}

class ReadWorkerConnection implements DatabaseConnection {
  constructor(private readonly worker: ReadWorker) {}

  async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    return { rows: (await this.worker.query(compiled.sql, compiled.parameters)) as R[] };
  }

  // biome-ignore lint/correctness/useYield: streaming is refused before anything is yielded.
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('The read worker does not stream.');
  }
}

class ReadWorkerDriver implements Driver {
  private readonly connection: ReadWorkerConnection;
  constructor(private readonly worker: ReadWorker) {
    this.connection = new ReadWorkerConnection(worker);
  }
  async init(): Promise<void> {}
  async acquireConnection(): Promise<DatabaseConnection> {
    return this.connection;
  }
  async beginTransaction(): Promise<void> {
    throw new Error('The read worker runs single reads, not transactions.');
  }
  async commitTransaction(): Promise<void> {}
  async rollbackTransaction(): Promise<void> {}
  async releaseConnection(): Promise<void> {}
  async destroy(): Promise<void> {
    await this.worker.close();
  }
}

/**
 * A Kysely instance over an SQLite file whose queries run in a worker thread (reads only: anything else
 * fails). For heavy reads (coverage across the group, the supervision board of the whole tree): build the
 * query as usual and execute it on this instead of the main connection.
 */
export function openReadWorker(file: string): Kysely<DB> {
  const worker = new ReadWorker(file);
  const dialect: Dialect = {
    createAdapter: () => new SqliteAdapter(),
    createDriver: () => new ReadWorkerDriver(worker),
    createQueryCompiler: () => new SqliteQueryCompiler(),
    createIntrospector: (db) => new SqliteIntrospector(db),
  };
  return new Kysely<DB>({ dialect });
}

import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { AppContext } from './context.js';

/** An interval job; `run` receives the context and should be idempotent. */
export interface JobDefinition {
  name: string;
  intervalMs: number;
  run(ctx: AppContext): Promise<string | undefined>;
}

/**
 * A small interval job runner. Each job holds a lease row in the database; a process runs a job only
 * when it wins the lease (an atomic conditional update), so two app processes on one database never
 * run the same job at the same time. Every run is logged in job_runs with its outcome.
 */
export class JobRunner {
  readonly owner = `${process.pid}-${randomUUID().slice(0, 8)}`;
  private readonly jobs = new Map<string, JobDefinition>();
  private readonly timers: NodeJS.Timeout[] = [];

  constructor(
    private readonly ctx: AppContext,
    private readonly log?: FastifyBaseLogger,
  ) {}

  register(job: JobDefinition): void {
    this.jobs.set(job.name, job);
  }

  list(): JobDefinition[] {
    return [...this.jobs.values()];
  }

  /** Takes the lease for a job if it is free or expired; true when this process now holds it. */
  async acquire(name: string, leaseMs: number): Promise<boolean> {
    const db = this.ctx.database.db;
    const now = this.ctx.clock();
    await db
      .insertInto('job_leases')
      .values({ name, owner: null, lease_until: new Date(0).toISOString(), last_run_at: null })
      .onConflict((oc) => oc.column('name').doNothing())
      .execute();
    const res = await db
      .updateTable('job_leases')
      .set({ owner: this.owner, lease_until: new Date(now.getTime() + leaseMs).toISOString() })
      .where('name', '=', name)
      .where('lease_until', '<=', now.toISOString())
      .executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  }

  /** Runs one job now if the lease can be had; returns the outcome or 'skipped'. */
  async runOnce(name: string): Promise<'ok' | 'failed' | 'skipped'> {
    const job = this.jobs.get(name);
    if (!job) {
      throw new Error(`Unknown job ${name}`);
    }
    const leaseMs = Math.max(job.intervalMs, 60_000);
    if (!(await this.acquire(name, leaseMs))) {
      return 'skipped';
    }
    const db = this.ctx.database.db;
    const started = this.ctx.clock().toISOString();
    const run = await db
      .insertInto('job_runs')
      .values({ name, owner: this.owner, started_at: started, finished_at: null, outcome: 'running', message: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    let outcome: 'ok' | 'failed' = 'ok';
    let message: string | null = null;
    try {
      message = (await job.run(this.ctx)) ?? null;
    } catch (err) {
      outcome = 'failed';
      message = err instanceof Error ? err.message : String(err);
      this.log?.error({ err, job: name }, 'job failed');
    }
    const finished = this.ctx.clock();
    await db.updateTable('job_runs').set({ finished_at: finished.toISOString(), outcome, message }).where('id', '=', run.id).execute();
    // Hold the lease until the next interval is due, measured from this run's end.
    await db
      .updateTable('job_leases')
      .set({ last_run_at: finished.toISOString(), lease_until: new Date(finished.getTime() + job.intervalMs).toISOString() })
      .where('name', '=', name)
      .where('owner', '=', this.owner)
      .execute();
    return outcome;
  }

  /** Starts polling every job; the lease decides who runs. */
  start(pollMs = 15_000): void {
    for (const job of this.jobs.values()) {
      const tick = () => {
        this.runOnce(job.name).catch((err) => this.log?.error({ err, job: job.name }, 'job runner error'));
      };
      this.timers.push(setInterval(tick, Math.min(pollMs, job.intervalMs)));
      setTimeout(tick, 1000).unref();
    }
    for (const t of this.timers) {
      t.unref();
    }
  }

  stop(): void {
    for (const t of this.timers) {
      clearInterval(t);
    }
    this.timers.length = 0;
  }
}

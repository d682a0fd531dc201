import type { MetricValue } from '@guantong/shared';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';

/**
 * The metric registry (指标库) the evaluation engine scores from. A module that records work (tasks, meetings,
 * learning, rectification, projects …) registers its metrics here at start-up; the evaluation engine offers only
 * registered metrics, so a metric whose module does not exist yet is simply not offered — never a fake value.
 *
 * A metric is a named, documented function of recorded data for a subject (an organisation's subtree, or a
 * person) and a period. It is computed for many subjects at once (a scheme run covers thousands of orgs), and it
 * can list the records behind one subject's value so a score can be explained down to the records.
 */

/** Inclusive Beijing-date period, YYYY-MM-DD. */
export interface MetricPeriod {
  from: string;
  to: string;
}

export type MetricSubject = 'org' | 'person';
export type MetricUnit = 'percent' | 'count' | 'hours' | 'ratio' | 'number';

/** One record counted in a metric, for the explanation page (links to the record's own page). */
export interface MetricRecord {
  /** Entity type, e.g. 'task', 'meeting', 'supervision_notice'. */
  type: string;
  id: number;
  title: string;
  /** The record's relevant date (due, held, answered …), YYYY-MM-DD or ISO. */
  date: string | null;
  /** How it counted: in the numerator (met), only in the denominator (not met), or as a plain count. */
  role: 'numerator' | 'denominator' | 'count';
  /** Web path of the record, e.g. /tasks/123. */
  href: string | null;
}

export interface MetricComputeArgs {
  db: Kysely<DB>;
  /** Organisation ids (subject 'org': each measured over its subtree) or person ids (subject 'person'). */
  subjectIds: readonly number[];
  period: MetricPeriod;
  /** The day the measurement is taken (deadlines after it have not passed yet), YYYY-MM-DD. */
  asOf: string;
}

export interface MetricDefinition {
  /** Stable key used in formulas: module prefix + snake_case, e.g. `tasks.decomposition_completion_rate`. */
  key: string;
  /** Module that provides it, e.g. 'tasks', 'meetings'. */
  module: string;
  subject: MetricSubject;
  unit: MetricUnit;
  /** Chinese label shown to users, and its English translation. */
  label: { zh: string; en: string };
  /** What exactly is counted, in Chinese (shown next to every score that uses it). */
  definition: string;
  /**
   * Values for every subject id (missing ids or `value: null` mean "no data" — nothing to measure).
   * Must be batched (a few queries for all subjects), not one query per subject.
   */
  compute(args: MetricComputeArgs): Promise<Map<number, MetricValue>>;
  /** The records behind one subject's value (bounded, e.g. first 200), for the explanation page. */
  records?(args: Omit<MetricComputeArgs, 'subjectIds'> & { subjectId: number; limit: number }): Promise<MetricRecord[]>;
}

const registry = new Map<string, MetricDefinition>();

/** Called by a module at registration; re-registering the same key replaces it (tests build many apps). */
export function registerMetric(metric: MetricDefinition): void {
  registry.set(metric.key, metric);
}

/** Every registered metric, in registration order. */
export function listMetrics(subject?: MetricSubject): MetricDefinition[] {
  return [...registry.values()].filter((m) => !subject || m.subject === subject);
}

/** One metric by key, or undefined when no module provides it. */
export function getMetric(key: string): MetricDefinition | undefined {
  return registry.get(key);
}

import type { TaskRollup, TaskStatus } from '@guantong/shared';

/** What the roll-up needs of one child. */
export interface RollupChild {
  status: TaskStatus;
  weight: number;
  /** The child's own effective reported progress (its roll-up when it has children). */
  progress: number;
  /** The child's effective verified completion. */
  verified: number;
}

export interface RollupResult {
  progress: number;
  verified: number;
  rule: TaskRollup['rule'];
  counted: number;
  cancelled: number;
}

/** Children that count: everything except drafts (not yet issued) and cancelled ones. */
export function countsInRollup(status: TaskStatus): boolean {
  return status !== 'draft' && status !== 'cancelled';
}

/** 100 when the task itself has been verified (验收) or closed (销号). */
export function isVerified(status: TaskStatus): boolean {
  return status === 'verified' || status === 'closed';
}

/**
 * The roll-up rule, in one place:
 * - a task without counted children: progress = its own reported %, verified = 100 if verified/closed else 0;
 * - with counted children (draft and cancelled excluded): progress = Σ(weightᵢ × progressᵢ) / Σ weightᵢ, and
 *   verified = Σ(weightᵢ × verifiedᵢ) / Σ weightᵢ, each child's own values being its roll-up (recursive);
 *   when every weight is 0 the plain mean is used;
 * - a task verified/closed itself has verified completion 100 whatever its children say.
 * Reported progress and verified completion are kept apart: executors report, issuers verify.
 */
export function rollup(own: { status: TaskStatus; progress: number }, children: RollupChild[]): RollupResult {
  const sums: RollupSums = { counted: 0, cancelled: 0, sw: 0, swp: 0, swv: 0, sp: 0, sv: 0 };
  for (const c of children) {
    if (c.status === 'cancelled') {
      sums.cancelled += 1;
    }
    if (!countsInRollup(c.status)) {
      continue;
    }
    sums.counted += 1;
    sums.sw += c.weight;
    sums.swp += c.weight * c.progress;
    sums.swv += c.weight * c.verified;
    sums.sp += c.progress;
    sums.sv += c.verified;
  }
  return rollupFromSums(own, sums);
}

/** The sums the roll-up needs over the counted children (computed in SQL for large families). */
export interface RollupSums {
  counted: number;
  cancelled: number;
  /** Σ weight, Σ weight×progress, Σ weight×verified, Σ progress, Σ verified over counted children. */
  sw: number;
  swp: number;
  swv: number;
  sp: number;
  sv: number;
}

/** The roll-up from pre-computed sums; the same rule as {@link rollup}. */
export function rollupFromSums(own: { status: TaskStatus; progress: number }, s: RollupSums): RollupResult {
  if (s.counted === 0) {
    return { progress: own.progress, verified: isVerified(own.status) ? 100 : 0, rule: 'own_report', counted: 0, cancelled: s.cancelled };
  }
  const weighted = s.sw > 0;
  const progress = weighted ? s.swp / s.sw : s.sp / s.counted;
  const verified = isVerified(own.status) ? 100 : weighted ? s.swv / s.sw : s.sv / s.counted;
  return { progress, verified, rule: weighted ? 'weighted_children' : 'mean_children', counted: s.counted, cancelled: s.cancelled };
}

/** One decimal, as the UI shows percentages. */
export function round1(n: number): number {
  return Math.round(n * 10) / 10;
}

/** The rule in words (Chinese, shown next to the number). */
export function ruleText(rule: TaskRollup['rule'], counted: number, cancelled: number): string {
  const excluded = cancelled > 0 ? `，已取消的 ${cancelled} 项不计` : '，已取消的子任务不计';
  if (rule === 'own_report') {
    return '无下级任务：进度为本任务反馈的百分比；验收完成度在验收或销号后为 100%';
  }
  if (rule === 'mean_children') {
    return `按 ${counted} 项下级任务的简单平均（权重均为 0）${excluded}；反馈进度与验收完成度分别计算`;
  }
  return `按 ${counted} 项下级任务的权重加权平均：Σ(权重×进度)/Σ权重${excluded}；反馈进度与验收完成度分别计算`;
}

import type { CHECK_SEVERITIES, OrgChecksQuery } from '@guantong/shared';
import type { Actor } from '../../core/access.js';
import type { AppContext } from '../../core/context.js';
import type { ExcelSheetSpec } from '../../core/excel.js';
import { writeSheet } from '../../core/excel.js';
import { findOrgsByIds } from './orgs.repository.js';
import { chinaToday, listChecks } from './orgs.service.js';

const SEVERITY_LABELS: Record<(typeof CHECK_SEVERITIES)[number], string> = { error: '严重', warning: '警告', info: '提示' };

const RULE_LABELS: Record<string, string> = {
  'branch.min_full_members': '正式党员人数不足',
  'branch.committee_required': '应设支委会而未设',
  'branch.committee_size': '支委会人数不符合规定',
  'branch.max_members': '党员人数过多',
  'branch.groups_required': '应划分党小组而未划分',
  'branch.no_secretary': '书记空缺',
  'term.overdue': '逾期未换届',
  'term.ending_soon': '任期即将届满',
  'general_branch.committee_possible': '可设立基层党委',
};

const CHECKS_SPEC: ExcelSheetSpec = {
  templateId: 'guantong.orgs.checks.export.v1',
  title: '规则检查结果',
  sheetName: '规则检查',
  columns: [
    { key: 'severity', header: '级别', type: 'text', width: 8 },
    { key: 'orgCode', header: '组织编码', type: 'text', width: 12 },
    { key: 'orgName', header: '组织名称', type: 'text', width: 32 },
    { key: 'parentName', header: '上级组织', type: 'text', width: 24 },
    { key: 'rule', header: '规则', type: 'text', width: 20 },
    { key: 'ruleId', header: '规则编号', type: 'text', width: 28 },
    { key: 'message', header: '情况', type: 'text', width: 60 },
    { key: 'source', header: '依据', type: 'text', width: 48 },
  ],
  instructions: [],
};

/** `GET /api/orgs/checks/export.xlsx`: exactly the checks the list shows (same scope and filters), with names and sources. */
export async function exportChecks(ctx: AppContext, actor: Actor, q: OrgChecksQuery): Promise<{ data: Buffer; fileName: string }> {
  const db = ctx.database.db;
  const checks = await listChecks(ctx, actor, q);
  const orgs = new Map((await findOrgsByIds(db, [...new Set(checks.map((c) => c.orgId))])).map((o) => [o.id, o]));
  const parentIds = [...new Set([...orgs.values()].map((o) => o.parent_id).filter((id): id is number => id !== null))];
  const parents = new Map((await findOrgsByIds(db, parentIds)).map((o) => [o.id, o.name]));
  const data = await writeSheet(
    CHECKS_SPEC,
    checks.map((c) => {
      const org = orgs.get(c.orgId);
      return {
        severity: SEVERITY_LABELS[c.severity],
        orgCode: c.orgCode,
        orgName: org?.name ?? null,
        parentName: org?.parent_id ? (parents.get(org.parent_id) ?? null) : null,
        rule: RULE_LABELS[c.rule] ?? c.rule,
        ruleId: c.rule,
        message: c.message,
        source: c.source,
      };
    }),
  );
  return { data, fileName: `规则检查-${chinaToday(ctx)}.xlsx` };
}

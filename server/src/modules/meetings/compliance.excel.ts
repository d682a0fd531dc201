import type { ComplianceMatrixQuery } from '@guantong/shared';
import type { Actor } from '../../core/access.js';
import type { AppContext } from '../../core/context.js';
import { type ExcelSheetSpec, writeSheet } from '../../core/excel.js';
import { complianceMatrix } from './compliance.service.js';

const STATE = { ok: '达标', miss: '缺', open: '进行中', na: '—' } as const;

/** The matrix as shown (same filters, every row) as .xlsx: one row per organisation, one column per month. */
export async function exportComplianceMatrix(
  ctx: AppContext,
  actor: Actor,
  q: ComplianceMatrixQuery,
): Promise<{ data: Buffer; name: string }> {
  const m = await complianceMatrix(ctx, actor, { ...q, page: 1, pageSize: 10_000 });
  const spec: ExcelSheetSpec = {
    templateId: 'guantong.compliance.export.v1',
    title: '组织生活合规矩阵',
    sheetName: `${m.year}年组织生活`,
    instructions: [],
    columns: [
      { key: 'code', header: '组织编码', type: 'text', width: 12 },
      { key: 'name', header: '组织', type: 'text', width: 30 },
      { key: 'branches', header: '支部数', type: 'integer', width: 8 },
      ...Array.from({ length: 12 }, (_, i) => ({ key: `m${i + 1}`, header: `${i + 1}月`, type: 'text' as const, width: 8 })),
      { key: 'year', header: '年度事项', type: 'text', width: 10 },
      { key: 'rate', header: '达标率', type: 'text', width: 10 },
    ],
  };
  const cell = (c: { state: keyof typeof STATE; missed: number }, branch: boolean) =>
    c.state === 'miss' && !branch ? `缺 ${c.missed}` : STATE[c.state];
  const data = await writeSheet(
    spec,
    m.rows.map((r) => ({
      code: r.org.code,
      name: r.org.name,
      branches: r.branches,
      ...Object.fromEntries(r.months.map((c, i) => [`m${i + 1}`, cell(c, r.branch)])),
      year: cell(r.year, r.branch),
      rate: r.rate === null ? '—' : `${(r.rate * 100).toFixed(1)}%`,
    })),
  );
  return { data, name: `组织生活合规-${m.org.name}-${m.year}.xlsx` };
}

import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';
import { FONT_FAMILY } from '../../components/theme';

echarts.use([BarChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export interface ParticipationChartProps {
  names: string[];
  members: number[];
  respondents: number[];
  labels: { rate: string; members: string; respondents: string };
  ariaLabel: string;
  onPick?: (index: number) => void;
}

/**
 * Horizontal bars per organisation: the share of its party members who answered (%), with "answered / members" at
 * the bar's end (ECharts, loaded with this page only). Rates, not head counts, so small and large branches compare.
 */
export function ParticipationChart({ names, members, respondents, labels, ariaLabel, onPick }: ParticipationChartProps) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const pick = useRef(onPick);
  pick.current = onPick;

  useEffect(() => {
    if (!ref.current) {
      return;
    }
    const c = echarts.init(ref.current, undefined, { renderer: 'canvas' });
    chart.current = c;
    c.on('click', (p) => pick.current?.((p as { dataIndex: number }).dataIndex));
    const observer = new ResizeObserver(() => c.resize());
    observer.observe(ref.current);
    return () => {
      observer.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    const rates = members.map((m, i) => (m === 0 ? 0 : Math.round(((respondents[i] ?? 0) / m) * 1000) / 10));
    chart.current?.setOption(
      {
        textStyle: { fontFamily: FONT_FAMILY },
        animation: false,
        tooltip: {
          trigger: 'axis',
          axisPointer: { type: 'shadow' },
          formatter: (params: Array<{ dataIndex: number }>) => {
            const i = params[0]?.dataIndex ?? 0;
            return `${names[i]}<br/>${labels.rate} ${rates[i]}%<br/>${labels.respondents} ${respondents[i]} / ${labels.members} ${members[i]}`;
          },
        },
        grid: { left: 8, right: 96, top: 8, bottom: 8, containLabel: true },
        yAxis: { type: 'category', data: names, inverse: true, axisLabel: { width: 180, overflow: 'truncate' } },
        xAxis: { type: 'value', axisLabel: { formatter: '{value}%' } },
        series: [
          {
            name: labels.rate,
            type: 'bar',
            data: rates,
            barMaxWidth: 18,
            itemStyle: { color: '#1677FF' },
            label: {
              show: true,
              position: 'right',
              formatter: (p: { dataIndex: number }) => `${rates[p.dataIndex]}%  ${respondents[p.dataIndex]}/${members[p.dataIndex]}`,
            },
          },
        ],
      },
      true,
    );
  }, [names, members, respondents, labels]);

  return <div ref={ref} role="img" aria-label={ariaLabel} style={{ width: '100%', height: Math.max(160, names.length * 34 + 24) }} />;
}

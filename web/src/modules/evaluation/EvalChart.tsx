import { BarChart, LineChart, PieChart, RadarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, RadarComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';
import { FONT_FAMILY } from '../../components/theme';

echarts.use([RadarChart, LineChart, BarChart, PieChart, RadarComponent, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export type EvalChartOption = echarts.EChartsCoreOption;

/** Series colours: the brand red for the unit itself, calm greys and blues for comparisons. */
export const CHART_COLORS = ['#C8161D', '#1F5FAF', '#8C8C8C', '#D48806', '#389E0D'];

export interface EvalChartProps {
  option: EvalChartOption;
  height: number;
  /** What the chart shows, for screen readers (each chart has a table view next to it). */
  ariaLabel: string;
  testId?: string;
}

/** An ECharts canvas for the evaluation pages (radar, lines, bars, pies), loaded only with them and resized with its box. */
export function EvalChart({ option, height, ariaLabel, testId }: EvalChartProps) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);

  useEffect(() => {
    if (!ref.current) {
      return;
    }
    const c = echarts.init(ref.current, undefined, { renderer: 'canvas' });
    chart.current = c;
    const observer = new ResizeObserver(() => c.resize());
    observer.observe(ref.current);
    return () => {
      observer.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption({ color: CHART_COLORS, textStyle: { fontFamily: FONT_FAMILY }, animation: false, ...option }, true);
  }, [option]);

  return <div ref={ref} role="img" aria-label={ariaLabel} data-testid={testId} style={{ width: '100%', height }} />;
}

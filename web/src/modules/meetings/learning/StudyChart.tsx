import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';
import { FONT_FAMILY } from '../../../components/theme';

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export type StudyChartOption = echarts.EChartsCoreOption;

/** A bar / line ECharts canvas for the learning statistics (loaded with this page only), resized with its container. */
export function StudyChart({ option, height, ariaLabel }: { option: StudyChartOption; height: number; ariaLabel: string }) {
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
    chart.current?.setOption({ textStyle: { fontFamily: FONT_FAMILY }, animation: false, ...option }, true);
  }, [option]);
  return <div ref={ref} role="img" aria-label={ariaLabel} style={{ width: '100%', height }} />;
}

/** A small ECharts wrapper: only the chart types the cockpit uses are bundled; clicks report the datum. */
import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, LineChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TitleComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import type { EChartsCoreOption } from 'echarts/core';

echarts.use([
  BarChart,
  LineChart,
  PieChart,
  GridComponent,
  LegendComponent,
  TitleComponent,
  TooltipComponent,
  CanvasRenderer,
]);

export type ChartClick = { name: string; seriesName?: string; value: unknown; dataIndex: number };

type Props = {
  option: EChartsCoreOption;
  height?: number;
  onClick?: (e: ChartClick) => void;
  ariaLabel?: string;
};

export function EChart({ option, height = 300, onClick, ariaLabel }: Props) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts>();
  const clickRef = useRef(onClick);
  clickRef.current = onClick;

  useEffect(() => {
    if (!el.current) return;
    const c = echarts.init(el.current);
    chart.current = c;
    c.on('click', (p) =>
      clickRef.current?.({
        name: String(p.name),
        seriesName: p.seriesName,
        value: p.value,
        dataIndex: p.dataIndex,
      }),
    );
    const ro = new ResizeObserver(() => c.resize());
    ro.observe(el.current);
    return () => {
      ro.disconnect();
      c.dispose();
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(option, true);
  }, [option]);

  return <div ref={el} style={{ height, width: '100%' }} role="img" aria-label={ariaLabel} />;
}

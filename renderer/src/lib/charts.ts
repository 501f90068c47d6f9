// Tree-shaken ECharts: register only the chart types/components the views use. Import this module
// (for its side effect) from every chart component before rendering <VChart>.
import { registerTheme, use } from 'echarts/core';
import { CanvasRenderer, SVGRenderer } from 'echarts/renderers';
import { BarChart, CustomChart, HeatmapChart, LineChart } from 'echarts/charts';
import {
  DataZoomComponent, GridComponent, LegendComponent, MarkAreaComponent, MarkLineComponent,
  TooltipComponent, VisualMapComponent,
} from 'echarts/components';

use([
  CanvasRenderer, SVGRenderer, LineChart, BarChart, CustomChart, GridComponent, TooltipComponent, LegendComponent,
  DataZoomComponent, MarkLineComponent, MarkAreaComponent, HeatmapChart, VisualMapComponent,
]);

/** A consistent palette so "produce" / "consume" and members keep their colours across charts. */
export const PALETTE = ['#2563eb', '#16a34a', '#f59e0b', '#dc2626', '#7c3aed', '#0891b2', '#db2777', '#65a30d', '#ea580c', '#475569'];

/** Chart themes matching base.css's light and dark palettes (App.vue provides the current one to every <VChart>). */
export const CHART_THEMES = { light: 'kafkadesk-light', dark: 'kafkadesk-dark' } as const;

function axisTheme(text: string, line: string, split: string): Record<string, unknown> {
  return {
    axisLine: { lineStyle: { color: line } },
    axisTick: { lineStyle: { color: line } },
    axisLabel: { color: text },
    splitLine: { lineStyle: { color: [split] } },
    nameTextStyle: { color: text },
  };
}

function chartTheme(colors: { background: string; text: string; line: string; split: string; tooltip: string; tooltipBorder: string }): Record<string, unknown> {
  const axis = axisTheme(colors.text, colors.line, colors.split);
  return {
    color: PALETTE,
    backgroundColor: colors.background,
    textStyle: { color: colors.text },
    legend: { textStyle: { color: colors.text } },
    tooltip: { backgroundColor: colors.tooltip, borderColor: colors.tooltipBorder, textStyle: { color: colors.text } },
    categoryAxis: axis, valueAxis: axis, timeAxis: axis, logAxis: axis,
    dataZoom: { textStyle: { color: colors.text } },
  };
}

registerTheme(CHART_THEMES.light, chartTheme({ background: '#ffffff', text: '#5f6b7a', line: '#c3cad3', split: '#eceff3', tooltip: '#ffffff', tooltipBorder: '#dfe3e8' }));
registerTheme(CHART_THEMES.dark, chartTheme({ background: '#171c25', text: '#9aa5b4', line: '#46505f', split: '#262e3b', tooltip: '#1c222d', tooltipBorder: '#2c3442' }));

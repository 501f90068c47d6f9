// Tree-shaken ECharts: register only the chart types/components the views use. Import this module
// (for its side effect) from every chart component before rendering <VChart>.
import { use } from 'echarts/core';
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

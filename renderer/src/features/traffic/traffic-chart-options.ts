// ECharts option for the per-client rates: produce bytes/s sent and fetch bytes/s received, one bar pair per client.
import type { EChartsCoreOption } from 'echarts/core';
import type { TrafficClientRate } from '../../../../src-common/contract/traffic.js';
import { PALETTE } from '../../lib/charts.js';
import { formatBytes } from '../../lib/format.js';
import { clientLabel } from './traffic-filter.js';

export function clientRatesOption(clients: readonly TrafficClientRate[]): EChartsCoreOption {
  const names = clients.map((c) => clientLabel(c.clientId));
  return {
    animation: false,
    color: PALETTE.slice(0, 2),
    tooltip: { trigger: 'axis', valueFormatter: (v: number) => `${formatBytes(v)}/s` },
    legend: { top: 0 },
    grid: { left: 150, right: 30, top: 30, bottom: 30 },
    yAxis: { type: 'category', data: names, inverse: true, axisLabel: { width: 130, overflow: 'truncate' } },
    xAxis: { type: 'value', axisLabel: { formatter: (v: number) => `${formatBytes(v)}/s` } },
    series: [
      { name: 'Produce (sent)', type: 'bar', data: clients.map((c) => Math.round(c.produceBytesPerSec)) },
      { name: 'Fetch (received)', type: 'bar', data: clients.map((c) => Math.round(c.fetchBytesPerSec)) },
    ],
  };
}

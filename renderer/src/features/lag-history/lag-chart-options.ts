// ECharts options for a group's lag history: lag and rate lines (total + per partition) with the events marked on
// the time axis, and a partitions x time heat map.
import type { EChartsCoreOption } from 'echarts/core';
import type { LagHistoryEvent, LagHistoryRange, LagPoint } from '../../../../src-common/contract/lag-history.js';
import { PALETTE } from '../../lib/charts.js';
import { formatAxisNumber } from '../../lib/format.js';

const EVENT_COLORS: Record<LagHistoryEvent['kind'], string> = { rebalance: '#2563eb', 'offset-reset': '#7c3aed', state: '#64748b' };
/** Lines for more partitions than this would be unreadable: the heat map shows them all. */
const MAX_PARTITION_LINES = 10;

function eventMarks(events: LagHistoryEvent[]): Record<string, unknown> {
  return {
    symbol: 'none',
    silent: false,
    label: { show: false },
    data: events.map((e) => ({ xAxis: e.t, name: `${e.kind}: ${e.detail}`, lineStyle: { color: EVENT_COLORS[e.kind], type: 'dashed', width: 1 } })),
    tooltip: { formatter: (p: { name: string }) => p.name },
  };
}

function partitionKey(s: { topic: string; partition: number }): string {
  return `${s.topic}-${s.partition}`;
}

export function lineOption(range: LagHistoryRange, metric: 'lag' | 'rate', useUTC: boolean): EChartsCoreOption {
  const value = (p: LagPoint): number | null => (metric === 'lag' ? p.lag : p.rate);
  const top = [...range.partitions]
    .sort((a, b) => Math.max(0, ...b.points.map((p) => value(p) ?? 0)) - Math.max(0, ...a.points.map((p) => value(p) ?? 0)))
    .slice(0, MAX_PARTITION_LINES);
  return {
    animation: false,
    useUTC,
    color: PALETTE,
    tooltip: { trigger: 'axis' },
    legend: { top: 0, type: 'scroll' },
    grid: { left: 70, right: 20, top: 36, bottom: 50 },
    xAxis: { type: 'time', min: range.fromMs, max: range.toMs },
    yAxis: { type: 'value', name: metric === 'lag' ? 'records behind' : 'records/s consumed', axisLabel: { formatter: (v: number) => formatAxisNumber(v) } },
    dataZoom: [{ type: 'inside' }, { type: 'slider', height: 16, bottom: 8 }],
    series: [
      {
        name: 'Total', type: 'line', showSymbol: false, lineStyle: { width: 3 }, data: range.total.map((p) => [p.t, value(p)]),
        markLine: eventMarks(range.events),
      },
      ...top.map((s) => ({ name: partitionKey(s), type: 'line', showSymbol: false, lineStyle: { width: 1 }, data: s.points.map((p) => [p.t, value(p)]) })),
    ],
  };
}

export function heatmapOption(range: LagHistoryRange, useUTC: boolean): EChartsCoreOption {
  const times = [...new Set(range.partitions.flatMap((s) => s.points.map((p) => p.t)))].sort((a, b) => a - b);
  const column = new Map(times.map((t, i) => [t, i]));
  const data: [number, number, number][] = [];
  let max = 0;
  range.partitions.forEach((s, row) => {
    for (const p of s.points) {
      data.push([column.get(p.t) ?? 0, row, p.lag]);
      max = Math.max(max, p.lag);
    }
  });
  const label = (t: number): string => {
    const d = new Date(t);
    const pad = (n: number): string => String(n).padStart(2, '0');
    return useUTC ? `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}` : `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
  };
  return {
    animation: false,
    tooltip: { position: 'top', formatter: (p: { value: [number, number, number] }) => `${partitionKey(range.partitions[p.value[1]] ?? { topic: '?', partition: 0 })} at ${label(times[p.value[0]] ?? 0)}: ${formatAxisNumber(p.value[2])} behind` },
    grid: { left: 110, right: 70, top: 10, bottom: 40 },
    xAxis: { type: 'category', data: times.map(label), splitArea: { show: false } },
    yAxis: { type: 'category', data: range.partitions.map(partitionKey) },
    visualMap: { min: 0, max: Math.max(1, max), calculable: true, orient: 'vertical', right: 0, top: 'middle', itemHeight: 120, inRange: { color: ['#f0fdf4', '#fde68a', '#f97316', '#b91c1c'] } },
    series: [{ name: 'lag', type: 'heatmap', data, progressive: 5000 }],
  };
}

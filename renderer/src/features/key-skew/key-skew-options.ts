// ECharts options for key skew: records per partition now, and keyed records per partition under a what-if count.
import type { EChartsCoreOption } from 'echarts/core';
import type { KeySkewReport, PartitionSpread } from '../../../../src-common/contract/key-skew.js';
import { PALETTE } from '../../lib/charts.js';
import { formatAxisNumber } from '../../lib/format.js';

export function partitionsOption(report: KeySkewReport): EChartsCoreOption {
  return {
    animation: false,
    color: PALETTE,
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 70, right: 60, top: 36, bottom: 30 },
    xAxis: { type: 'category', name: 'partition', data: report.partitions.map((p) => String(p.partition)) },
    yAxis: [
      { type: 'value', name: 'records', axisLabel: { formatter: (v: number) => formatAxisNumber(v) } },
      { type: 'value', name: 'keys (sampled)', axisLabel: { formatter: (v: number) => formatAxisNumber(v) } },
    ],
    series: [
      { name: 'Records', type: 'bar', data: report.partitions.map((p) => p.records) },
      { name: 'Distinct keys (sampled)', type: 'line', yAxisIndex: 1, data: report.partitions.map((p) => p.distinctKeys) },
    ],
  };
}

export function spreadOption(spread: PartitionSpread): EChartsCoreOption {
  return {
    animation: false,
    color: [PALETTE[5] ?? '#0891b2'],
    tooltip: { trigger: 'axis' },
    grid: { left: 70, right: 20, top: 20, bottom: 30 },
    xAxis: { type: 'category', name: 'partition', data: spread.keyedRecords.map((_, i) => String(i)) },
    yAxis: { type: 'value', name: 'keyed records', axisLabel: { formatter: (v: number) => formatAxisNumber(v) } },
    series: [{ name: `${spread.partitions} partitions`, type: 'bar', data: spread.keyedRecords }],
  };
}

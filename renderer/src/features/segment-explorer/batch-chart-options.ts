// ECharts option for a page of batches: one bar per batch (x: base offset, y: bytes), coloured by kind, so big
// batches, markers and damaged batches stand out. The bar's index is the batch's index in the page.
import type { EChartsCoreOption } from 'echarts/core';
import type { ExplorerBatch } from '../../../../src-common/contract/explorer.js';
import { PALETTE } from '../../lib/charts.js';
import { formatBytes } from '../../lib/format.js';

const KIND_COLOURS = { data: PALETTE[0], control: PALETTE[4], damaged: PALETTE[3] } as const;

export function batchKind(b: ExplorerBatch): keyof typeof KIND_COLOURS {
  if (!b.crcValid) return 'damaged';
  return b.control ? 'control' : 'data';
}

export function batchSizesOption(batches: readonly ExplorerBatch[]): EChartsCoreOption {
  return {
    animation: false,
    tooltip: {
      trigger: 'axis',
      formatter: (items: { dataIndex: number }[]) => {
        const b = batches[items[0]?.dataIndex ?? -1];
        return b ? `offsets ${b.baseOffset}–${b.lastOffset} · ${formatBytes(b.sizeBytes)} at position ${b.position}<br/>${b.compression}${b.control ? ' · control' : ''}${b.crcValid ? '' : ' · CRC mismatch'}` : '';
      },
    },
    grid: { left: 60, right: 16, top: 12, bottom: 28 },
    xAxis: { type: 'category', data: batches.map((b) => String(b.baseOffset)), name: 'base offset', nameLocation: 'middle', nameGap: 20 },
    yAxis: { type: 'value', axisLabel: { formatter: (v: number) => formatBytes(v) } },
    series: [{
      type: 'bar',
      data: batches.map((b) => ({ value: b.sizeBytes, itemStyle: { color: KIND_COLOURS[batchKind(b)] } })),
    }],
  };
}

/**
 * The rate-over-time chart, drawn as inline SVG: one bar per bucket, empty runs hatched and the
 * long ones labelled with their duration (a subscription that went quiet must stand out). Each
 * bar's <title> tells its count; clicking a bar narrows the time range to it.
 */
import type { RateChart } from '../rateChart';
import { formatDuration, formatTime, svg } from './dom';

const HEIGHT = 96;
const AXIS = 16;

export function drawChart(host: HTMLElement, chart: RateChart, onPick: (from: number, to: number) => void): void {
  const width = Math.max(200, host.clientWidth || 600);
  const n = chart.counts.length;
  const bw = width / n;
  const plot = HEIGHT - AXIS;
  const total = chart.counts.reduce((a, b) => a + b, 0);
  const longGaps = chart.gaps.filter((g) => g.buckets >= Math.max(3, Math.ceil(n * 0.04)));
  const root = svg('svg', {
    width, height: HEIGHT, viewBox: `0 0 ${width} ${HEIGHT}`, role: 'img',
    'aria-label': `${total} notifications from ${formatTime(chart.start)} to ${formatTime(chart.start + n * chart.step)}, ${chart.step / 1000} s per bar, busiest bar ${chart.max}; ${longGaps.length} quiet stretch${longGaps.length === 1 ? '' : 'es'}${longGaps.length ? ': ' + longGaps.map((g) => `${formatDuration(g.to - g.from)} from ${formatTime(g.from)}`).join(', ') : ''}`,
  });
  const defs = svg('defs', {}, svg('pattern', { id: 'hatch', width: 6, height: 6, patternUnits: 'userSpaceOnUse', patternTransform: 'rotate(45)' }, svg('line', { x1: 0, y1: 0, x2: 0, y2: 6, class: 'hatch-line' })));
  root.append(defs);
  for (const gap of chart.gaps) {
    const x = ((gap.from - chart.start) / chart.step) * bw;
    root.append(svg('rect', { x, y: 0, width: gap.buckets * bw, height: plot, class: 'gap' }, svg('title', {}, `No notifications for ${formatDuration(gap.to - gap.from)} (${formatTime(gap.from)} – ${formatTime(gap.to)})`)));
  }
  for (const gap of longGaps) {
    const w = gap.buckets * bw;
    if (w < 70) continue;
    const x = ((gap.from - chart.start) / chart.step) * bw + w / 2;
    root.append(svg('text', { x, y: plot / 2, class: 'gap-label', 'text-anchor': 'middle' }, `quiet ${formatDuration(gap.to - gap.from)}`));
  }
  const max = Math.max(1, chart.max);
  chart.counts.forEach((count, i) => {
    if (count === 0) return;
    const h = Math.max(2, (count / max) * (plot - 4));
    const from = chart.start + i * chart.step;
    const bar = svg('rect', { x: i * bw + (bw > 3 ? 0.5 : 0), y: plot - h, width: Math.max(1, bw - (bw > 3 ? 1 : 0)), height: h, class: 'bar' }, svg('title', {}, `${formatTime(from)} – ${formatTime(from + chart.step)}: ${count} notification${count === 1 ? '' : 's'}`));
    bar.addEventListener('click', () => onPick(from, from + chart.step - 1));
    root.append(bar);
  });
  root.append(svg('line', { x1: 0, y1: plot + 0.5, x2: width, y2: plot + 0.5, class: 'axis' }));
  root.append(svg('text', { x: 2, y: HEIGHT - 3, class: 'tick' }, formatTime(chart.start)));
  root.append(svg('text', { x: width - 2, y: HEIGHT - 3, class: 'tick', 'text-anchor': 'end' }, formatTime(chart.start + n * chart.step)));
  root.append(svg('text', { x: width / 2, y: HEIGHT - 3, class: 'tick', 'text-anchor': 'middle' }, `${formatDuration(chart.step)} per bar · max ${chart.max}`));
  host.replaceChildren(root);
}

/** A 7-bin latency histogram, small enough for a table cell. */
export function miniHistogram(histogram: readonly number[], labels: readonly string[]): SVGSVGElement {
  const w = 70;
  const hgt = 18;
  const max = Math.max(1, ...histogram);
  const bw = w / histogram.length;
  const root = svg('svg', { width: w, height: hgt, role: 'img', 'aria-label': histogram.map((c, i) => `${labels[i]}: ${c}`).join(', '), class: 'mini' });
  histogram.forEach((c, i) => {
    const h = c === 0 ? 0 : Math.max(1.5, (c / max) * hgt);
    root.append(svg('rect', { x: i * bw + 0.5, y: hgt - h, width: bw - 1, height: h, class: 'bar' }, svg('title', {}, `${labels[i]}: ${c}`)));
  });
  return root;
}

/**
 * The notifications explorer webview: filters, counts, the rate chart, the virtualised list and
 * the selected payload. Holds no notification data beyond the rows in view; everything is asked of
 * the extension with the messages of ../protocol.ts. Its filter survives the panel being hidden
 * (webview state). Bundled for the browser by esbuild.js into dist/webview/explorer.js.
 */
import type { CheckResult } from '../historyIndex';
import { formatLatency, LATENCY_BIN_LABELS } from '../latency';
import type { DetailMessage, FilterDto, HostMessage, StateMessage, WebviewMessage } from '../protocol';
import { drawChart, miniHistogram } from './chartView';
import { renderDetail } from './detailView';
import { byId, formatDuration, formatTime, fromLocalInput, h, toLocalInput } from './dom';
import { ListView } from './listView';

interface VsCodeApi {
  postMessage(message: WebviewMessage): void;
  getState(): unknown;
  setState(state: Saved): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

interface Saved {
  filter: FilterDto;
  groupDuplicates: boolean;
  expanded: number[];
  range: string;
}

const api = acquireVsCodeApi();
const DUPLICATES_DOC = 'https://learn.microsoft.com/en-us/graph/change-notifications-delivery-webhooks';
const RANGES: { [value: string]: { label: string; ms?: number } } = {
  all: { label: 'All time' },
  '15m': { label: 'Last 15 minutes', ms: 15 * 60_000 },
  '1h': { label: 'Last hour', ms: 3_600_000 },
  '24h': { label: 'Last 24 hours', ms: 86_400_000 },
  custom: { label: 'Custom…' },
};
const CHECK_LABELS: Record<CheckResult, string> = { verified: 'Verified', unverified: 'Unverified', untrusted: 'Untrusted', rejected: 'Refused (401/400…)', pending: 'Not checked yet' };

const saved = api.getState() as Saved | undefined;
let state: Saved = saved && saved.filter ? saved : { filter: { subscriptionIds: [], changeTypes: [], checks: [], resource: '' }, groupDuplicates: true, expanded: [], range: 'all' };
let current: StateMessage | undefined;
let selected: DetailMessage | undefined;
/** The next state answers a group toggle: the list keeps its scroll position and active row. */
let keepPlace = false;

document.getElementById('app')?.replaceWith(skeleton());
const list = new ListView(byId('list'), {
  requestPage: (start, count) => current && api.postMessage({ type: 'page', version: current.version, start, count }),
  open: (row) => api.postMessage({ type: 'select', row: row.row }),
  toggleGroup: (row, expand) => {
    state.expanded = expand ? [...state.expanded, row.row] : state.expanded.filter((r) => r !== row.row);
    keepPlace = true; // members open below their row: nothing above it moves
    query();
  },
});
wireToolbar();
query();

window.addEventListener('message', (event: MessageEvent<HostMessage>) => {
  const m = event.data;
  if (m.type === 'state') onState(m);
  else if (m.type === 'rows' && current && m.version === current.version) list.addRows(m.start, m.rows);
  else if (m.type === 'detail') {
    selected = m;
    showDetail();
  }
});

function skeleton(): HTMLElement {
  const select = (id: string, label: string) => h('label', { for: id }, label, h('select', { id }));
  return h(
    'main',
    { id: 'app' },
    h(
      'header',
      { class: 'toolbar', role: 'search', 'aria-label': 'Filters' },
      select('f-sub', 'Subscription'),
      select('f-type', 'Change'),
      select('f-check', 'Check'),
      select('f-range', 'Time'),
      h('span', { id: 'custom-range', hidden: true }, h('label', { for: 'f-from' }, 'From', h('input', { id: 'f-from', type: 'datetime-local', step: 1 })), h('label', { for: 'f-to' }, 'To', h('input', { id: 'f-to', type: 'datetime-local', step: 1 }))),
      h('label', { for: 'f-resource' }, 'Resource', h('input', { id: 'f-resource', type: 'search', placeholder: 'contains…' })),
      h('label', { class: 'check' }, h('input', { id: 'f-group', type: 'checkbox' }), 'Group duplicates'),
      h('button', { id: 'clear', class: 'secondary' }, 'Clear filters'),
      h('button', { id: 'open-raw', class: 'secondary', title: 'The JSON Lines file the receiver writes (the explorer reads the same file)' }, 'Open raw JSONL'),
    ),
    h('p', { id: 'summary', 'aria-live': 'polite' }, 'Reading the notification history…'),
    h('p', { id: 'dup-note', class: 'note' },
      'Grouped (×N): notifications about the same resource of a subscription within a short window. Graph retries a delivery it believes failed, and one change often arrives as created + updated, so your receiver must be idempotent. ',
      h('a', { href: DUPLICATES_DOC }, 'Delivery and retries')),
    h('section', { class: 'top' },
      h('div', { id: 'chart', class: 'chart', 'aria-label': 'Notifications over time' }),
      h('div', { class: 'subs-wrap' }, h('table', { id: 'subs', class: 'subs' }))),
    h('div', { class: 'split' },
      h('section', { class: 'list-pane', 'aria-label': 'Notifications' },
        h('div', { class: 'row head', role: 'presentation' }, ...['Time', 'Subscription', 'Change', 'Resource', 'Check', 'Latency', 'Dup.'].map((t, i) => h('span', { class: ['c-time', 'c-sub', 'c-type', 'c-res', 'c-check', 'c-lat', 'c-dup'][i] }, t))),
        h('div', { id: 'list', class: 'list', tabindex: 0, role: 'grid', 'aria-label': 'Notifications, newest first' })),
      h('aside', { id: 'detail', class: 'detail', 'aria-label': 'Selected notification' })),
  );
}

function wireToolbar(): void {
  const range = byId<HTMLSelectElement>('f-range');
  range.replaceChildren(...Object.entries(RANGES).map(([value, r]) => h('option', { value }, r.label)));
  range.value = state.range;
  byId<HTMLInputElement>('f-group').checked = state.groupDuplicates;
  byId<HTMLInputElement>('f-resource').value = state.filter.resource;
  const single = (id: string, set: (value: string) => void) => byId<HTMLSelectElement>(id).addEventListener('change', (e) => {
    set((e.target as HTMLSelectElement).value);
    query();
  });
  single('f-sub', (v) => (state.filter.subscriptionIds = v ? [v] : []));
  single('f-type', (v) => (state.filter.changeTypes = v ? [v] : []));
  single('f-check', (v) => (state.filter.checks = v ? [v as CheckResult] : []));
  single('f-range', (v) => setRange(v));
  for (const id of ['f-from', 'f-to']) byId<HTMLInputElement>(id).addEventListener('change', () => {
    state.filter.from = fromLocalInput(byId<HTMLInputElement>('f-from').value);
    state.filter.to = fromLocalInput(byId<HTMLInputElement>('f-to').value);
    query();
  });
  let typing: ReturnType<typeof setTimeout> | undefined;
  byId<HTMLInputElement>('f-resource').addEventListener('input', (e) => {
    clearTimeout(typing);
    typing = setTimeout(() => {
      state.filter.resource = (e.target as HTMLInputElement).value;
      query();
    }, 250);
  });
  byId<HTMLInputElement>('f-group').addEventListener('change', (e) => {
    state.groupDuplicates = (e.target as HTMLInputElement).checked;
    query();
  });
  byId('clear').addEventListener('click', () => {
    state = { ...state, filter: { subscriptionIds: [], changeTypes: [], checks: [], resource: '' }, range: 'all', expanded: [] };
    byId<HTMLInputElement>('f-resource').value = '';
    range.value = 'all';
    query();
  });
  byId('open-raw').addEventListener('click', () => api.postMessage({ type: 'openRaw' }));
  new ResizeObserver(() => current && drawChart(byId('chart'), current.chart, pickRange)).observe(byId('chart'));
  showDetail();
}

function setRange(value: string): void {
  state.range = value;
  const r = RANGES[value];
  byId('custom-range').hidden = value !== 'custom';
  if (r?.ms) {
    state.filter.from = Date.now() - r.ms;
    state.filter.to = undefined;
  } else if (value === 'all') {
    state.filter.from = undefined;
    state.filter.to = undefined;
  }
}

/** A bar of the chart was clicked: its bucket becomes the custom time range. */
function pickRange(from: number, to: number): void {
  state.range = 'custom';
  state.filter.from = from;
  state.filter.to = to;
  byId<HTMLSelectElement>('f-range').value = 'custom';
  query();
}

function query(): void {
  api.setState(state);
  api.postMessage({ type: 'query', filter: state.filter, groupDuplicates: state.groupDuplicates, expanded: state.expanded });
}

function onState(m: StateMessage): void {
  const previous = current;
  current = m;
  byId('app').removeAttribute('aria-busy');
  const shown = m.matched === m.total ? `${m.total.toLocaleString()} notifications` : `${m.matched.toLocaleString()} of ${m.total.toLocaleString()} notifications match`;
  const lat = m.latency ? ` · latency p50 ${formatLatency(m.latency.p50)}, p90 ${formatLatency(m.latency.p90)}, max ${formatLatency(m.latency.max)} (${m.latency.count} stating a change time)` : '';
  byId('summary').textContent = m.total === 0 ? 'No notification in the history yet: it fills as your receiver gets them (live).' : `${shown}${m.listLength < m.matched ? ` in ${m.listLength.toLocaleString()} rows (duplicates grouped)` : ''}${lat}${m.added ? ` · ${m.added} new` : ''}`;
  byId('dup-note').hidden = !state.groupDuplicates;
  fillOptions(m);
  const custom = state.range === 'custom';
  byId('custom-range').hidden = !custom;
  if (custom) {
    byId<HTMLInputElement>('f-from').value = state.filter.from !== undefined ? toLocalInput(state.filter.from) : '';
    byId<HTMLInputElement>('f-to').value = state.filter.to !== undefined ? toLocalInput(state.filter.to) : '';
  }
  drawChart(byId('chart'), m.chart, pickRange);
  renderSubscriptions(m);
  list.setNames(new Map(m.subscriptions.map((s) => [s.subscriptionId, { name: s.name, title: s.title, listed: s.listed }])));
  const live = m.added > 0 && previous !== undefined;
  list.reset(m.listLength, live || keepPlace, live ? Math.max(0, m.listLength - previous.listLength) : 0);
  keepPlace = false;
}

function fillOptions(m: StateMessage): void {
  const fill = (id: string, all: string, options: { value: string; label: string; title?: string }[], value: string) => {
    const select = byId<HTMLSelectElement>(id);
    // The chosen value stays listed even when nothing matches it any more.
    if (value && !options.some((o) => o.value === value)) options.push({ value, label: `${value} (0)` });
    select.replaceChildren(h('option', { value: '' }, all), ...options.map((o) => h('option', { value: o.value, title: o.title }, o.label)));
    select.value = value;
  };
  fill('f-sub', 'All subscriptions', m.subscriptions.map((s) => ({ value: s.subscriptionId, label: `${s.oneLine} (${s.count})`, title: s.title })), state.filter.subscriptionIds[0] ?? '');
  fill('f-type', 'All change types', m.changeTypes.map((t) => ({ value: t.name, label: `${t.name} (${t.count})` })), state.filter.changeTypes[0] ?? '');
  fill('f-check', 'All results', m.checks.map((c) => ({ value: c.name, label: `${CHECK_LABELS[c.name]} (${c.count})` })), state.filter.checks[0] ?? '');
}

function renderSubscriptions(m: StateMessage): void {
  const head = h('tr', {}, ...['Subscription', 'Count', 'Last', 'Latency p50 / p90 / max', 'Latency distribution'].map((t) => h('th', { scope: 'col' }, t)));
  const rows = m.subscriptions.map((s) => {
    const chosen = state.filter.subscriptionIds.includes(s.subscriptionId);
    const pick = h('button', { class: 'link', 'aria-pressed': String(chosen), title: `${s.title}\n${chosen ? 'Show every subscription again' : 'Show only this subscription'}` }, s.name);
    pick.addEventListener('click', () => {
      state.filter.subscriptionIds = chosen ? [] : [s.subscriptionId];
      query();
    });
    const lat = s.latency;
    return h('tr', { class: chosen ? 'chosen' : undefined },
      // Under the name: the account (or "no longer listed") and the id (selected whole with one click); "Copy id" beside the count.
      h('td', {}, pick, h('div', { class: 'id' }, s.detail ?? '', s.detail && s.name !== s.subscriptionId && s.subscriptionId ? ' · ' : '', s.name !== s.subscriptionId && s.subscriptionId ? h('span', { class: 'sid', title: s.subscriptionId }, s.subscriptionId) : '')),
      h('td', { class: 'num' }, s.count.toLocaleString(), s.subscriptionId ? h('div', {}, copyId(s.subscriptionId)) : undefined),
      h('td', { title: formatTime(s.last) }, `${formatDuration(Math.max(0, Date.now() - s.last))} ago`),
      h('td', {}, lat ? `${formatLatency(lat.p50)} / ${formatLatency(lat.p90)} / ${formatLatency(lat.max)}` : '–', lat?.skewed ? h('div', { class: 'id' }, `${lat.skewed} before the stated change (clock skew)`) : undefined),
      h('td', {}, lat ? miniHistogram(lat.histogram, LATENCY_BIN_LABELS) : ''));
  });
  byId('subs').replaceChildren(h('caption', {}, 'Per subscription'), h('thead', {}, head), h('tbody', {}, ...rows));
}

/** A small button copying the subscription id (through the extension: the clipboard of VS Code). */
function copyId(subscriptionId: string): HTMLElement {
  const b = h('button', { class: 'copy-id', title: `Copy the subscription id ${subscriptionId}`, 'aria-label': 'Copy subscription id' }, 'Copy id');
  b.addEventListener('click', () => api.postMessage({ type: 'copyId', subscriptionId }));
  return b;
}

function showDetail(): void {
  renderDetail(byId('detail'), selected, {
    replay: (row) => api.postMessage({ type: 'replay', row }),
    forward: (row) => api.postMessage({ type: 'forward', row }),
  });
}


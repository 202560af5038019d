/**
 * The virtualised notifications list: only the rows in view (plus a margin) exist in the DOM, and
 * only their pages are asked of the extension. A grid with one active row (aria-activedescendant):
 * ↑/↓/PageUp/PageDown/Home/End move, Enter opens the payload, → / ← expand and collapse a group.
 */
import type { RowDto } from '../protocol';
import { formatLatency } from '../latency';
import { formatTime, h } from './dom';

export const ROW_HEIGHT = 24;
const PAGE = 100;
const MARGIN = 10;

const CHECK_TEXT: Record<RowDto['check'], string> = { verified: '✓ verified', unverified: '⚠ unverified', untrusted: '✗ untrusted', rejected: '⊘ refused', pending: '… pending' };

export interface ListCallbacks {
  requestPage(start: number, count: number): void;
  open(row: RowDto): void;
  toggleGroup(row: RowDto, expand: boolean): void;
}

/** A subscription as the rows name it (the state's per-subscription names). */
export interface RowSubscriptionName {
  name: string;
  title: string;
  /** Listed by an account now; else shown dimmed (deleted, expired, another window's). */
  listed: boolean;
}

export class ListView {
  private rows = new Map<number, RowDto>();
  private names = new Map<string, RowSubscriptionName>();
  private requested = new Set<number>();
  private length = 0;
  private active = -1;
  private readonly spacer: HTMLElement;

  constructor(
    private readonly el: HTMLElement,
    private readonly cb: ListCallbacks,
  ) {
    this.spacer = h('div', { class: 'spacer', role: 'presentation' });
    el.append(this.spacer);
    el.addEventListener('scroll', () => this.render());
    el.addEventListener('keydown', (e) => this.onKey(e));
    new ResizeObserver(() => this.render()).observe(el);
  }

  /** How the Subscription column names each subscription (by its resource, as the tree does; the id in the tooltip). */
  setNames(names: ReadonlyMap<string, RowSubscriptionName>): void {
    this.names = new Map(names);
  }

  /**
   * A new result: rows are asked for again. `live`: the same filter with `shift` new rows on top,
   * so the active row and a scrolled-down view keep their place; otherwise back to the top.
   */
  reset(length: number, live: boolean, shift = 0): void {
    this.rows.clear();
    this.requested.clear();
    this.length = length;
    this.el.setAttribute('aria-rowcount', String(length));
    this.spacer.style.height = `${length * ROW_HEIGHT}px`;
    if (!live) {
      this.el.scrollTop = 0;
      this.active = -1;
    } else {
      if (shift > 0 && this.el.scrollTop > 0) this.el.scrollTop += shift * ROW_HEIGHT;
      if (this.active >= 0) this.active = Math.min(length - 1, this.active + shift);
    }
    this.render();
  }

  addRows(start: number, rows: RowDto[]): void {
    rows.forEach((r, i) => this.rows.set(start + i, r));
    this.render();
  }

  activeRow(): RowDto | undefined {
    return this.rows.get(this.active);
  }

  focus(): void {
    this.el.focus();
  }

  private render(): void {
    const first = Math.max(0, Math.floor(this.el.scrollTop / ROW_HEIGHT) - MARGIN);
    const last = Math.min(this.length, Math.ceil((this.el.scrollTop + this.el.clientHeight) / ROW_HEIGHT) + MARGIN);
    for (let page = Math.floor(first / PAGE) * PAGE; page < last; page += PAGE) {
      if (this.requested.has(page)) continue;
      this.requested.add(page);
      this.cb.requestPage(page, PAGE);
    }
    const children: HTMLElement[] = [this.spacer];
    for (let i = first; i < last; i++) {
      const row = this.rows.get(i);
      children.push(row ? this.rowElement(i, row) : h('div', { class: 'row placeholder', style: undefined, role: 'row', id: `r-${i}` }, '…'));
      children[children.length - 1].style.top = `${i * ROW_HEIGHT}px`;
    }
    this.el.replaceChildren(...children);
    if (this.active >= 0 && this.active < this.length) this.el.setAttribute('aria-activedescendant', `r-${this.active}`);
    else this.el.removeAttribute('aria-activedescendant');
  }

  private rowElement(i: number, row: RowDto): HTMLElement {
    const toggle = row.group
      ? h('button', { class: 'group-toggle', tabindex: -1, 'aria-label': `${row.group.expanded ? 'Collapse' : 'Expand'} ${row.group.size} notifications: ${row.group.label}`, title: `${row.group.size} notifications about this resource within the duplicate window: ${row.group.label}` }, `${row.group.expanded ? '▾' : '▸'} ×${row.group.size}`)
      : undefined;
    toggle?.addEventListener('click', (e) => {
      e.stopPropagation();
      this.cb.toggleGroup(row, !row.group?.expanded);
    });
    const el = h(
      'div',
      { class: `row check-${row.check}${i === this.active ? ' active' : ''}${row.member ? ' member' : ''}`, role: 'row', id: `r-${i}`, 'aria-rowindex': i + 1, 'aria-selected': i === this.active ? 'true' : 'false', 'aria-expanded': row.group ? String(row.group.expanded) : undefined },
      h('span', { class: 'c-time', role: 'gridcell' }, formatTime(row.time)),
      h('span', { class: `c-sub${this.names.get(row.subscriptionId)?.listed === false ? ' unlisted' : ''}`, role: 'gridcell', title: this.names.get(row.subscriptionId)?.title ?? row.subscriptionId }, this.names.get(row.subscriptionId)?.name ?? (row.subscriptionId || '–')),
      h('span', { class: 'c-type', role: 'gridcell' }, row.changeType, row.refusedCount ? ` ×${row.refusedCount}` : ''),
      h('span', { class: 'c-res', role: 'gridcell', title: row.resource ?? '' }, row.resource ?? ''),
      h('span', { class: 'c-check', role: 'gridcell' }, CHECK_TEXT[row.check]),
      h('span', { class: 'c-lat', role: 'gridcell', title: row.latencyMs === undefined ? 'The payload states no change time' : 'After the change the payload states' }, row.latencyMs === undefined ? '–' : formatLatency(row.latencyMs)),
      h('span', { class: 'c-dup', role: 'gridcell' }, toggle, row.redeliveryOf !== undefined ? h('span', { class: 'redelivery', title: `Graph delivered this notification (same id) before${row.redeliveryOf ? `, at ${formatTime(Date.parse(row.redeliveryOf))}` : ''}: a re-delivery` , 'aria-label': 're-delivery' }, '↻') : undefined),
    );
    el.addEventListener('click', () => {
      this.setActive(i);
      this.cb.open(row);
    });
    return el;
  }

  setActive(i: number): void {
    if (this.length === 0) return;
    this.active = Math.max(0, Math.min(this.length - 1, i));
    const top = this.active * ROW_HEIGHT;
    if (top < this.el.scrollTop) this.el.scrollTop = top;
    else if (top + ROW_HEIGHT > this.el.scrollTop + this.el.clientHeight) this.el.scrollTop = top + ROW_HEIGHT - this.el.clientHeight;
    this.render();
  }

  private onKey(e: KeyboardEvent): void {
    const pageRows = Math.max(1, Math.floor(this.el.clientHeight / ROW_HEIGHT) - 1);
    const moves: { [key: string]: number } = { ArrowDown: 1, ArrowUp: -1, PageDown: pageRows, PageUp: -pageRows };
    if (e.key in moves) this.setActive(Math.max(0, this.active) + moves[e.key] * (this.active < 0 && moves[e.key] > 0 ? 0 : 1));
    else if (e.key === 'Home') this.setActive(0);
    else if (e.key === 'End') this.setActive(this.length - 1);
    else if (e.key === 'Enter' || e.key === ' ') {
      const row = this.activeRow();
      if (row) this.cb.open(row);
    } else if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') {
      const row = this.activeRow();
      if (row?.group && row.group.expanded !== (e.key === 'ArrowRight')) this.cb.toggleGroup(row, e.key === 'ArrowRight');
    } else return;
    e.preventDefault();
  }
}

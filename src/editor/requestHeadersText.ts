/**
 * Hover text for a draft's `"@requestHeaders": { "Prefer": [...] }`: what each preference does and
 * where it applies (src/catalog/preferHeaders.ts). Pure: no `vscode` import.
 */
import { getLocation, type Node } from 'jsonc-parser';
import { PREFERENCES, preferenceOf, REQUEST_HEADERS_PROPERTY } from '../catalog/index';
import type { TextSpan } from '../validation/types';

const INTRO = `\`${REQUEST_HEADERS_PROPERTY}\` holds request headers for the create request. They are sent as real HTTP headers and never in the JSON body; Graph reads them on create only (an update does not send them).`;

function preferenceLine(value: string, effect: string, appliesTo: string, source: string): string {
  return `- \`Prefer: ${value}\` — ${effect} Applies to ${appliesTo}. [Docs](${source})`;
}

/** Markdown and the span to hover, when `offset` is on `@requestHeaders` or inside its value. */
export function requestHeadersHover(text: string, offset: number): { markdown: string; span: TextSpan } | undefined {
  const loc = getLocation(text, offset);
  if (loc.path[0] !== REQUEST_HEADERS_PROPERTY) return undefined;
  const node: Node | undefined = loc.previousNode;
  const span: TextSpan = node ? { offset: node.offset, length: node.length } : { offset, length: 0 };
  if (node?.type === 'string' && loc.path.length >= 2 && !loc.isAtPropertyKey) {
    const spec = preferenceOf(String(node.value));
    if (spec) return { span, markdown: `**Prefer: ${spec.value}**\n\n${spec.effect}\n\nApplies to ${spec.appliesTo}. [Docs](${spec.source})\n\n${INTRO}` };
    return { span, markdown: `**Prefer: ${String(node.value)}** is not a preference Graph documents for subscriptions.\n\nKnown:\n${PREFERENCES.map((p) => preferenceLine(p.value, p.effect, p.appliesTo, p.source)).join('\n')}` };
  }
  return { span, markdown: `**Request headers**\n\n${INTRO}\n\n${PREFERENCES.map((p) => preferenceLine(p.value, p.effect, p.appliesTo, p.source)).join('\n')}` };
}

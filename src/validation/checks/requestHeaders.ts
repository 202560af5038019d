/**
 * `"@requestHeaders": { "Prefer": [...] }`: the request headers a draft sends on create (never part
 * of the JSON body). Only `Prefer` is sent; each preference is checked against the resource
 * (src/catalog/preferHeaders.ts): unknown or without effect → warning with a removal fix; on an
 * update draft they are not sent at all (Graph reads them on create only).
 * One topic of the draft validator (src/validation/validateDraft.ts keeps the order of the checks).
 */
import { findNodeAtLocation, parseTree, type Node } from 'jsonc-parser';
import { PREFERENCES, preferenceApplies, preferenceOf, REQUEST_HEADERS_PROPERTY } from '../../catalog/index';
import { removalEdits } from '../jsonEdits';
import type { FixData, TextSpan } from '../types';
import type { DraftCheck, Matched } from './context';

const span = (n: Node): TextSpan => ({ offset: n.offset, length: n.length });

export function checkRequestHeaders(d: DraftCheck, match: Matched | undefined): void {
  const p = d.props.get(REQUEST_HEADERS_PROPERTY);
  if (p === undefined) return;
  const removeAll = d.removeEdit(REQUEST_HEADERS_PROPERTY, `Remove ${REQUEST_HEADERS_PROPERTY}`);
  const value = p.value;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    d.add('requestHeaderInvalid', 'error', `${REQUEST_HEADERS_PROPERTY} must be an object of request headers, e.g. { "Prefer": ["IdType=\\"ImmutableId\\""] }.`, p.valueSpan, REQUEST_HEADERS_PROPERTY,
      removeAll ? [removeAll] : []);
    return;
  }
  if (!d.isCreate) {
    d.add('preferenceNotApplicable', 'warning', `${REQUEST_HEADERS_PROPERTY} is sent only when the subscription is created; an update does not send them and Graph keeps what the subscription was created with. To change them, recreate the subscription.`,
      p.keySpan, REQUEST_HEADERS_PROPERTY, removeAll ? [removeAll] : []);
    return;
  }
  const root = parseTree(d.text, [], { allowTrailingComma: true, disallowComments: false });
  const headersNode = root ? findNodeAtLocation(root, [REQUEST_HEADERS_PROPERTY]) : undefined;
  for (const member of headersNode?.children ?? []) {
    const keyNode = member.children?.[0];
    const valueNode = member.children?.[1];
    if (!keyNode || !valueNode) continue;
    const name = String(keyNode.value);
    const removeMember: FixData = { kind: 'edit', title: `Remove the ${name} header`, edits: removalEdits(d.text, [REQUEST_HEADERS_PROPERTY, String(keyNode.value)]) };
    if (name.toLowerCase() !== 'prefer') {
      d.add('requestHeaderInvalid', 'error', `Only the Prefer header can be set here; "${name}" is not sent (the Graph client sets Authorization and Content-Type itself). Remove it.`, span(keyNode), REQUEST_HEADERS_PROPERTY,
        [removeMember]);
      continue;
    }
    const items = valueNode.type === 'array' ? valueNode.children ?? [] : [valueNode];
    for (const [index, item] of items.entries()) {
      if (item.type !== 'string') {
        d.add('requestHeaderInvalid', 'error', 'Each Prefer preference must be a string, e.g. "IdType=\\"ImmutableId\\"".', span(item), REQUEST_HEADERS_PROPERTY);
        continue;
      }
      const removeItem: FixData = valueNode.type === 'array'
        ? { kind: 'edit', title: `Remove ${String(item.value)}`, edits: removalEdits(d.text, [REQUEST_HEADERS_PROPERTY, String(keyNode.value), index]) }
        : removeMember;
      for (const token of String(item.value).split(',').map((t) => t.trim()).filter(Boolean)) {
        const pref = preferenceOf(token);
        if (pref === undefined) {
          d.add('preferenceNotApplicable', 'warning', `Prefer: ${token} is not a preference Graph documents for subscriptions; Graph ignores preferences it does not know. Known: ${PREFERENCES.map((x) => x.value).join(', ')}.`,
            span(item), REQUEST_HEADERS_PROPERTY, [removeItem]);
          continue;
        }
        if (match === undefined) continue;
        const applies = preferenceApplies(pref, match.entry, match.pattern, d.ctx.accountKind);
        if (!applies.applies) {
          d.add('preferenceNotApplicable', applies.severity, `${applies.reason} It applies to ${pref.appliesTo}.`, span(item), REQUEST_HEADERS_PROPERTY, [removeItem], { preference: pref.id });
        }
      }
    }
  }
}

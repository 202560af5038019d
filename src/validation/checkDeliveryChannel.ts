/**
 * Draft check for the Event Hubs and Event Grid forms of `notificationUrl` /
 * `lifecycleNotificationUrl`: one finding per malformed part, spanning exactly that part of the
 * string in the draft. The URL grammar lives in `deliveryChannel.ts`; this file maps it onto the
 * draft text and the finding codes (`invalidUrl` errors map to Graph's 400 in the emulator).
 */
import { FindingCode } from './codes';
import { channelKind, parseDeliveryChannel, type ChannelProblem } from './deliveryChannel';
import type { Finding, FixData, TextSpan } from './types';

export interface UrlProperty {
  name: 'notificationUrl' | 'lifecycleNotificationUrl';
  /** The decoded string value. */
  value: string;
  /** Span of the JSON string literal, quotes included. */
  valueSpan: TextSpan;
}

/** True when the URL uses the `EventHub:` or `EventGrid:` form (the webhook checks do not apply). */
export function isChannelUrl(url: string): boolean {
  return channelKind(url) !== 'webhook';
}

/** Findings for an `EventHub:`/`EventGrid:` URL; [] for webhook URLs and well-formed ones. */
export function checkDeliveryChannel(text: string, prop: UrlProperty): Finding[] {
  const parsed = parseDeliveryChannel(prop.value);
  if (parsed.kind === 'webhook') return [];
  const inner = innerOffset(text, prop);
  return parsed.problems.map((p) => toFinding(p, prop, inner));
}

/**
 * Offset in the document of the URL's first character when the literal has no escapes (then every
 * URL offset maps 1:1); undefined otherwise, and findings then span the whole literal.
 */
function innerOffset(text: string, prop: UrlProperty): number | undefined {
  const raw = text.slice(prop.valueSpan.offset + 1, prop.valueSpan.offset + prop.valueSpan.length - 1);
  return raw === prop.value ? prop.valueSpan.offset + 1 : undefined;
}

function toFinding(p: ChannelProblem, prop: UrlProperty, inner: number | undefined): Finding {
  const span: TextSpan = inner === undefined ? prop.valueSpan : { offset: inner + p.offset, length: p.length };
  const code = p.part === 'scheme' ? FindingCode.insecureUrl : FindingCode.invalidUrl;
  const f: Finding = {
    code, severity: p.severity, message: `${prop.name}: ${p.message}`, span, property: prop.name,
    data: {
      url: prop.value, part: p.part, ...(p.parameter ? { parameter: p.parameter } : {}),
      ...(p.part === 'scheme' ? { scheme: prop.value.slice(p.offset, p.offset + p.length) } : {}),
    },
  };
  if (p.replacement !== undefined && inner !== undefined) {
    const fix: FixData = {
      kind: 'edit',
      title: p.replacement === '' ? 'Remove this part' : `Replace with ${p.replacement}`,
      edits: [{ offset: inner + p.offset, length: p.length, newText: p.replacement }],
    };
    f.fixes = [fix];
  }
  return f;
}

/**
 * The subscription-draft validator: draft text → findings with exact spans and fix data. Pure and
 * fast (one `jsonc-parser` pass, then work proportional to the number of top-level properties), so
 * the editor can run it on every keystroke and the emulator on every POST/PATCH.
 */
import {
  ACCOUNT_KIND_LABELS, ACCOUNT_KINDS, CHANGE_TYPES as CATALOG_CHANGE_TYPES, allowedChangeTypes, levenshtein, matchResource, maxExpiration,
  maxLifetimeMinutes, requiredPermissionsView as requiredPermissions, splitPath, splitResource, supportsRich, swapMe,
  type AccountKind, type MatchResult, type ResourceEntry,
} from '../catalog/index';
import { checkDeliveryChannel, isChannelUrl } from './checkDeliveryChannel';
import { FindingCode } from './codes';
import { parseDraft, type DraftProperty, type ParsedDraft } from './parseDraft';
import { unfilledPlaceholders } from './placeholders';
import { publicText } from '../util/publicText';
import {
  KNOWN_PROPERTIES, MAX_CERTIFICATE_ID, MAX_CLIENT_STATE, MIN_LIFETIME_MINUTES, PROPERTY_SPECS as SPECS, TLS_VERSIONS,
} from './properties';
import type { Finding, FixData, Severity, TextEdit, TextSpan, ValidationContext } from './types';

const MINUTE = 60_000;
// Module-level aliases: read once, not through the bundler's export getters on every check.
const PROPERTY_SPECS = SPECS;
const CHANGE_TYPES: readonly string[] = CATALOG_CHANGE_TYPES;

/** Checks a subscription draft; see `FindingCode` for every check. Never throws. */
export function validateDraft(text: string, ctx: ValidationContext): Finding[] {
  return new DraftValidator(text, ctx).run();
}

type Matched = Extract<MatchResult, { ok: true }>;

/** Properties Graph may return as null although they are set (list responses, §1.2). */
const WITHHELD_BY_GRAPH: ReadonlySet<string> = new Set(['clientState']);

class DraftValidator {
  private readonly out: Finding[] = [];
  private readonly parsed: ParsedDraft;
  private readonly props: Map<string, DraftProperty>;
  private readonly isCreate: boolean;
  private readonly original: Record<string, unknown> | undefined;
  /** Span used for findings about missing properties: the opening brace. */
  private readonly docSpan: TextSpan;
  /** Known properties that an unknown (misspelt) key probably means: not reported as missing. */
  private readonly misspelt = new Set<string>();
  /** Sorted valid change types of the draft, for the duplicate check. */
  private changeTypeKey: string | undefined;

  constructor(private readonly text: string, private readonly ctx: ValidationContext) {
    this.parsed = parseDraft(text);
    this.props = this.parsed.properties;
    this.isCreate = ctx.operation === 'create';
    this.original = ctx.original as unknown as Record<string, unknown> | undefined;
    this.docSpan = this.parsed.rootSpan ? { offset: this.parsed.rootSpan.offset, length: 1 } : { offset: 0, length: 0 };
  }

  run(): Finding[] {
    for (const e of this.parsed.syntaxErrors) {
      this.add('jsonSyntax', 'error', `JSON syntax error: ${e.message}. Fix the JSON before the draft can be checked further.`, e.span);
    }
    if (this.parsed.value === undefined) {
      if (this.parsed.rootSpan !== undefined) {
        this.add('invalidType', 'error', `The draft must be a JSON object ({ "resource": …, "changeType": … }), not ${this.parsed.rootType ?? 'this value'}.`, this.parsed.rootSpan);
      } else if (this.parsed.syntaxErrors.length === 0) {
        this.add('missingProperty', 'error', 'The draft is empty: write a JSON object with resource, changeType, notificationUrl and expirationDateTime.', this.docSpan);
      }
      return this.sorted();
    }
    for (const d of this.parsed.duplicates) {
      this.add('duplicateProperty', 'warning', `"${d.key}" appears more than once; only the last value counts. Remove this one.`, d.keySpan, d.key);
    }
    this.checkPropertyNamesAndTypes();
    if (this.isCreate) this.checkRequired();
    else this.checkUpdate();

    const match = this.checkResource();
    const entry = match?.entry;
    this.checkChangeType(match);
    this.checkUrl('notificationUrl');
    this.checkUrl('lifecycleNotificationUrl');
    this.checkRich(match);
    this.checkExpiration(entry);
    this.checkStrings();
    if (this.isCreate && match !== undefined) this.checkDuplicatesAndQuotas(match);
    return this.sorted();
  }

  // ---------------------------------------------------------------- helpers

  private sorted(): Finding[] {
    return this.out.sort((a, b) => a.span.offset - b.span.offset);
  }

  private add(
    code: keyof typeof FindingCode, severity: Severity, message: string, span: TextSpan, property?: string,
    fixes?: FixData[], data?: Record<string, string>,
  ): Finding {
    // Catalog notes carry internal source tags; the user reads the public words only.
    const f: Finding = { code: FindingCode[code], severity, message: publicText(message), span };
    if (property !== undefined) f.property = property;
    if (fixes !== undefined && fixes.length > 0) f.fixes = fixes;
    if (data !== undefined) f.data = data;
    this.out.push(f);
    return f;
  }

  /** The property's value when it is a non-empty-or-empty string (null and other types: undefined). */
  private str(name: string): string | undefined {
    const v = this.props.get(name)?.value;
    return typeof v === 'string' ? v : undefined;
  }

  /** Present with a non-null value. */
  private has(name: string): boolean {
    const p = this.props.get(name);
    return p !== undefined && p.value !== null && p.value !== undefined && p.value !== '';
  }

  private valueSpan(name: string): TextSpan {
    return this.props.get(name)?.valueSpan ?? this.docSpan;
  }

  /** Replace a property's value with a new JSON value. */
  private setValueEdit(name: string, title: string, value: string | boolean): FixData | undefined {
    const p = this.props.get(name);
    if (p === undefined) return undefined;
    return { kind: 'edit', title, edits: [{ ...p.valueSpan, newText: JSON.stringify(value) }] };
  }

  /** Remove a whole `"key": value` member, with its comma. */
  private removeEdit(name: string, title: string): FixData | undefined {
    const p = this.props.get(name);
    if (p === undefined) return undefined;
    return { kind: 'edit', title, edits: [removalEdit(this.text, p.memberSpan)] };
  }

  /** Whether an update draft changes `name` compared to the original subscription. */
  private changed(name: string): boolean {
    const p = this.props.get(name);
    if (p === undefined) return false;
    if (this.original === undefined) return true;
    const before = this.original[name];
    // Graph withholds clientState when listing ("not returned for security purposes", §1.2), so
    // a null there means "unknown", not "unset": the draft's value cannot be called a change.
    if (WITHHELD_BY_GRAPH.has(name) && (before === null || before === undefined)) return false;
    const norm = (v: unknown): unknown => (v === null || v === undefined || v === '' ? undefined : v);
    return norm(before) !== norm(p.value);
  }

  // ---------------------------------------------------------------- property names and types

  private checkPropertyNamesAndTypes(): void {
    for (const [key, p] of this.props) {
      if (key.startsWith('@odata.')) continue;
      const spec = PROPERTY_SPECS[key];
      if (spec === undefined) {
        this.unknownProperty(key, p);
        continue;
      }
      if (p.value === null) {
        if (spec.requiredOnCreate && this.isCreate) {
          this.add('invalidType', 'error', `${key} is required and cannot be null: ${PROPERTY_SPECS[key].description}`, p.valueSpan, key);
        }
        continue;
      }
      if (typeof p.value !== spec.type) {
        const fixes: FixData[] = [];
        if (spec.type === 'boolean' && (p.value === 'true' || p.value === 'false')) {
          const f = this.setValueEdit(key, `Use the boolean ${p.value}`, p.value === 'true');
          if (f) fixes.push(f);
        }
        this.add('invalidType', 'error', `${key} must be a ${spec.type}, not ${jsonType(p.value)}.`, p.valueSpan, key, fixes);
        continue;
      }
      if (spec.readOnly && (this.isCreate || this.changed(key))) {
        const fix = this.removeEdit(key, `Remove ${key}`);
        this.add('readOnlyProperty', 'warning', `${key} is assigned by Graph and read-only; remove it from the draft.`, p.keySpan, key, fix ? [fix] : []);
      } else if (spec.webPush && this.has(key)) {
        this.add('webPushProperty', 'warning', `${key} is only for Web Push endpoints; Graph answers 400 when it is sent on a normal webhook subscription. Remove it unless notificationUrl is a Web Push endpoint.`, p.keySpan, key,
          optional(this.removeEdit(key, `Remove ${key}`)));
      } else if (spec.deprecated) {
        this.add('deprecatedProperty', 'info', `${key} is no longer part of the v1.0 subscription resource (older docs only); Graph always sends application/json. You can remove it.`, p.keySpan, key,
          optional(this.removeEdit(key, `Remove ${key}`)));
      }
    }
  }

  private unknownProperty(key: string, p: DraftProperty): void {
    const suggestion = suggestProperty(key);
    if (suggestion !== undefined) this.misspelt.add(suggestion);
    const fixes: FixData[] = [];
    let message = `Unknown property "${key}": Graph rejects the payload ("Are all property names spelled and camelCased properly?").`;
    if (suggestion !== undefined) {
      message += ` Did you mean "${suggestion}"?`;
      if (!this.props.has(suggestion)) {
        fixes.push({ kind: 'edit', title: `Rename to "${suggestion}"`, edits: [{ ...p.keySpan, newText: JSON.stringify(suggestion) }] });
      } else {
        message += ` ("${suggestion}" is already set.)`;
      }
    } else {
      message += ' Remove it.';
    }
    const remove = this.removeEdit(key, `Remove "${key}"`);
    if (remove && suggestion === undefined) fixes.push(remove);
    this.add('unknownProperty', 'error', message, p.keySpan, key, fixes, suggestion ? { suggestion } : undefined);
  }

  private checkRequired(): void {
    for (const key of REQUIRED_ON_CREATE) {
      if (this.props.has(key) || this.misspelt.has(key)) continue;
      const fixes: FixData[] = [];
      this.add('missingProperty', 'error', `${key} is a required property for subscription creation. Add "${key}": ${PROPERTY_SPECS[key].description}`, this.docSpan, key, fixes);
    }
    if (!this.props.has('clientState')) {
      this.add('clientStateMissing', 'hint', 'No clientState: add a random secret so your receiver can tell real notifications from forged ones.', this.docSpan, 'clientState',
        [{ kind: 'setProperty', title: 'Add a generated clientState', property: 'clientState', valueHint: 'clientState' }]);
    }
  }

  private checkUpdate(): void {
    if (!this.props.has('expirationDateTime') && !this.props.has('notificationUrl')) {
      this.add('updateNeedsExpirationOrUrl', 'error', 'An update (PATCH) must contain expirationDateTime or notificationUrl. Add a new expirationDateTime to renew.', this.docSpan, 'expirationDateTime');
    }
    for (const [key, p] of this.props) {
      const spec = PROPERTY_SPECS[key];
      if (spec === undefined || spec.updatable || spec.readOnly || !this.changed(key)) continue;
      if (key === 'lifecycleNotificationUrl' && !(this.original && this.original[key])) {
        if (!this.has(key)) continue;
        this.add('lifecycleUrlCannotBeAdded', 'error', 'lifecycleNotificationUrl cannot be added to an existing subscription. Remove it here, or delete the subscription and create it again with a lifecycleNotificationUrl.', p.keySpan, key,
          optional(this.removeEdit(key, 'Remove lifecycleNotificationUrl')));
        continue;
      }
      const revert = this.original !== undefined && this.original[key] !== undefined && this.original[key] !== null
        ? this.setValueEdit(key, `Restore the current value`, this.original[key] as string | boolean)
        : this.removeEdit(key, `Remove ${key}`);
      this.add('propertyNotUpdatable', 'error', `${key} cannot be changed by an update; only expirationDateTime, notificationUrl, encryptionCertificate and encryptionCertificateId can. To change ${key}, create a new subscription.`, p.keySpan, key, optional(revert));
    }
  }

  // ---------------------------------------------------------------- resource

  private resourceValue(): string | undefined {
    const own = this.str('resource');
    if (own !== undefined) return own;
    if (!this.isCreate && this.original && typeof this.original.resource === 'string') return this.original.resource;
    return undefined;
  }

  private checkResource(): Matched | undefined {
    const resource = this.resourceValue();
    if (resource === undefined) return undefined;
    const p = this.props.get('resource');
    const span = p?.valueSpan ?? this.docSpan;
    if (resource.trim() === '') {
      if (p) this.add('unknownResource', 'error', 'resource is empty: set the resource path to watch, e.g. "me/messages".', span, 'resource');
      return undefined;
    }
    const m = matchResource(resource);
    if (!m.ok) {
      if (p === undefined) return undefined;
      const fixes: FixData[] = m.suggestions.map((s) => {
        const concrete = concretize(s, resource);
        return { kind: 'edit', title: `Use ${concrete}`, edits: [{ ...span, newText: JSON.stringify(concrete) }] };
      });
      const hint = m.suggestions.length > 0 ? ` Closest known paths: ${m.suggestions.join(', ')}.` : '';
      this.add('unknownResource', 'error', `resource "${resource}" is not a path that supports change notifications.${hint}`, span, 'resource', fixes,
        { suggestions: m.suggestions.join('\n') });
      return undefined;
    }
    if (p === undefined) return m; // update without resource: facts from the original
    const { entry, pattern } = m;
    this.checkPlaceholders(m, resource, span);
    const kind = this.ctx.accountKind;
    const op = this.isCreate ? 'create' : 'update';

    if (m.usesMe && kind === 'application') {
      const swapped = swapMe(resource, false);
      this.add('meWithApplication', 'error', `resource "${resource}" uses me/, which only works with delegated (signed-in user) access. With application permissions name the user: users/{userId}/….`, span, 'resource',
        swapped ? [{ kind: 'edit', title: `Use ${swapped}`, edits: [{ ...span, newText: JSON.stringify(swapped) }] }] : []);
    }
    const req = requiredPermissions(entry, pattern, kind, op);
    if (!req.supported) {
      const supportedKinds = ACCOUNT_KINDS.filter((k) => requiredPermissions(entry, pattern, k, op).supported);
      const where = supportedKinds.length > 0 ? `Supported: ${supportedKinds.map((k) => ACCOUNT_KIND_LABELS[k]).join('; ')}.` : 'No account kind is documented for this operation.';
      if (req.disputed) {
        this.add('accountKindDisputed', 'warning', `${entry.displayName} (${pattern.pattern}) is not supported for ${ACCOUNT_KIND_LABELS[kind]} according to the create-subscription table, but another source lists it: ${req.disputed}`, span, 'resource');
      } else {
        this.add('accountKindNotSupported', 'error', `${entry.displayName} subscriptions on ${pattern.pattern} are not supported for ${ACCOUNT_KIND_LABELS[kind]}. ${where}`, span, 'resource', undefined,
          { accountKind: kind, supported: supportedKinds.join(',') });
      }
    } else {
      if (req.disputed) {
        this.add('accountKindDisputed', 'warning', `The docs disagree whether ${entry.displayName} subscriptions work for ${ACCOUNT_KIND_LABELS[kind]}: ${req.disputed}`, span, 'resource');
      }
      this.checkPermissions(entry, pattern.pattern, req.anyOf, req.rsc, kind, span);
    }
    // Outlook delegated access covers only the signed-in user's mailbox (OUTLOOK-NOTES).
    if (entry.group === 'Outlook' && kind !== 'application' && !m.usesMe && m.params.userId !== undefined && m.params.userId.toLowerCase() !== 'me') {
      const swapped = swapMe(resource, true);
      this.add('delegatedOtherMailbox', 'info', 'Delegated permissions only cover the signed-in user\'s own mailbox. If this is another user\'s mailbox, use application permissions; for your own, me/… is simpler.', span, 'resource',
        swapped ? [{ kind: 'edit', title: `Use ${swapped}`, edits: [{ ...span, newText: JSON.stringify(swapped) }] }] : []);
    }
    if (pattern.betaOnly) {
      this.add('betaOnly', 'warning', `${pattern.pattern} is only available on the beta endpoint (https://graph.microsoft.com/beta).`, span, 'resource');
    }
    this.checkQuery(m, resource, span);
    return m;
  }

  /** `users/userId/messages`: the template's placeholder was never replaced by an id. */
  private checkPlaceholders(m: Matched, resource: string, span: TextSpan): void {
    const unfilled = unfilledPlaceholders(m.params);
    if (unfilled.length === 0) return;
    const names = unfilled.map((u) => `{${u.param}}`).join(', ');
    const fixes: FixData[] = [];
    const swapped = this.ctx.accountKind !== 'application' && unfilled.some((u) => u.param === 'userId') ? swapMe(resource, true) : undefined;
    const swappedMatch = swapped ? matchResource(swapped) : undefined;
    if (swapped && swappedMatch?.ok && unfilledPlaceholders(swappedMatch.params).length === 0) fixes.push({ kind: 'edit', title: `Use ${swapped} (the signed-in user)`, edits: [{ ...span, newText: JSON.stringify(swapped) }] });
    this.add('unfilledPlaceholder', 'error',
      `resource "${resource}" still holds the placeholder${unfilled.length > 1 ? 's' : ''} ${unfilled.map((u) => `"${u.value}"`).join(', ')}: replace ${names} with a real id (${m.pattern.pattern}).`,
      span, 'resource', fixes, { params: unfilled.map((u) => u.param).join(',') });
  }

  private checkPermissions(entry: ResourceEntry, pattern: string, anyOf: readonly string[], rsc: readonly string[], kind: AccountKind, span: TextSpan): void {
    const granted = this.ctx.grantedPermissions;
    if (granted === undefined) return;
    if (anyOf.length === 0 && rsc.length === 0) {
      this.add('permissionUndocumented', 'info', `The docs do not list the permission for ${entry.displayName} (${pattern}); the permission check was skipped.`, span, 'resource');
      return;
    }
    const have = grantedSet(granted);
    if ([...anyOf, ...rsc].some((p) => have.has(p.toLowerCase()))) return;
    const write = anyOf.map((p) => p.replace(/\.Read(?=\.|$)/, '.ReadWrite')).find((p) => have.has(p.toLowerCase()));
    if (write !== undefined) {
      this.add('writeInsteadOfRead', 'warning', `The token has ${write} but not ${anyOf[0]}: Graph subscriptions do not support write permissions when read permissions are enough. Grant ${anyOf[0]}.`, span, 'resource', undefined,
        { permission: anyOf[0] });
      return;
    }
    const least = anyOf[0] ?? rsc[0];
    const all = [...anyOf, ...rsc.map((r) => `${r} (resource-specific consent)`)].join(', ');
    const kindWord = kind === 'application' ? 'application permission' : 'delegated permission';
    this.add('permissionMissing', 'error', `Missing permission for ${entry.displayName} (${pattern}): grant the ${kindWord} ${least} (least privileged; any of: ${all}). The token has: ${granted.length > 0 ? granted.join(', ') : 'none'}.`, span, 'resource', undefined,
      { permission: least, anyOf: [...anyOf, ...rsc].join(',') });
  }

  private checkQuery(m: Matched, resource: string, span: TextSpan): void {
    const { pattern } = m;
    const keys = Object.keys(m.query);
    for (const key of keys) {
      const name = key as (typeof pattern.queryOptions)[number];
      if (!pattern.queryOptions.includes(name)) {
        const accepted = pattern.queryOptions.length > 0 ? `It accepts: ${pattern.queryOptions.join(', ')}.` : 'It accepts no query options.';
        this.add('queryOptionNotSupported', 'warning', `${pattern.pattern} does not support "${key}" in resource. ${accepted}`, span, 'resource');
      }
    }
    for (const required of pattern.requiredQuery ?? []) {
      if (!keys.includes(required)) {
        this.add('queryOptionNotSupported', 'error', `${pattern.pattern} requires ${required} in resource, e.g. ${pattern.example ?? pattern.pattern}.`, span, 'resource');
      }
    }
    if (m.query.model !== undefined && pattern.paymentModels !== undefined && !pattern.paymentModels.includes(m.query.model as 'A' | 'B')) {
      this.add('paymentModelInvalid', 'error', `model=${m.query.model} is not accepted on ${pattern.pattern}; use ${pattern.paymentModels.map((x) => `model=${x}`).join(' or ')} (or omit it for evaluation mode).`, span, 'resource');
    }
    const nousp = m.query.notifyOnUserSpecificProperties;
    if (nousp !== undefined && nousp !== 'true' && nousp !== 'false') {
      this.add('queryOptionNotSupported', 'error', `notifyOnUserSpecificProperties must be true or false, not "${nousp}".`, span, 'resource');
    }
    if (pattern.metered) {
      const model = m.query.model === undefined ? 'No model= is given, so evaluation mode is used.' : `Payment model ${m.query.model}.`;
      this.add('meteredApi', 'info', `${pattern.pattern} is a metered API: payment models and licensing requirements may apply. ${model}`, span, 'resource');
    }
    void resource;
  }

  // ---------------------------------------------------------------- changeType

  private checkChangeType(match: Matched | undefined): void {
    const p = this.props.get('changeType');
    const value = this.str('changeType');
    if (p === undefined || value === undefined) return;
    // Fast path for the usual, valid value: no spans or fixes to compute.
    const allowedHere = match === undefined ? CHANGE_TYPES : allowedChangeTypes(match.entry, match.pattern);
    if (value.indexOf(',') < 0) {
      const lower = value.trim().toLowerCase();
      if (lower !== '' && allowedHere.includes(lower)) {
        this.changeTypeKey = lower;
        return;
      }
    }
    // Exact item spans when the string has no escapes (the usual case).
    const exact = !hasEscape(this.text, p.valueSpan);
    const items: { text: string; span: TextSpan }[] = [];
    let pos = 0;
    for (const raw of value.split(',')) {
      const lead = raw.length - raw.trimStart().length;
      const t = raw.trim();
      const span = exact ? { offset: p.valueSpan.offset + 1 + pos + lead, length: t.length } : p.valueSpan;
      if (t === '' && exact) {
        // An empty item: cover the surrounding commas so the range is visible (",,").
        const start = pos > 0 ? pos - 1 : pos;
        const end = pos + raw.length + (pos + raw.length < value.length ? 1 : 0);
        items.push({ text: t, span: { offset: p.valueSpan.offset + 1 + start, length: end - start } });
      } else {
        items.push({ text: t, span });
      }
      pos += raw.length + 1;
    }
    const valid: string[] = [];
    const seen = new Set<string>();
    for (const item of items) {
      const lower = item.text.toLowerCase();
      if (item.text === '') {
        this.add('invalidChangeType', 'error', value.trim() === ''
          ? 'changeType is empty: use created, updated and/or deleted, separated by commas.'
          : 'changeType has an empty item: separate created, updated and deleted with single commas.', item.span.length > 0 ? item.span : p.valueSpan, 'changeType');
        continue;
      }
      if (!CHANGE_TYPES.includes(lower)) {
        const near = CHANGE_TYPE_SYNONYMS[lower] ?? CHANGE_TYPES.find((c) => levenshtein(c, lower, 3) <= 3);
        const fixes: FixData[] = [];
        if (near !== undefined && exact) fixes.push({ kind: 'edit', title: `Change to "${near}"`, edits: [{ ...item.span, newText: near }] });
        this.add('invalidChangeType', 'error', `"${item.text}" is not a change type: use created, updated or deleted${near ? ` (did you mean "${near}"?)` : ''}.`, item.span, 'changeType', fixes);
        continue;
      }
      if (seen.has(lower)) {
        this.add('invalidChangeType', 'warning', `"${item.text}" is listed twice in changeType.`, item.span, 'changeType');
        continue;
      }
      seen.add(lower);
      valid.push(lower);
    }
    this.changeTypeKey = [...valid].sort().join(',');
    if (match === undefined) return;
    const allowed = allowedChangeTypes(match.entry, match.pattern);
    const keep = valid.filter((v) => allowed.includes(v));
    const fixValue = (keep.length > 0 ? keep : allowed).join(',');
    for (const item of items) {
      const lower = item.text.toLowerCase();
      if (!CHANGE_TYPES.includes(lower) || allowed.includes(lower)) continue;
      const fix = this.setValueEdit('changeType', `Set changeType to "${fixValue}"`, fixValue);
      this.add('changeTypeNotSupported', 'error', `${match.entry.displayName} (${match.pattern.pattern}) does not support changeType "${lower}"; it supports: ${allowed.join(', ')}.`, item.span, 'changeType', optional(fix),
        { allowed: allowed.join(',') });
    }
  }

  // ---------------------------------------------------------------- URLs

  private checkUrl(name: 'notificationUrl' | 'lifecycleNotificationUrl'): void {
    const p = this.props.get(name);
    const url = this.str(name);
    if (p === undefined || url === undefined) return;
    const span = p.valueSpan;
    const label = name === 'notificationUrl' ? 'NotificationUrl' : 'LifecycleNotificationUrl';
    if (url.trim() === '') {
      if (name === 'notificationUrl') this.add('invalidUrl', 'error', 'notificationUrl is empty: set the https URL of your receiver.', span, name);
      return;
    }
    if (isChannelUrl(url)) {
      // Event Hubs / Event Grid forms: no handshake, so none of the webhook checks below apply.
      this.out.push(...checkDeliveryChannel(this.text, { name, value: url, valueSpan: span }));
      return;
    }
    const u = parseUrl(url);
    if (u === undefined) {
      this.add('invalidUrl', 'error', `Invalid notification url='${url}': ${name} must be an absolute https URL, e.g. https://example.com/api/notifications.`, span, name, undefined, { url });
      return;
    }
    const loopback = isLoopback(u.hostname);
    if (u.protocol === 'https:') {
      if (loopback && !this.ctx.allowLoopbackHttp) {
        this.add('unreachableUrl', 'warning', `${name} points at this machine (${u.hostname}); Microsoft Graph cannot reach it. Start the tunnel and use its public https URL.`, span, name);
      }
      return;
    }
    if (u.protocol === 'http:' && loopback && this.ctx.allowLoopbackHttp) return;
    const scheme = u.protocol.replace(':', '');
    const fixes: FixData[] = [];
    if (u.protocol === 'http:' && !loopback) {
      const f = this.setValueEdit(name, 'Use https', 'https:' + url.slice(url.indexOf(':') + 1));
      if (f) fixes.push(f);
    }
    const why = loopback
      ? ' Graph cannot reach this machine: start the tunnel and use its https URL (only the sandbox accepts http://localhost).'
      : ` ${name} must use https.`;
    this.add('insecureUrl', 'error', `${label} scheme='${scheme}' is not supported.${why}`, span, name, fixes, { scheme });
  }

  // ---------------------------------------------------------------- rich notifications

  private includeResourceData(): boolean {
    const own = this.props.get('includeResourceData');
    if (own !== undefined) return own.value === true;
    return !this.isCreate && this.original?.includeResourceData === true;
  }

  private checkRich(match: Matched | undefined): void {
    const rich = this.includeResourceData();
    const ird = this.props.get('includeResourceData');
    const span = ird?.valueSpan ?? this.docSpan;
    const entry = match?.entry;
    if (rich && match !== undefined && !supportsRich(match.entry, match.pattern)) {
      this.add('richNotSupported', 'error', `${match.entry.displayName} (${match.pattern.pattern}) does not support notifications with resource data. Remove includeResourceData (or set it to false).`, span, 'includeResourceData',
        optional(this.removeEdit('includeResourceData', 'Remove includeResourceData')));
      return;
    }
    const certFix: FixData = { kind: 'setProperty', title: 'Add an encryption certificate', property: 'encryptionCertificate', valueHint: 'certificate' };
    const hasCert = this.has('encryptionCertificate') || (!this.isCreate && !this.props.has('encryptionCertificate') && !!this.original?.encryptionCertificate);
    const hasCertId = this.has('encryptionCertificateId') || (!this.isCreate && !this.props.has('encryptionCertificateId') && !!this.original?.encryptionCertificateId);
    if (rich) {
      if (!hasCert) {
        this.add('certificateRequired', 'error', 'includeResourceData is true but encryptionCertificate is missing: Graph encrypts resource data with your certificate\'s public key. Add encryptionCertificate (base64) and encryptionCertificateId.', span, 'encryptionCertificate', [certFix]);
      }
      if (!hasCertId) {
        const required = entry?.rich.certificateIdRequired === true;
        // Without a certificate either, the certificate finding carries the one fix (it adds both).
        this.add('certificateIdRequired', required ? 'error' : 'warning', `includeResourceData is true but encryptionCertificateId is missing${required ? ` (${entry?.displayName} requires it)` : ''}: add the id your receiver uses to pick the decryption key.`, span, 'encryptionCertificateId', hasCert ? [certFix] : undefined);
      }
      if (match !== undefined && match.entry.rich.selectRequired && match.query.$select === undefined) {
        const resource = this.str('resource');
        const fixes: FixData[] = [];
        if (resource !== undefined && match.entry.rich.defaultSelect) {
          const sep = resource.includes('?') ? '&' : '?';
          const f = this.setValueEdit('resource', `Add $select=${match.entry.rich.defaultSelect}`, `${resource}${sep}$select=${match.entry.rich.defaultSelect}`);
          if (f) fixes.push(f);
        }
        this.add('selectRequired', 'error', `${match.entry.displayName} notifications with resource data must use $select in resource, e.g. "${match.normalizedPath}?$select=${match.entry.rich.defaultSelect ?? 'Subject'}"; only the selected properties are sent.`, this.valueSpan('resource'), 'resource', fixes);
      }
    } else if (entry?.rich.encryptionAlwaysRequired && this.isCreate && !hasCert) {
      this.add('encryptionAlwaysRequired', 'warning', `${entry.displayName} subscriptions should always specify encryptionCertificate (and encryptionCertificateId) to avoid failure.`, this.valueSpan('resource'), 'encryptionCertificate', [certFix]);
    }
    const nqo = this.props.get('notificationQueryOptions');
    if (nqo !== undefined && this.has('notificationQueryOptions') && entry !== undefined && !entry.notificationQueryOptions) {
      this.add('notificationQueryOptionsNotSupported', 'warning', `notificationQueryOptions is only supported for Universal Print and Health Monitoring alerts, not ${entry.displayName}. Remove it.`, nqo.keySpan, 'notificationQueryOptions',
        optional(this.removeEdit('notificationQueryOptions', 'Remove notificationQueryOptions')));
    }
  }

  // ---------------------------------------------------------------- expiration

  private checkExpiration(entry: ResourceEntry | undefined): void {
    const p = this.props.get('expirationDateTime');
    const value = this.str('expirationDateTime');
    if (p === undefined || value === undefined) return;
    const span = p.valueSpan;
    const now = this.ctx.now.getTime();
    const rich = this.includeResourceData();
    const max = entry ? maxExpiration(entry, rich, this.ctx.now) : undefined;
    const maxMinutes = entry ? maxLifetimeMinutes(entry, rich) : undefined;
    const toMax = (): FixData | undefined => (max ? this.setValueEdit('expirationDateTime', `Set to the maximum (${max.toISOString()})`, max.toISOString()) : undefined);
    const parsed = parseIsoDateTime(value);
    if (parsed === undefined) {
      this.add('expirationInvalid', 'error', `expirationDateTime "${value}" is not an ISO 8601 date-time such as ${new Date(now + 60 * MINUTE).toISOString()}.`, span, 'expirationDateTime', optional(toMax()));
      return;
    }
    if (!parsed.hasZone) {
      this.add('expirationNoTimezone', 'warning', 'expirationDateTime has no time-zone offset; it is read as UTC. Add "Z" to make that explicit.', span, 'expirationDateTime',
        optional(this.setValueEdit('expirationDateTime', 'Add Z (UTC)', `${value}Z`)));
    }
    const t = parsed.time;
    if (t <= now) {
      this.add('expirationInPast', 'error', `expirationDateTime ${value} is in the past; set a future time${max ? `, at most ${max.toISOString()}` : ''}.`, span, 'expirationDateTime', optional(toMax()));
      return;
    }
    if (t < now + MIN_LIFETIME_MINUTES * MINUTE) {
      this.add('expirationBelowMinimum', 'info', `expirationDateTime is less than ${MIN_LIFETIME_MINUTES} minutes away; Graph raises it to ${new Date(now + MIN_LIFETIME_MINUTES * MINUTE).toISOString()} (request time + 45 minutes).`, span, 'expirationDateTime');
    }
    if (entry !== undefined && max !== undefined && maxMinutes !== undefined && t > max.getTime()) {
      const withData = rich && entry.maxLifetimeWithResourceDataMinutes !== undefined ? ' with resource data' : '';
      this.add('expirationOverMaximum', 'error', `expirationDateTime is ${humanDuration((t - now) / MINUTE)} in the future; ${entry.displayName} subscriptions${withData} can last at most ${maxMinutes} minutes (${humanMinutes(maxMinutes)}). Set it to ${max.toISOString()} or earlier.`, span, 'expirationDateTime', optional(toMax()),
        { maxMinutes: String(maxMinutes), maxExpiration: max.toISOString() });
    }
    if (entry?.lifecycleUrlRequiredOverOneHour && t > now + 60 * MINUTE) {
      const hasLifecycle = this.has('lifecycleNotificationUrl') || (!this.isCreate && !!this.original?.lifecycleNotificationUrl);
      if (!hasLifecycle) {
        const oneHour = new Date(now + 60 * MINUTE).toISOString();
        const fixes: FixData[] = [];
        if (this.isCreate) fixes.push({ kind: 'setProperty', title: 'Add lifecycleNotificationUrl', property: 'lifecycleNotificationUrl', valueHint: 'lifecycleUrl' });
        const f = this.setValueEdit('expirationDateTime', `Expire within 1 hour (${oneHour})`, oneHour);
        if (f) fixes.push(f);
        const how = this.isCreate ? 'Add lifecycleNotificationUrl, or' : 'It cannot be added to an existing subscription, so';
        this.add('lifecycleUrlRequired', 'error', `lifecycleNotificationUrl is a required property for subscription creation on this resource when the expirationDateTime value is set to greater than 1 hour (${entry.displayName}). ${how} keep expirationDateTime within 1 hour.`, span, 'lifecycleNotificationUrl', fixes);
      }
    }
  }

  // ---------------------------------------------------------------- strings with limits

  private checkStrings(): void {
    const cs = this.str('clientState');
    if (cs !== undefined && cs.length > MAX_CLIENT_STATE) {
      this.add('clientStateTooLong', 'error', `clientState is ${cs.length} characters; the maximum is ${MAX_CLIENT_STATE}. Use a shorter random secret.`, this.valueSpan('clientState'), 'clientState',
        [{ kind: 'setProperty', title: 'Replace with a generated clientState', property: 'clientState', valueHint: 'clientState' }], { length: String(cs.length) });
    }
    const cid = this.str('encryptionCertificateId');
    if (cid !== undefined && cid.length > MAX_CERTIFICATE_ID) {
      this.add('certificateIdTooLong', 'error', `encryptionCertificateId is ${cid.length} characters; the maximum is ${MAX_CERTIFICATE_ID}. Use a shorter id.`, this.valueSpan('encryptionCertificateId'), 'encryptionCertificateId', undefined, { length: String(cid.length) });
    }
    const tls = this.str('latestSupportedTlsVersion');
    if (tls !== undefined) {
      const span = this.valueSpan('latestSupportedTlsVersion');
      if (!TLS_VERSIONS.includes(tls)) {
        this.add('invalidTlsVersion', 'error', `latestSupportedTlsVersion "${tls}" is not valid: use v1_0, v1_1, v1_2 (default) or v1_3.`, span, 'latestSupportedTlsVersion',
          optional(this.setValueEdit('latestSupportedTlsVersion', 'Use v1_2', 'v1_2')));
      } else if (tls === 'v1_0' || tls === 'v1_1') {
        this.add('tlsVersionDeprecated', 'warning', `latestSupportedTlsVersion ${tls} was a temporary bridge for TLS deprecation; use v1_2 or v1_3.`, span, 'latestSupportedTlsVersion',
          optional(this.setValueEdit('latestSupportedTlsVersion', 'Use v1_2', 'v1_2')));
      }
    }
  }

  // ---------------------------------------------------------------- existing subscriptions

  private checkDuplicatesAndQuotas(match: Matched): void {
    const existing = this.ctx.existing;
    const resource = this.str('resource');
    const changeType = this.str('changeType');
    if (existing === undefined || existing.length === 0 || resource === undefined) return;
    const span = this.valueSpan('resource');
    const trimmed = resource.trim();
    const q = trimmed.indexOf('?');
    const key = `${match.normalizedPath.toLowerCase()}?${q < 0 ? '' : trimmed.slice(q + 1)}`;
    const types = changeType === undefined ? undefined : this.changeTypeKey ?? changeTypeKey(changeType);
    const originalId = this.ctx.original?.id;
    // Defensive: subscriptions from storage or other tools may lack fields.
    const others = existing.filter((s) => s !== null && typeof s === 'object' && typeof s.resource === 'string'
      && typeof s.changeType === 'string' && (originalId === undefined || s.id !== originalId));
    if (types !== undefined) {
      const dup = others.find((s) => existingKeys(s).resource === key && existingKeys(s).changeType === types);
      if (dup !== undefined) {
        this.add('duplicateSubscription', 'error', `Subscription Id ${dup.id} already exists for the requested combination (same resource and changeType); Graph answers 409 Conflict. Renew or edit that subscription instead, or change resource or changeType.`, span, 'resource', undefined,
          { existingId: dup.id });
        return;
      }
    }
    const pathKey = match.normalizedPath.toLowerCase();
    for (const quota of match.entry.quotas) {
      if (quota.enforce === undefined) continue;
      let count = 0;
      for (const s of others) {
        if (quota.enforce === 'sameResource') {
          if (existingKeys(s).path === pathKey) count++;
        } else {
          const m = matchResource(s.resource);
          if (m.ok && m.entry.quotas.some((q) => q.quotaKey === quota.quotaKey)) count++;
        }
      }
      if (count >= quota.limit) {
        this.add('quotaExceeded', 'error', `Maximum number of subscriptions has been reached: ${match.entry.displayName} allows ${quota.limit} ${quota.scope}, and ${count} already exist. Delete one first.`, span, 'resource', undefined,
          { limit: String(quota.limit), scope: quota.scope, count: String(count) });
        return;
      }
    }
  }
}

// ------------------------------------------------------------------ pure helpers

/**
 * A suggested pattern filled with the draft's own values where the segments line up, e.g.
 * `me/mesages?$select=x` + `users/{userId}/messages` → `me/messages?$select=x`.
 */
export function concretize(pattern: string, resource: string): string {
  const { path, queryText } = splitResource(resource);
  let segs = splitPath(path);
  const usesMe = segs.length > 0 && segs[0].toLowerCase() === 'me';
  if (usesMe) segs = ['users', 'me', ...segs.slice(1)];
  const out = splitPath(pattern).map((p, i) => (/^\{[^}]+\}$/.test(p) && segs[i] !== undefined && segs[i] !== '' ? segs[i] : p));
  let text = out.join('/');
  if (usesMe && /^users\/me(\/|$)/i.test(text)) text = `me${text.slice('users/me'.length)}`;
  return queryText !== undefined ? `${text}?${queryText}` : text;
}

function optional(f: FixData | undefined): FixData[] {
  return f === undefined ? [] : [f];
}

function jsonType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  return `a ${typeof v}`;
}

/** The known property a misspelt key most likely means. */
export function suggestProperty(key: string): string | undefined {
  const lower = key.toLowerCase();
  const exact = KNOWN_PROPERTIES.find((k) => k.toLowerCase() === lower);
  if (exact !== undefined) return exact;
  if (key.length > 60) return undefined;
  let best: string | undefined;
  let bestD = Number.MAX_SAFE_INTEGER;
  for (const k of KNOWN_PROPERTIES) {
    const limit = Math.max(2, Math.floor(k.length / 4));
    const d = levenshtein(k.toLowerCase(), lower, limit);
    if (d <= limit && d < bestD) {
      best = k;
      bestD = d;
    }
  }
  return best;
}

function parseUrl(s: string): URL | undefined {
  try {
    return new URL(s);
  } catch {
    return undefined;
  }
}

function isLoopback(hostname: string): boolean {
  const h = hostname.toLowerCase();
  return h === 'localhost' || h.endsWith('.localhost') || /^127\.\d+\.\d+\.\d+$/.test(h) || h === '[::1]' || h === '::1';
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Reads `n` digits at `i`, or -1. */
function digits(s: string, i: number, n: number): number {
  let v = 0;
  for (let k = 0; k < n; k++) {
    const c = s.charCodeAt(i + k) - 48;
    if (!(c >= 0 && c <= 9)) return -1;
    v = v * 10 + c;
  }
  return v;
}

/**
 * Strict ISO 8601 date-time: `YYYY-MM-DDTHH:MM[:SS[.fraction]][Z|±HH:MM|±HHMM]` (fractions of any
 * length, as Graph's own examples use seven digits). Hand-written: it runs on every keystroke.
 */
export function parseIsoDateTime(input: string): { time: number; hasZone: boolean } | undefined {
  const s = input.trim();
  const year = digits(s, 0, 4);
  const month = digits(s, 5, 2);
  const day = digits(s, 8, 2);
  const hour = digits(s, 11, 2);
  const minute = digits(s, 14, 2);
  if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0) return undefined;
  if (s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || (s.charCodeAt(10) | 32) !== 116 /* t */ || s.charCodeAt(13) !== 58) return undefined;
  let i = 16;
  let second = 0;
  let ms = 0;
  if (s.charCodeAt(i) === 58 /* : */) {
    second = digits(s, i + 1, 2);
    if (second < 0) return undefined;
    i += 3;
    if (s.charCodeAt(i) === 46 /* . */) {
      let j = i + 1;
      let scale = 100;
      while (j < s.length && s.charCodeAt(j) >= 48 && s.charCodeAt(j) <= 57) {
        ms += (s.charCodeAt(j) - 48) * scale;
        scale /= 10;
        j++;
      }
      if (j === i + 1) return undefined;
      ms = Math.floor(ms);
      i = j;
    }
  }
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return undefined;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  if (day > (month === 2 ? (leap ? 29 : 28) : DAYS_IN_MONTH[month - 1])) return undefined;
  let time = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  if (i === s.length) return { time, hasZone: false };
  const z = s.charCodeAt(i);
  if ((z | 32) === 122 /* z */ && i + 1 === s.length) return { time, hasZone: true };
  if (z !== 43 && z !== 45) return undefined;
  const oh = digits(s, i + 1, 2);
  const colon = s.charCodeAt(i + 3) === 58 ? 1 : 0;
  const om = digits(s, i + 3 + colon, 2);
  if (oh < 0 || om < 0 || i + 5 + colon !== s.length || oh > 23 || om > 59) return undefined;
  time -= (z === 45 ? -1 : 1) * (oh * 60 + om) * MINUTE;
  return { time, hasZone: true };
}

/** Whether a JSON string's raw text contains an escape (so raw offsets differ from value offsets). */
function hasEscape(text: string, span: TextSpan): boolean {
  const i = text.indexOf('\\', span.offset);
  return i >= 0 && i < span.offset + span.length;
}

/** Words people use for Graph's three change types ("modified" is Graph's word for `updated` in delta). */
const CHANGE_TYPE_SYNONYMS: Readonly<Record<string, string>> = {
  modified: 'updated', changed: 'updated', update: 'updated', edited: 'updated', patched: 'updated',
  create: 'created', added: 'created', new: 'created', inserted: 'created',
  delete: 'deleted', removed: 'deleted',
};

/** A duration for a sentence: "50 minutes", "about 5 hours", "about 181 days". */
export function humanDuration(minutes: number): string {
  const m = Math.round(minutes);
  if (m < 120) return `${m} minute${m === 1 ? '' : 's'}`;
  if (m < 2 * 1440) return `about ${Math.round(m / 60)} hours`;
  return `about ${Math.round(m / 1440)} days`;
}

function humanMinutes(min: number): string {
  if (min % 1440 === 0) return `${min / 1440} day${min === 1440 ? '' : 's'}`;
  if (min >= 1440) return `about ${(min / 1440).toFixed(1)} days`;
  if (min % 60 === 0) return `${min / 60} hour${min === 60 ? '' : 's'}`;
  return `${min} minutes`;
}

const REQUIRED_ON_CREATE = Object.keys(PROPERTY_SPECS).filter((k) => PROPERTY_SPECS[k].requiredOnCreate);

const grantedCache = new WeakMap<readonly string[], Set<string>>();
/** Lower-cased granted permissions; cached per array (the same token is checked again and again). */
function grantedSet(granted: readonly string[]): Set<string> {
  let set = grantedCache.get(granted);
  if (set === undefined) {
    set = new Set(granted.map((g) => String(g).toLowerCase()));
    grantedCache.set(granted, set);
  }
  return set;
}

interface ExistingKeys { resource: string; changeType: string; path: string }
const existingCache = new WeakMap<object, ExistingKeys & { from: string; fromType: string }>();
/** Comparable keys of an existing subscription, cached per object while its values stay the same. */
function existingKeys(s: { resource: string; changeType: string }): ExistingKeys {
  let k = existingCache.get(s);
  if (k === undefined || k.from !== s.resource || k.fromType !== s.changeType) {
    k = {
      resource: resourceKey(s.resource), changeType: changeTypeKey(s.changeType),
      path: splitResource(s.resource).path.toLowerCase(), from: s.resource, fromType: s.changeType,
    };
    existingCache.set(s, k);
  }
  return k;
}

/** Comparable form of a resource: no base URL, slashes or case differences. */
function resourceKey(resource: string): string {
  const { path, queryText } = splitResource(resource);
  return `${path.toLowerCase()}?${queryText ?? ''}`;
}

function changeTypeKey(changeType: string): string {
  if (changeType.indexOf(',') < 0) return changeType.trim().toLowerCase();
  return changeType.split(',').map((c) => c.trim().toLowerCase()).filter((c) => c !== '').sort().join(',');
}

/** A text edit that removes a member and its separating comma. */
export function removalEdit(text: string, member: TextSpan): TextEdit {
  let start = member.offset;
  let end = member.offset + member.length;
  let j = end;
  while (j < text.length && isSpace(text.charCodeAt(j))) j++;
  if (text.charCodeAt(j) === 44 /* , */) {
    end = j + 1;
    // Remove the whole line when the member stood on its own line.
    let s = start;
    while (s > 0 && (text.charCodeAt(s - 1) === 32 || text.charCodeAt(s - 1) === 9)) s--;
    if (s === 0 || text.charCodeAt(s - 1) === 10) {
      start = s;
      let e = end;
      while (e < text.length && (text.charCodeAt(e) === 32 || text.charCodeAt(e) === 9)) e++;
      if (text.charCodeAt(e) === 13) e++;
      if (text.charCodeAt(e) === 10) end = e + 1;
    }
    return { offset: start, length: end - start, newText: '' };
  }
  let p = start;
  while (p > 0 && isSpace(text.charCodeAt(p - 1))) p--;
  if (text.charCodeAt(p - 1) === 44) start = p - 1;
  return { offset: start, length: end - start, newText: '' };
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

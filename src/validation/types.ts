/**
 * Findings produced by the subscription-draft validator (`validateDraft`). Pure data: the editor
 * turns them into diagnostics and quick fixes, the emulator into Graph error responses.
 */
import type { AccountKind } from '../catalog/types';
import type { Subscription } from '../graph/types';

export type Severity = 'error' | 'warning' | 'info' | 'hint';

/** A span of the draft text, in UTF-16 offsets (what `TextDocument.positionAt` takes). */
export interface TextSpan {
  offset: number;
  length: number;
}

export interface TextEdit {
  offset: number;
  length: number;
  newText: string;
}

/**
 * Data for a quick fix. `edit` fixes are complete text edits; the other kinds need something only
 * the editor has (the receiver's URL, a new certificate, a random value) and carry what it needs.
 */
export type FixData =
  | { kind: 'edit'; title: string; edits: TextEdit[] }
  /**
   * Set (add or replace) a top-level property whose value only the editor can produce:
   * `lifecycleUrl` – the receiver's (public) lifecycle URL; `clientState` – a random secret
   * (at most 128 characters); `certificate` – a new or imported certificate: set
   * `encryptionCertificate` (base64 public key) and `encryptionCertificateId` together.
   */
  | { kind: 'setProperty'; title: string; property: string; valueHint: 'lifecycleUrl' | 'clientState' | 'certificate' }
  ;

export interface Finding {
  /** Stable code, e.g. `GS012`; see `FindingCode` in `codes.ts`. */
  code: string;
  severity: Severity;
  /** Names the field and the fix. */
  message: string;
  span: TextSpan;
  /** The top-level property concerned, when there is one. */
  property?: string;
  fixes?: FixData[];
  /**
   * Machine-readable details, e.g. `{ existingId }` for duplicates, `{ maxMinutes, maxExpiration }`
   * for lifetimes, `{ permission }` for missing permissions. Used by `toGraphError` and the editor.
   */
  data?: Record<string, string>;
}

export interface ValidationContext {
  operation: 'create' | 'update';
  accountKind: AccountKind;
  /** Scopes or roles from the access token, when known; undefined skips the permission check. */
  grantedPermissions?: readonly string[];
  /** The account's existing subscriptions, for the duplicate (409) check. */
  existing?: readonly Pick<Subscription, 'id' | 'resource' | 'changeType'>[];
  /** For `update`: the subscription being edited (its id is excluded from duplicates). */
  original?: Subscription;
  now: Date;
  /** Sandbox: accept http://127.0.0.1 / localhost notification URLs. */
  allowLoopbackHttp?: boolean;
}

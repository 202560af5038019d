/**
 * Putting an encryption certificate into a subscription draft: first whether the draft can take
 * one at all (`certificateRefusal`), then the text edits (`certificateDraftEdits`, jsonc-parser
 * `modify`, so comments and formatting survive). Only the properties Graph accepts go in:
 * `includeResourceData`, `encryptionCertificate`, `encryptionCertificateId` — never the
 * thumbprint, the validity or the private key.
 * https://learn.microsoft.com/en-us/graph/change-notifications-with-resource-data#creating-a-subscription
 * Pure: no `vscode` import.
 */
import { applyEdits, modify, parse, type Edit, type FormattingOptions, type ParseError } from 'jsonc-parser';
import { matchResource, supportsRich } from '../catalog/index';

/** The public half of a certificate: what a subscription carries. */
export interface PublicCertificate {
  encryptionCertificate: string;
  encryptionCertificateId: string;
}

/** What the draft registry knows about the draft: a create, or an update of a subscription as last seen. */
export type CertificateDraftTarget =
  | { operation: 'create' }
  | { operation: 'update'; original?: { resource?: string; includeResourceData?: boolean | null } };

/**
 * Why this draft cannot take a certificate, or undefined when it can. Checked before a key pair is
 * generated, so a refusal costs nothing and the draft is never touched.
 */
export function certificateRefusal(text: string, target: CertificateDraftTarget): string | undefined {
  const errors: ParseError[] = [];
  const value: unknown = text.trim() === '' ? {} : parse(text, errors, { allowTrailingComma: true, disallowComments: false });
  if (errors.length > 0 || typeof value !== 'object' || value === null || Array.isArray(value)) {
    return 'The draft is not a valid JSON object yet: fix it first, then add the certificate.';
  }
  const draft = value as Record<string, unknown>;
  const original = target.operation === 'update' ? target.original : undefined;
  const resource = typeof draft.resource === 'string' ? draft.resource : original?.resource;
  if (target.operation === 'update' && original?.includeResourceData !== true) {
    // https://learn.microsoft.com/en-us/graph/api/subscription-update: only expirationDateTime,
    // notificationUrl and the certificate can change; includeResourceData cannot.
    return `includeResourceData cannot be changed by an update: this subscription${resource ? ` to ${resource}` : ''} was created without resource data, so it takes no certificate. Create a new subscription with the certificate instead.`;
  }
  if (resource) {
    const match = matchResource(resource);
    if (match.ok && !supportsRich(match.entry, match.pattern)) {
      return `${match.entry.displayName} (${match.pattern.pattern}) does not support notifications with resource data, so it takes no encryption certificate.`;
    }
  }
  return undefined;
}

export function certificateDraftEdits(
  text: string,
  certificate: PublicCertificate,
  formatting: FormattingOptions = { insertSpaces: false, tabSize: 4, eol: '\n' },
  operation: 'create' | 'update' = 'create',
): Edit[] {
  // Each `modify` is computed on the text after the previous edits; merge by re-applying. An
  // update draft's subscription already has resource data (certificateRefusal checks that), and
  // includeResourceData is not updatable, so only the certificate changes there.
  const steps: [string, unknown][] = [
    ...(operation === 'create' ? ([['includeResourceData', true]] as [string, unknown][]) : []),
    ['encryptionCertificate', certificate.encryptionCertificate],
    ['encryptionCertificateId', certificate.encryptionCertificateId],
  ];
  let current = text.trim() === '' ? '{}' : text;
  for (const [key, value] of steps) current = applyEdits(current, modify(current, [key], value, { formattingOptions: formatting }));
  // One whole-document replacement keeps the edit list trivially valid for WorkspaceEdit.
  return current === text ? [] : [{ offset: 0, length: text.length, content: current }];
}

/**
 * Rich notifications (includeResourceData): supported by the resource, certificate and id present, $select where required.
 * One topic of the draft validator (src/validation/validateDraft.ts keeps the order of the checks).
 */
import { supportsRich } from '../../catalog/index';
import type { FixData } from '../types';
import { optional, type DraftCheck, type Matched } from './context';

export function checkRich(d: DraftCheck, match: Matched | undefined): void {
  const rich = d.includeResourceData();
  const ird = d.props.get('includeResourceData');
  const span = ird?.valueSpan ?? d.docSpan;
  const entry = match?.entry;
  if (rich && match !== undefined && !supportsRich(match.entry, match.pattern)) {
    d.add('richNotSupported', 'error', `${match.entry.displayName} (${match.pattern.pattern}) does not support notifications with resource data. Remove includeResourceData (or set it to false).`, span, 'includeResourceData',
      optional(d.removeEdit('includeResourceData', 'Remove includeResourceData')));
    return;
  }
  const certFix: FixData = { kind: 'setProperty', title: 'Add an encryption certificate', property: 'encryptionCertificate', valueHint: 'certificate' };
  const hasCert = d.has('encryptionCertificate') || (!d.isCreate && !d.props.has('encryptionCertificate') && !!d.original?.encryptionCertificate);
  const hasCertId = d.has('encryptionCertificateId') || (!d.isCreate && !d.props.has('encryptionCertificateId') && !!d.original?.encryptionCertificateId);
  if (rich) {
    if (!hasCert) {
      d.add('certificateRequired', 'error', 'includeResourceData is true but encryptionCertificate is missing: Graph encrypts resource data with your certificate\'s public key. Add encryptionCertificate (base64) and encryptionCertificateId.', span, 'encryptionCertificate', [certFix]);
    }
    if (!hasCertId) {
      const required = entry?.rich.certificateIdRequired === true;
      // Without a certificate either, the certificate finding carries the one fix (it adds both).
      d.add('certificateIdRequired', required ? 'error' : 'warning', `includeResourceData is true but encryptionCertificateId is missing${required ? ` (${entry?.displayName} requires it)` : ''}: add the id your receiver uses to pick the decryption key.`, span, 'encryptionCertificateId', hasCert ? [certFix] : undefined);
    }
    if (match !== undefined && match.entry.rich.selectRequired && match.query.$select === undefined) {
      const resource = d.str('resource');
      const fixes: FixData[] = [];
      if (resource !== undefined && match.entry.rich.defaultSelect) {
        const sep = resource.includes('?') ? '&' : '?';
        const f = d.setValueEdit('resource', `Add $select=${match.entry.rich.defaultSelect}`, `${resource}${sep}$select=${match.entry.rich.defaultSelect}`);
        if (f) fixes.push(f);
      }
      d.add('selectRequired', 'error', `${match.entry.displayName} notifications with resource data must use $select in resource, e.g. "${match.normalizedPath}?$select=${match.entry.rich.defaultSelect ?? 'Subject'}"; only the selected properties are sent.`, d.valueSpan('resource'), 'resource', fixes);
    }
  } else if (entry?.rich.encryptionAlwaysRequired && d.isCreate && !hasCert) {
    d.add('encryptionAlwaysRequired', 'warning', `${entry.displayName} subscriptions should always specify encryptionCertificate (and encryptionCertificateId) to avoid failure.`, d.valueSpan('resource'), 'encryptionCertificate', [certFix]);
  }
  const nqo = d.props.get('notificationQueryOptions');
  if (nqo !== undefined && d.has('notificationQueryOptions') && entry !== undefined && !entry.notificationQueryOptions) {
    d.add('notificationQueryOptionsNotSupported', 'warning', `notificationQueryOptions is only supported for Universal Print and Health Monitoring alerts, not ${entry.displayName}. Remove it.`, nqo.keySpan, 'notificationQueryOptions',
      optional(d.removeEdit('notificationQueryOptions', 'Remove notificationQueryOptions')));
  }
}

/**
 * Strings with limits: clientState and encryptionCertificateId length, latestSupportedTlsVersion values.
 * One topic of the draft validator (src/validation/validateDraft.ts keeps the order of the checks).
 */
import { MAX_CERTIFICATE_ID, MAX_CLIENT_STATE, TLS_VERSIONS } from '../properties';
import { optional, type DraftCheck } from './context';

export function checkStrings(d: DraftCheck): void {
  const cs = d.str('clientState');
  if (cs !== undefined && cs.length > MAX_CLIENT_STATE) {
    d.add('clientStateTooLong', 'error', `clientState is ${cs.length} characters; the maximum is ${MAX_CLIENT_STATE}. Use a shorter random secret.`, d.valueSpan('clientState'), 'clientState',
      [{ kind: 'setProperty', title: 'Replace with a generated clientState', property: 'clientState', valueHint: 'clientState' }], { length: String(cs.length) });
  }
  const cid = d.str('encryptionCertificateId');
  if (cid !== undefined && cid.length > MAX_CERTIFICATE_ID) {
    d.add('certificateIdTooLong', 'error', `encryptionCertificateId is ${cid.length} characters; the maximum is ${MAX_CERTIFICATE_ID}. Use a shorter id.`, d.valueSpan('encryptionCertificateId'), 'encryptionCertificateId', undefined, { length: String(cid.length) });
  }
  const tls = d.str('latestSupportedTlsVersion');
  if (tls !== undefined) {
    const span = d.valueSpan('latestSupportedTlsVersion');
    if (!TLS_VERSIONS.includes(tls)) {
      d.add('invalidTlsVersion', 'error', `latestSupportedTlsVersion "${tls}" is not valid: use v1_0, v1_1, v1_2 (default) or v1_3.`, span, 'latestSupportedTlsVersion',
        optional(d.setValueEdit('latestSupportedTlsVersion', 'Use v1_2', 'v1_2')));
    } else if (tls === 'v1_0' || tls === 'v1_1') {
      d.add('tlsVersionDeprecated', 'warning', `latestSupportedTlsVersion ${tls} was a temporary bridge for TLS deprecation; use v1_2 or v1_3.`, span, 'latestSupportedTlsVersion',
        optional(d.setValueEdit('latestSupportedTlsVersion', 'Use v1_2', 'v1_2')));
    }
  }
}

/**
 * Text edits that put a certificate into a subscription draft: `includeResourceData: true`,
 * `encryptionCertificate`, `encryptionCertificateId` (jsonc-parser `modify`, so comments and
 * formatting survive). Pure: no `vscode` import.
 */
import { applyEdits, modify, type Edit, type FormattingOptions } from 'jsonc-parser';

export function certificateDraftEdits(
  text: string,
  certificate: { encryptionCertificate: string; encryptionCertificateId: string },
  formatting: FormattingOptions = { insertSpaces: false, tabSize: 4, eol: '\n' },
): Edit[] {
  // Each `modify` is computed on the text after the previous edits; merge by re-applying.
  const steps: [string, unknown][] = [
    ['includeResourceData', true],
    ['encryptionCertificate', certificate.encryptionCertificate],
    ['encryptionCertificateId', certificate.encryptionCertificateId],
  ];
  let current = text.trim() === '' ? '{}' : text;
  for (const [key, value] of steps) current = applyEdits(current, modify(current, [key], value, { formattingOptions: formatting }));
  // One whole-document replacement keeps the edit list trivially valid for WorkspaceEdit.
  return current === text ? [] : [{ offset: 0, length: text.length, content: current }];
}

/** The export formats, in the order the quick pick offers them. Pure: no `vscode` import. */
import { curlFormat } from './curl';
import { cSharpFormat } from './csharpSdk';
import { httpFileFormat } from './httpFile';
import { javaScriptFormat } from './javascriptSdk';
import { m365Format } from './m365';
import { powerShellFormat } from './powershell';
import type { ExportFormat } from './types';

export const EXPORT_FORMATS: readonly ExportFormat[] = [httpFileFormat, curlFormat, powerShellFormat, m365Format, javaScriptFormat, cSharpFormat];

export { buildExportRequest, type ExportSource } from './buildRequest';
export * from './types';

/** The subscription-draft validator: `validateDraft`, `parseDraft`, finding codes and Graph error mapping. */
export { validateDraft, parseIsoDateTime, suggestProperty, removalEdits } from './validateDraft';
export { MAX_DRAFT_DEPTH, parseDraft } from './parseDraft';
export type { ParsedDraft, DraftProperty, DraftSyntaxError } from './parseDraft';
export { FindingCode, FINDING_CODE_DESCRIPTIONS } from './codes';
export type { FindingCodeName, FindingCodeValue } from './codes';
export { toGraphError } from './graphErrors';
export type { GraphErrorInfo } from './graphErrors';
export { PROPERTY_SPECS, KNOWN_PROPERTIES, TLS_VERSIONS, MAX_CLIENT_STATE, MAX_CERTIFICATE_ID, MIN_LIFETIME_MINUTES } from './properties';
export type { PropertySpec } from './properties';
export * from './types';
export { draftPreferences, splitDraftRequest, REQUEST_HEADERS_PROPERTY } from './requestHeaders';

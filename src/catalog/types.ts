/**
 * Types of the capability and permission catalog. The data lives in `src/catalog/resources/*.ts`,
 * the path matcher in `src/catalog/matchResource.ts`. No `vscode` import: unit-tested in Node.
 */

/** How the caller is signed in; permissions differ per kind (seed 003/004 tables). */
export type AccountKind = 'delegatedWork' | 'delegatedPersonal' | 'application';

export const ACCOUNT_KINDS: readonly AccountKind[] = ['delegatedWork', 'delegatedPersonal', 'application'];

export const ACCOUNT_KIND_LABELS: Readonly<Record<AccountKind, string>> = {
  delegatedWork: 'Delegated (work or school account)',
  delegatedPersonal: 'Delegated (personal Microsoft account)',
  application: 'Application',
};

export type ChangeType = 'created' | 'updated' | 'deleted';

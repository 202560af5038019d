/** Helpers that keep the resource data close to the docs' tables. */
import type { PermissionRow } from '../types';

/** Seed documents (Microsoft pages) in /work/shared/seeds. */
export const S000 = '000_94c8d30dfea02803.txt';
export const S001 = '001_0b0004d8ae5596ff.txt';
export const S002 = '002_16f02f6a570b8d1b.txt';
/** Create subscription, newest rendered page (primary for permissions). */
export const S003 = '003_dfc7fc012aad69a3.txt';
/** Create subscription, older markdown. */
export const S004 = '004_ebfbd5041c831ad2.txt';

export const LEARN = 'https://learn.microsoft.com/en-us/graph/api/resources/';
export const doc = (page: string): string => `${LEARN}${page}?view=graph-rest-1.0`;

function cell(text: string): readonly string[] | null {
  const t = text.trim();
  if (t === '-' || /^not supported\.?$/i.test(t)) return null;
  if (t === '?') return [];
  return t.split(',').map((p) => p.trim()).filter((p) => p.length > 0);
}

/**
 * One row of a permission table, cells as printed in the docs: comma lists, `Not supported` (or
 * `-`), `?` for "supported, permission not documented". `*` marks resource-specific consent.
 */
export function perms(delegatedWork: string, delegatedPersonal: string, application: string): PermissionRow {
  return { delegatedWork: cell(delegatedWork), delegatedPersonal: cell(delegatedPersonal), application: cell(application) };
}

export const MIN_DAY = 1440;

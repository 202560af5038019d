/**
 * Text a user reads (hovers, diagnostics, messages) must not point at our internal notes: the
 * catalog's facts carry source tags such as "digest §4.1 OUTLOOK-NOTES" and seed file names
 * ("003_dfc7fc012aad69a3.txt") that nobody outside this repository can open. This strips them;
 * callers link the public learn.microsoft.com page instead. Pure: no `vscode` import.
 */

/** Public pages to link instead of the internal references. */
export const LEARN = {
  overview: 'https://learn.microsoft.com/graph/change-notifications-overview',
  webhooks: 'https://learn.microsoft.com/graph/change-notifications-delivery-webhooks',
  lifecycle: 'https://learn.microsoft.com/graph/change-notifications-lifecycle-events',
  richNotifications: 'https://learn.microsoft.com/graph/change-notifications-with-resource-data',
  createSubscription: 'https://learn.microsoft.com/graph/api/subscription-post-subscriptions',
} as const;

const SEED_FILE = String.raw`\d{3}_[0-9a-f]{8,}\.txt`;
const REFERENCE = String.raw`(?:(?:the\s+)?digest\s*)?§\s*[\d.]+(?:\s+[A-Z][A-Z0-9-]*(?:\/[A-Z0-9-]+)*)*|digest(?:\s+[A-Z][A-Z0-9-]*)+|` + SEED_FILE;

/** Removes internal source references (and the brackets or separators left around them). */
export function publicText(text: string): string {
  if (!/§|digest|\d{3}_[0-9a-f]{8,}\.txt/i.test(text)) return text;
  let out = text.replace(/\bthe digest's\b/gi, 'an older');
  // "(digest §4.1 OUTLOOK-NOTES)", "(§6.8)", "[digest §10.1]", "(003_….txt)", "(digest §3.1 RES-24 (2019 doc: 7))"
  out = out.replace(new RegExp(String.raw`\s*[([]\s*(?:see\s+)?(?:${REFERENCE})(?:\s*[;,]\s*(?:${REFERENCE}))*[^()[\]]*(?:\([^()]*\))?[^()[\]]*[)\]]`, 'gi'), '');
  // A bare reference inside a sentence: "… in 003_….txt; digest §4.3 (…) lists …" keeps its words.
  out = out.replace(new RegExp(String.raw`\s*(?:in\s+)?(?:${REFERENCE})`, 'gi'), '');
  return out.replace(/\s+([.,;:])/g, '$1').replace(/\(\s*\)/g, '').replace(/\s{2,}/g, ' ').trim();
}

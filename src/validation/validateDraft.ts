/**
 * The subscription-draft validator: draft text → findings with exact spans and fix data. Pure and
 * fast (one `jsonc-parser` pass, then work proportional to the number of top-level properties), so
 * the editor can run it on every keystroke and the emulator on every POST/PATCH.
 *
 * Each topic is a check in src/validation/checks/ over a shared `DraftCheck` (parsed draft,
 * context, findings, fix helpers); this function only keeps their order. A new check is a new file
 * there and one line here.
 */
import { checkChangeType } from './checks/changeType';
import { DraftCheck } from './checks/context';
import { checkDuplicatesAndQuotas } from './checks/existingSubscriptions';
import { checkExpiration } from './checks/expiration';
import { checkStrings } from './checks/limits';
import { checkRequired, checkUpdate } from './checks/operation';
import { checkPropertyNamesAndTypes } from './checks/propertyNames';
import { checkRequestHeaders } from './checks/requestHeaders';
import { checkResource } from './checks/resource';
import { checkRich } from './checks/richNotifications';
import { checkStructure } from './checks/structure';
import { checkUrl } from './checks/urls';
import type { Finding, ValidationContext } from './types';

export { concretize } from './checks/resource';
export { suggestProperty } from './checks/propertyNames';
export { parseIsoDateTime } from './checks/isoDateTime';
export { humanDuration } from './checks/expiration';
export { removalEdits } from './jsonEdits';

/** Checks a subscription draft; see `FindingCode` for every check. Never throws. */
export function validateDraft(text: string, ctx: ValidationContext): Finding[] {
  const d = new DraftCheck(text, ctx);
  if (!checkStructure(d)) return d.sorted();
  checkPropertyNamesAndTypes(d);
  if (d.isCreate) checkRequired(d);
  else checkUpdate(d);
  // Later checks use what the resource matched (catalog entry and path).
  const match = checkResource(d);
  checkChangeType(d, match);
  checkRequestHeaders(d, match);
  checkUrl(d, 'notificationUrl');
  checkUrl(d, 'lifecycleNotificationUrl');
  checkRich(d, match);
  checkExpiration(d, match?.entry);
  checkStrings(d);
  if (d.isCreate && match !== undefined) checkDuplicatesAndQuotas(d, match);
  return d.sorted();
}

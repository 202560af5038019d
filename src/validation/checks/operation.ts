/**
 * What the operation requires: the properties a create needs (and the clientState hint), what an update may change.
 * One topic of the draft validator (src/validation/validateDraft.ts keeps the order of the checks).
 */
import { PROPERTY_SPECS } from '../properties';
import type { FixData } from '../types';
import { optional, type DraftCheck } from './context';

const REQUIRED_ON_CREATE = Object.keys(PROPERTY_SPECS).filter((k) => PROPERTY_SPECS[k].requiredOnCreate);

export function checkRequired(d: DraftCheck): void {
  for (const key of REQUIRED_ON_CREATE) {
    if (d.props.has(key) || d.misspelt.has(key)) continue;
    const fixes: FixData[] = [];
    d.add('missingProperty', 'error', `${key} is a required property for subscription creation. Add "${key}": ${PROPERTY_SPECS[key].description}`, d.docSpan, key, fixes);
  }
  if (!d.props.has('clientState')) {
    d.add('clientStateMissing', 'hint', 'No clientState: add a random secret so your receiver can tell real notifications from forged ones.', d.docSpan, 'clientState',
      [{ kind: 'setProperty', title: 'Add a generated clientState', property: 'clientState', valueHint: 'clientState' }]);
  }
}

export function checkUpdate(d: DraftCheck): void {
  if (!d.props.has('expirationDateTime') && !d.props.has('notificationUrl')) {
    d.add('updateNeedsExpirationOrUrl', 'error', 'An update (PATCH) must contain expirationDateTime or notificationUrl. Add a new expirationDateTime to renew.', d.docSpan, 'expirationDateTime');
  }
  for (const [key, p] of d.props) {
    const spec = PROPERTY_SPECS[key];
    if (spec === undefined || spec.updatable || spec.readOnly || !d.changed(key)) continue;
    if (key === 'lifecycleNotificationUrl' && !(d.original && d.original[key])) {
      if (!d.has(key)) continue;
      d.add('lifecycleUrlCannotBeAdded', 'error', 'lifecycleNotificationUrl cannot be added to an existing subscription. Remove it here, or delete the subscription and create it again with a lifecycleNotificationUrl.', p.keySpan, key,
        optional(d.removeEdit(key, 'Remove lifecycleNotificationUrl')));
      continue;
    }
    const revert = d.original !== undefined && d.original[key] !== undefined && d.original[key] !== null
      ? d.setValueEdit(key, `Restore the current value`, d.original[key] as string | boolean)
      : d.removeEdit(key, `Remove ${key}`);
    d.add('propertyNotUpdatable', 'error', `${key} cannot be changed by an update; only expirationDateTime, notificationUrl, encryptionCertificate and encryptionCertificateId can. To change ${key}, create a new subscription.`, p.keySpan, key, optional(revert));
  }
}

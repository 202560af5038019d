/**
 * Teams licensing and payment models on `resource`: a `model=` the path does not take (Graph
 * answers 402 Payment Required), no model at all (evaluation mode: notifications stop silently past
 * the monthly quota), and what the chosen model requires. Facts from src/catalog/teamsLicensing.ts
 * (https://learn.microsoft.com/en-us/graph/teams-licenses).
 * One topic of the draft validator (src/validation/validateDraft.ts keeps the order of the checks).
 */
import { EVALUATION_QUOTA, licensingFor, MODEL_DESCRIPTIONS, withModel, type PaymentModel } from '../../catalog/index';
import type { FixData, TextSpan } from '../types';
import type { DraftCheck, Matched } from './context';

export function checkPaymentModel(d: DraftCheck, m: Matched, resource: string, span: TextSpan): void {
  const { pattern } = m;
  // The path as the user wrote it (me/… stays me/…), without the query.
  const written = m.normalizedPath;
  const licensing = licensingFor(pattern);
  const models = licensing?.models ?? pattern.paymentModels;
  if (models === undefined || models.length === 0) return;
  const model = m.query.model;
  const useModel = (x: PaymentModel): FixData => ({
    kind: 'edit', title: `Use model=${x} (${x === 'A' ? 'security/compliance apps' : 'other apps'})`,
    edits: [{ ...span, newText: JSON.stringify(withModel(resource, x)) }],
  });
  const offered = models.map(useModel);
  if (model !== undefined && !models.includes(model as PaymentModel)) {
    d.add('paymentModelInvalid', 'error',
      `model=${model} is not accepted on ${written}: it takes ${models.map((x) => `model=${x}`).join(' or ')} (or no model for evaluation mode). Graph answers 402 Payment Required ("query parameter 'model' does not support value '${model}' for this API").`,
      span, 'resource', offered, { model, allowed: models.join(',') });
    return;
  }
  if (model === undefined) {
    const quota = licensing?.evaluationQuota ?? `${EVALUATION_QUOTA} per month per tenant per app`;
    const advice = models.length === 2
      ? 'Add model=B, or model=A if the app performs a security or compliance function (model=A needs licensed users).'
      : `Add model=${models[0]} (the only model this path takes).`;
    // An existing subscription cannot change its model: only a new one can (teams-licenses page).
    const fixes = d.isCreate ? offered : [];
    const later = d.isCreate ? advice : 'The model cannot be added by updating: create a new subscription with model= to leave evaluation mode.';
    d.add('evaluationMode', d.isCreate ? 'warning' : 'info',
      `${written} has no model=, so it runs in evaluation mode: ${quota}; past it Graph stops sending change notifications without any error. ${later} (Microsoft stopped metering these APIs on August 25, 2025, so no billing setup is needed, but the page still documents the models and the evaluation quota.)`,
      span, 'resource', fixes, { allowed: models.join(',') });
    return;
  }
  const described = MODEL_DESCRIPTIONS[model as PaymentModel];
  const licensee = model === 'A' && licensing?.modelALicensee ? ` Who needs the licence: ${licensing.modelALicensee}.` : '';
  d.add('meteredApi', 'info', `${written} with model=${model}: ${described.summary} ${described.requires}${licensee}`, span, 'resource', undefined, { model });
}

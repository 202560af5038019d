/**
 * 402 Payment Required from Microsoft Graph, decoded into the causes the Teams licensing page
 * documents ("Payment-related errors", https://learn.microsoft.com/en-us/graph/teams-licenses#payment-related-errors)
 * with the next step for each. Pure: no `vscode` import; the steps are command ids (`vscode.open`
 * takes an http(s) URL string).
 */
import { METERED_API_SETUP_URL, TEAMS_LICENSES_URL } from '../catalog/teamsLicensing';
import type { NextStep } from '../util/errors';

export type PaymentCause = 'billingMissing' | 'licenseMissing' | 'modelNotSupported' | 'evaluationCapacityExceeded' | 'unknown';

export interface DecodedPaymentError {
  cause: PaymentCause;
  /** What went wrong and what to do, in the user's words. */
  explanation: string;
  nextSteps: NextStep[];
  /** modelNotSupported: the model sent and the one Graph asks for, when it says. */
  rejectedModel?: string;
  suggestedModel?: string;
}

/** The licence requirement for model=A: Microsoft Communications DLP service plan (teams-licenses page). */
export const MODEL_A_LICENSES_URL = 'https://learn.microsoft.com/en-us/graph/teams-licenses#required-licenses-for-modela';

const open = (title: string, url: string): NextStep => ({ title, command: 'vscode.open', args: [url] });
const BILLING = open('Set Up Billing', METERED_API_SETUP_URL);
const LICENSING = open('Open Licensing Docs', TEAMS_LICENSES_URL);

/**
 * Decodes Graph's 402 message. The documented sample messages (elided by the docs with "..."):
 * - "To call this API, the app must be associated with an Azure subscription, see https://aka.ms/teams-api-payment-requirements"
 * - "needs a valid license to access this API" / "tenant needs a valid license to access this API"
 * - "query parameter 'model' does not support value 'B' for this API. Use billing model 'A'"
 * - "evaluation capacity for the month has exceeded. To continue beyond the evalution limits complete billing onboarding"
 */
export function decodePaymentRequired(graphMessage: string | undefined): DecodedPaymentError {
  const text = graphMessage ?? '';
  const model = /query parameter 'model' does not support value '([^']*)'(?:[^']*billing model '([^']*)')?/i.exec(text);
  if (model) {
    const [, rejected, suggested] = model;
    return {
      cause: 'modelNotSupported',
      rejectedModel: rejected,
      suggestedModel: suggested,
      explanation: `The resource does not take model=${rejected}${suggested ? `; use model=${suggested}` : ''}. Change model= in the resource and create the subscription again.`,
      nextSteps: [LICENSING],
    };
  }
  if (/evaluation capacity/i.test(text)) {
    return {
      cause: 'evaluationCapacityExceeded',
      explanation:
        'The app used up its evaluation-mode quota for this month (500 messages or notifications per app per tenant; it resets on the 1st of the next month). Past it, change notifications of evaluation-mode subscriptions stop without an error. To continue, set up Azure billing for the app and create the subscription again with model=A or model=B.',
      nextSteps: [BILLING, LICENSING],
    };
  }
  if (/associated with an Azure subscription|teams-api-payment-requirements|billing/i.test(text)) {
    return {
      cause: 'billingMissing',
      explanation:
        'The app is not associated with an active Azure subscription for billing, which model=A and model=B require. Set up billing for the app registration (Enable metered APIs and services), or leave model= out to use evaluation mode.',
      nextSteps: [BILLING, LICENSING],
    };
  }
  if (/valid licen[cs]e/i.test(text)) {
    const tenant = /tenant needs/i.test(text);
    return {
      cause: 'licenseMissing',
      explanation: `model=A needs ${tenant ? 'the tenant to have' : 'the users to have'} a licence with the Microsoft Communications DLP service plan (e.g. Microsoft 365 E5) with DLP enabled. Assign such licences, or use model=B if the app does not perform a security or compliance function.`,
      nextSteps: [open('Open Licence Requirements', MODEL_A_LICENSES_URL), LICENSING],
    };
  }
  return {
    cause: 'unknown',
    explanation: 'Graph asks for payment: the resource is a metered or licensed API (Teams licensing models). Check the model= in the resource, the app\'s Azure billing setup and the users\' licences.',
    nextSteps: [LICENSING, BILLING],
  };
}

/**
 * Runs every rule of Graph's delivery contract against one receiver and returns the report.
 * Pure Node (no `vscode`): used by `graph-subscriptions-emulator doctor` and by the
 * "Check My Receiver…" command. It talks to nothing but the endpoint: no tenant, no Graph.
 */
import { randomUUID } from 'node:crypto';
import { HttpPoster } from '../emulator/httpClient';
import { parseEncryptionCertificate } from '../emulator/encryptResourceData';
import { TokenAuthority } from '../emulator/tokens';
import { maskUrl } from '../emulator/delivery';
import { checkHandshake } from './handshake';
import { checkBatchDelivery, checkDuplicates, checkOutOfOrder, checkSingleDelivery, type DeliveryInput } from './delivery';
import { checkDistribution } from './throttling';
import { checkLifecycle, checkRich } from './rich';
import { checkSecurity } from './security';
import { checkTls } from './tls';
import type { PayloadContext } from './payloads';
import { GRAPH_TIMINGS, summarize, type DoctorCheck, type DoctorReport, type DoctorTimings } from './types';

export interface DoctorOptions {
  /** The notification URL Graph would call. */
  url: string;
  lifecycleUrl?: string;
  /** The subscriptions' encryptionCertificate (PEM or base64 DER, public only): enables the rich check. */
  certificate?: string;
  encryptionCertificateId?: string;
  /** The subscriptions' clientState: enables the clientState checks. */
  clientState?: string;
  /** The app id validation tokens are for (aud): enables the token checks. */
  appId?: string;
  tenantId?: string;
  /** The subscription id to put in notifications (a receiver may check per subscription). */
  subscriptionId?: string;
  /** The subscriptions' resource: sample data and lifecycle events follow it. */
  resource?: string;
  /** Expect 4xx on forged input. */
  strict?: boolean;
  /** Signs validation tokens with a key the receiver trusts (e.g. the emulator's). */
  signer?: TokenAuthority;
  /** Deliveries for the time distribution (default 20). */
  deliveries?: number;
  timings?: Partial<DoctorTimings>;
  /** Tests only: trust this CA in the TLS check. */
  tlsCa?: string | Buffer;
  now?: () => Date;
  /** Called as each check finishes (progress). */
  onCheck?: (check: DoctorCheck, done: number) => void;
}

export const DEFAULT_RESOURCE = 'me/messages';
export const DEFAULT_DELIVERIES = 20;
/** Audience used when no app id is given (tokens then cannot verify for the receiver). */
const PLACEHOLDER_APP_ID = '00000000-0000-0000-0000-000000000000';

export const LIMITS = [
  'The doctor sees status codes, headers, bodies and timing only: it cannot see what your receiver does after answering (whether it decrypted, validated or discarded a notification).',
  'It calls only the URLs given; it needs no tenant and makes no call to Microsoft Graph or the identity platform.',
];

/** How many checks a run makes with these options (for progress). */
export function plannedChecks(options: DoctorOptions): number {
  const events = options.lifecycleUrl ? 3 : 1;
  const security = (options.clientState !== undefined ? 2 : 0) + (options.appId || options.strict ? 3 : 0) + (options.certificate && (options.appId || options.strict) ? 1 : 0);
  return 1 + 2 + 5 + (options.certificate ? 1 : 0) + events + security;
}

export async function runDoctor(options: DoctorOptions): Promise<DoctorReport> {
  const timings: DoctorTimings = { ...GRAPH_TIMINGS, ...options.timings };
  const now = options.now ?? (() => new Date());
  const startedAt = now().toISOString();
  const started = performance.now();
  new URL(options.url); // throws on a bad URL before anything is sent
  if (options.lifecycleUrl) new URL(options.lifecycleUrl);
  const certificate = options.certificate ? parseEncryptionCertificate(options.certificate) : undefined;
  const poster = new HttpPoster();
  const checks: DoctorCheck[] = [];
  const add = (check: DoctorCheck) => {
    checks.push(check);
    options.onCheck?.(check, checks.length);
  };
  const payload: PayloadContext = {
    subscriptionId: options.subscriptionId ?? randomUUID(),
    tenantId: options.tenantId ?? randomUUID(),
    resource: options.resource ?? DEFAULT_RESOURCE,
    clientState: options.clientState,
    appId: options.appId ?? PLACEHOLDER_APP_ID,
    signer: options.signer ?? (await TokenAuthority.generate()),
    certificate,
    encryptionCertificateId: options.encryptionCertificateId ?? 'doctor',
    now,
  };
  const input: DeliveryInput = { url: options.url, poster, timings, payload };
  const trustedSigner = options.signer !== undefined;
  try {
    add(await checkTls({ url: options.url, timeoutMs: timings.handshakeMs, ca: options.tlsCa, now }));
    const handshake = await checkHandshake({ id: 'handshake.notificationUrl', title: 'Validation handshake on the notification URL', url: options.url, timeoutMs: timings.handshakeMs, poster });
    add(handshake);
    if (options.lifecycleUrl) {
      add(await checkHandshake({ id: 'handshake.lifecycleUrl', title: 'Validation handshake on the lifecycle URL', url: options.lifecycleUrl, timeoutMs: timings.handshakeMs, poster }));
    }
    if (handshake.kind === 'unreachable') {
      add({ id: 'delivery', group: 'delivery', title: 'Delivery rules', status: 'skip', summary: 'Skipped: the endpoint cannot be reached.', evidence: [], durationMs: 0 });
      return finish();
    }
    const single = await checkSingleDelivery(input);
    add(single);
    add(await checkBatchDelivery(input));
    if (single.kind === 'slowDelivery' && single.summary.startsWith('No answer')) {
      add({ id: 'delivery.distribution', group: 'delivery', title: 'Response times vs Graph\'s throttling rules', status: 'skip', summary: 'Skipped: a single notification got no answer within the retry timeout.', evidence: [], durationMs: 0 });
    } else {
      add(await checkDistribution(input, options.deliveries ?? DEFAULT_DELIVERIES));
    }
    add(await checkDuplicates(input));
    add(await checkOutOfOrder(input));
    if (certificate) add(await checkRich({ ...input, trustedSigner }));
    for (const c of await checkLifecycle({ ...input, lifecycleUrl: options.lifecycleUrl })) add(c);
    const wantsTokens = options.appId !== undefined || options.strict === true;
    if (options.clientState !== undefined || wantsTokens) {
      const securityInput = { ...input, strict: options.strict === true, trustedSigner };
      const cases = await checkSecurity(wantsTokens ? securityInput : { ...securityInput, payload: { ...payload, certificate: undefined } }, wantsTokens);
      for (const c of cases) add(c);
    } else {
      add({
        id: 'security',
        group: 'security',
        title: 'Forged input (opt-in)',
        status: 'skip',
        summary: 'Skipped: pass --client-state and --app-id (and --strict if your receiver refuses forged input with 4xx) to check clientState, validation tokens and dataSignature.',
        evidence: [],
        durationMs: 0,
      });
    }
    return finish();
  } finally {
    poster.close();
  }

  function finish(): DoctorReport {
    return {
      tool: 'graph-subscriptions-doctor',
      notificationUrl: maskUrl(options.url),
      ...(options.lifecycleUrl ? { lifecycleUrl: maskUrl(options.lifecycleUrl) } : {}),
      strict: options.strict === true,
      startedAt,
      durationMs: Math.round(performance.now() - started),
      checks,
      summary: summarize(checks),
      limits: LIMITS,
    };
  }
}

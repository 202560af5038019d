/**
 * `graph-subscriptions-emulator doctor`: the receiver doctor for terminals and CI. Exit code 0
 * when no rule failed, 1 when one did, 2 on a usage error. Talks to nothing but the endpoint.
 */
import * as fs from 'node:fs';
import * as net from 'node:net';
import { parseArgs } from 'node:util';
import { SubscriptionStore } from '../emulator/store';
import { TokenAuthority } from '../emulator/tokens';
import { render, toConsole, type ReportFormat } from './report';
import { DEFAULT_DELIVERIES, runDoctor, type DoctorOptions } from './runDoctor';

export interface DoctorIo {
  out(text: string): void;
  err(text: string): void;
  env?: NodeJS.ProcessEnv;
}

export const DOCTOR_USAGE = `Usage:
  graph-subscriptions-emulator doctor --url <notificationUrl> [--lifecycle-url <url>]
        [--certificate cert.pem] [--certificate-id <id>] [--client-state <secret>] [--app-id <guid>]
        [--tenant <guid>] [--subscription-id <guid>] [--resource me/messages] [--deliveries ${DEFAULT_DELIVERIES}]
        [--signing-key emulator-state.json] [--strict] [--wait <seconds>] [--report md|json|junit] [--out file]
      Check a webhook receiver against Microsoft Graph's delivery contract: validation handshake,
      2xx within 3 s (single and 100-item batch), response times vs Graph's throttling, duplicates,
      out-of-order, rich notifications, lifecycle events, TLS; with --client-state / --app-id also
      forged input (--strict expects a 4xx for it). Exit code 1 when a rule fails.
      --wait     wait up to this many seconds for the endpoint's port to accept connections (CI: the app is starting)
      --client-state may come from GRAPH_CLIENT_STATE instead (keeps it out of the process list).
      --signing-key signs validation tokens with the key in an emulator --state file, so a receiver
      that trusts the emulator's JWKS can verify them.
`;

function usage(io: DoctorIo, message: string): number {
  io.err(`${message}\n\n${DOCTOR_USAGE}`);
  return 2;
}

export async function runDoctorCli(argv: string[], io: DoctorIo): Promise<number> {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      options: {
        url: { type: 'string' },
        'lifecycle-url': { type: 'string' },
        certificate: { type: 'string' },
        'certificate-id': { type: 'string' },
        'client-state': { type: 'string' },
        'app-id': { type: 'string' },
        tenant: { type: 'string' },
        'subscription-id': { type: 'string' },
        resource: { type: 'string' },
        deliveries: { type: 'string' },
        'signing-key': { type: 'string' },
        strict: { type: 'boolean' },
        wait: { type: 'string' },
        report: { type: 'string' },
        out: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    return usage(io, error instanceof Error ? error.message : String(error));
  }
  if (values.help) {
    io.out(DOCTOR_USAGE);
    return 0;
  }
  const url = typeof values.url === 'string' ? values.url : undefined;
  if (!url) return usage(io, 'doctor needs --url <notificationUrl>: the URL you give Graph as notificationUrl.');
  for (const [name, value] of [['--url', url], ['--lifecycle-url', values['lifecycle-url']]] as const) {
    if (typeof value !== 'string') continue;
    try {
      const u = new URL(value);
      if (u.protocol !== 'http:' && u.protocol !== 'https:') return usage(io, `${name} must be an http(s) URL (got ${u.protocol}).`);
    } catch {
      return usage(io, `${name} is not a URL: ${value}`);
    }
  }
  const format = (values.report ?? 'md') as ReportFormat;
  if (!['md', 'json', 'junit'].includes(format)) return usage(io, `--report must be md, json or junit (got ${String(values.report)}).`);
  const deliveries = values.deliveries === undefined ? undefined : Number(values.deliveries);
  if (deliveries !== undefined && (!Number.isInteger(deliveries) || deliveries < 1 || deliveries > 1000)) return usage(io, '--deliveries must be an integer from 1 to 1000.');

  const wait = values.wait === undefined ? 0 : Number(values.wait);
  if (!Number.isFinite(wait) || wait < 0 || wait > 600) return usage(io, '--wait must be a number of seconds from 0 to 600.');

  const options: DoctorOptions = {
    url,
    lifecycleUrl: values['lifecycle-url'] as string | undefined,
    clientState: (values['client-state'] as string | undefined) ?? io.env?.GRAPH_CLIENT_STATE,
    appId: values['app-id'] as string | undefined,
    tenantId: values.tenant as string | undefined,
    subscriptionId: values['subscription-id'] as string | undefined,
    resource: values.resource as string | undefined,
    encryptionCertificateId: values['certificate-id'] as string | undefined,
    strict: values.strict === true,
    deliveries,
  };
  if (typeof values.certificate === 'string') {
    try {
      const raw = fs.readFileSync(values.certificate);
      const text = raw.toString('utf8');
      // A PEM file may also hold the private key: only the certificate block is used (public key).
      const pem = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(text)?.[0];
      options.certificate = pem ?? (/^[A-Za-z0-9+/=\s]+$/.test(text) ? text : raw.toString('base64'));
    } catch (error) {
      return usage(io, `--certificate: cannot read ${values.certificate}: ${(error as Error).message}`);
    }
  }
  if (typeof values['signing-key'] === 'string') {
    try {
      const state = SubscriptionStore.readState(values['signing-key']);
      if (!state?.key) return usage(io, `--signing-key: ${values['signing-key']} holds no signing key (start the emulator once with --state ${values['signing-key']}).`);
      options.signer = await TokenAuthority.restore(state.key);
      options.tenantId ??= state.tenantId;
    } catch (error) {
      return usage(io, `--signing-key: cannot read ${values['signing-key']}: ${(error as Error).message}`);
    }
  }

  if (wait > 0 && !(await waitForPort(new URL(url), wait * 1000))) {
    io.err(`Nothing accepted connections on ${new URL(url).host} within ${wait} s: is the app started?`);
    return 1;
  }
  let report;
  try {
    report = await runDoctor({ ...options, onCheck: (c) => io.err(`${c.status.toUpperCase().padEnd(4)} ${c.id}`) });
  } catch (error) {
    io.err(`The doctor could not run: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  }
  const text = render(report, format);
  if (typeof values.out === 'string') {
    fs.writeFileSync(values.out, text);
    io.out(toConsole(report));
    io.out(`Report (${format}) written to ${values.out}`);
  } else if (values.report !== undefined) {
    io.out(text);
  } else {
    io.out(toConsole(report));
  }
  return report.summary.failed > 0 ? 1 : 0;
}

/** Polls a TCP connect to the URL's host and port until it succeeds or the time is up. */
export async function waitForPort(url: URL, timeoutMs: number): Promise<boolean> {
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = net.connect({ host, port });
      const done = (result: boolean) => {
        socket.destroy();
        resolve(result);
      };
      socket.once('connect', () => done(true));
      socket.once('error', () => done(false));
      socket.setTimeout(1000, () => done(false));
    });
    if (ok) return true;
    await new Promise((r) => setTimeout(r, 500));
  }
  return false;
}

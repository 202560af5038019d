/**
 * `graph-subscriptions-emulator`: the local Graph emulator as a command (npm `bin`).
 *
 *   graph-subscriptions-emulator [--port 4000] [--state state.json] [--strict] [--token-version 1|2] [--chaos <profile> [--chaos-seed N]]
 *                                [--event-hubs-port N] [--event-hubs-partitions N] [--event-grid-endpoint <url>]
 *   graph-subscriptions-emulator token [--kind delegatedWork] [--permissions Mail.Read,User.Read.All] [--token-version 1|2] [--url …]
 *   graph-subscriptions-emulator simulate --subscription <id> [--change-type updated] [--count N] [--token-version 1|2] [--url …]
 *   graph-subscriptions-emulator lifecycle --subscription <id> --event reauthorizationRequired [--token-version 1|2] [--url …]
 *   graph-subscriptions-emulator teams-licensing [--billing on|off] [--model-a-licences on|off] [--evaluation-cap <subscription id>] [--url …]
 *   graph-subscriptions-emulator doctor --url <notificationUrl> [--lifecycle-url …] [--strict] [--report junit|json|md] [--out file]
 */
import { parseArgs } from 'node:util';
import { createLogger, type LogLevel } from '../util/logger';
import { parseTokenVersion, startEmulator, type Emulator, type TokenVersion } from './index';
import { CHAOS_PROFILES, CHAOS_PROFILE_NAMES, isChaosProfileName, parseChaosSeed } from './chaos';
import { DOCTOR_USAGE, runDoctorCli } from '../doctor/cli';

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

const defaultIo: CliIo = {
  out: (t) => process.stdout.write(t.endsWith('\n') ? t : `${t}\n`),
  err: (t) => process.stderr.write(t.endsWith('\n') ? t : `${t}\n`),
};

export const USAGE = `Usage:
  graph-subscriptions-emulator [--port 4000] [--state state.json] [--strict] [--token-version 1|2] [--verbose]
                               [--chaos <profile>] [--chaos-seed N]
                               [--event-hubs-port N] [--event-hubs-partitions N] [--event-grid-endpoint <url>]
      Start a local Microsoft Graph for /v1.0/subscriptions on 127.0.0.1.
      --state          keep subscriptions, tenant and signing key in this JSON file across restarts
      --strict         refuse http:// notification URLs (like Graph); default allows http://127.0.0.1 / localhost
      --token-version  validationTokens of rich notifications: 1 (default, what Graph sends: issuer
                       https://sts.windows.net/{tid}/) or 2 (Learn's example: https://login.microsoftonline.com/{tid}/v2.0)
      --chaos          inject Graph's faults on purpose, reproducibly (switch later: POST /_emulator/chaos {"profile":…,"seed":…}):
${CHAOS_PROFILE_NAMES.map((n) => `                         ${n.padEnd(21)}${CHAOS_PROFILES[n].description}`).join('\n')}
      --chaos-seed     replay the faults of an earlier run (the seed is printed at start); default: a random seed
      --event-hubs-port  host the Event Hubs-compatible AMQP endpoint that EventHub: subscriptions deliver into,
                       on this port (0: any free port); its connection string (UseDevelopmentEmulator=true) is printed
      --event-hubs-partitions  partitions of each event hub (default 2)
      --event-grid-endpoint  where EventGrid: subscriptions deliver CloudEvents (your Event Grid-style webhook,
                       e.g. the extension's receiver URL); the abuse-protection OPTIONS handshake comes first
  graph-subscriptions-emulator token [--kind delegatedWork|delegatedPersonal|application]
                                     [--permissions Mail.Read,User.Read.All] [--app-id <guid>] [--token-version 1|2] [--url http://127.0.0.1:4000]
      Print a bearer token of the running emulator (v1.0 like Graph's access tokens, or v2.0).
  graph-subscriptions-emulator simulate --subscription <id> [--change-type updated] [--count N] [--event permissionChange|systemEventMessage] [--token-version 1|2] [--url http://127.0.0.1:4000]
      Deliver simulated change notifications for a subscription (validationTokens in the given version).
      --event permissionChange needs a driveItem subscription created with Prefer: includesecuritywebhooks;
      --event systemEventMessage sends a chatMessage system event (messageType per Prefer: include-unknown-enum-members).
  graph-subscriptions-emulator lifecycle --subscription <id> --event reauthorizationRequired|subscriptionRemoved|missed [--token-version 1|2] [--url …]
      Deliver a lifecycle notification to the subscription's lifecycleNotificationUrl. Graph sends
      missed only for Outlook messages, events and contacts, subscriptionRemoved for those and Teams
      chat messages, reauthorizationRequired for every resource; the others are refused.
  graph-subscriptions-emulator teams-licensing [--billing on|off] [--model-a-licences on|off] [--evaluation-cap <subscription id>] [--url …]
      Teams payment models (https://learn.microsoft.com/en-us/graph/teams-licenses): without billing,
      model=A/B creates get 402; without licences, model=A creates get 402; --evaluation-cap uses up
      the month's evaluation quota of the subscription's app (its notifications then stop silently).
      Prints the current state.
${DOCTOR_USAGE.replace(/^Usage:\n/, '')}`;

const DEFAULT_URL = 'http://127.0.0.1:4000';

/** Runs a verb; for the server verb resolves with the running emulator (the caller closes it). */
export async function runCli(argv: string[], io: CliIo = defaultIo): Promise<{ code: number; emulator?: Emulator }> {
  const verb = argv[0] && !argv[0].startsWith('-') ? argv[0] : 'serve';
  if (verb === 'doctor') return { code: await runDoctorCli(argv.slice(1), { ...io, env: process.env }) };
  const rest = verb === 'serve' ? argv : argv.slice(1);
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: rest,
      strict: true,
      options: {
        port: { type: 'string', short: 'p' },
        state: { type: 'string' },
        strict: { type: 'boolean' },
        verbose: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        url: { type: 'string' },
        subscription: { type: 'string', short: 's' },
        'change-type': { type: 'string' },
        count: { type: 'string' },
        event: { type: 'string' },
        kind: { type: 'string' },
        permissions: { type: 'string' },
        'app-id': { type: 'string' },
        'token-version': { type: 'string' },
        billing: { type: 'string' },
        'model-a-licences': { type: 'string' },
        'evaluation-cap': { type: 'string' },
        chaos: { type: 'string' },
        'chaos-seed': { type: 'string' },
        'event-hubs-port': { type: 'string' },
        'event-hubs-partitions': { type: 'string' },
        'event-grid-endpoint': { type: 'string' },
      },
    }));
  } catch (error) {
    io.err(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    return { code: 2 };
  }
  if (values.help) {
    io.out(USAGE);
    return { code: 0 };
  }
  const baseUrl = String(values.url ?? DEFAULT_URL).replace(/\/+$/, '');
  const tokenVersion = values['token-version'] === undefined ? undefined : parseTokenVersion(values['token-version']);
  if (values['token-version'] !== undefined && !tokenVersion) return usageError(io, '--token-version must be 1 or 2.');
  switch (verb) {
    case 'serve':
      return serve(values, io, tokenVersion);
    case 'token': {
      const permissions = String(values.permissions ?? '').split(',').map((s) => s.trim()).filter(Boolean);
      return call(io, `${baseUrl}/_emulator/token`, {
        accountKind: values.kind ?? 'delegatedWork',
        permissions,
        appId: values['app-id'],
        tokenVersion,
      }, (body) => String((body as { access_token?: string }).access_token ?? ''));
    }
    case 'simulate': {
      if (!values.subscription) return usageError(io, 'simulate needs --subscription <id>.');
      const count = values.count === undefined ? undefined : Number(values.count);
      if (count !== undefined && (!Number.isInteger(count) || count < 1)) return usageError(io, '--count must be a positive integer.');
      return call(io, `${baseUrl}/_emulator/subscriptions/${encodeURIComponent(String(values.subscription))}/simulate`, {
        changeType: values['change-type'],
        count,
        tokenVersion,
        // permissionChange (driveItem + Prefer: includesecuritywebhooks) or systemEventMessage (chatMessage).
        event: values.event,
      }, summarise);
    }
    case 'lifecycle': {
      if (!values.subscription || !values.event) return usageError(io, 'lifecycle needs --subscription <id> and --event <name>.');
      return call(io, `${baseUrl}/_emulator/subscriptions/${encodeURIComponent(String(values.subscription))}/lifecycle`, { event: values.event, tokenVersion }, summarise);
    }
    case 'teams-licensing': {
      const onOff = (name: string): boolean | undefined | 'bad' => {
        const v = values[name];
        if (v === undefined) return undefined;
        return v === 'on' ? true : v === 'off' ? false : 'bad';
      };
      const billing = onOff('billing');
      const licences = onOff('model-a-licences');
      if (billing === 'bad' || licences === 'bad') return usageError(io, '--billing and --model-a-licences take on or off.');
      if (typeof values['evaluation-cap'] === 'string') {
        const capped = await call(io, `${baseUrl}/_emulator/subscriptions/${encodeURIComponent(values['evaluation-cap'])}/evaluationCap`, {}, (body) => {
          const r = body as { evaluationMode: boolean; quota: number };
          return r.evaluationMode
            ? `Evaluation quota (${r.quota}) used up: notifications of evaluation-mode subscriptions of this app stop silently until next month.`
            : `Evaluation quota (${r.quota}) used up, but this subscription has a model= and keeps its notifications.`;
        });
        if (capped.code !== 0) return capped;
      }
      return call(io, `${baseUrl}/_emulator/teamsLicensing`, { billingConfigured: billing, modelALicensed: licences }, (body) => {
        const r = body as { billingConfigured: boolean; modelALicensed: boolean; evaluationQuota: number };
        return `Teams licensing: Azure billing ${r.billingConfigured ? 'set up' : 'not set up'}, model=A licences ${r.modelALicensed ? 'assigned' : 'missing'}, evaluation quota ${r.evaluationQuota} per month.`;
      });
    }
    default:
      return usageError(io, `Unknown command '${verb}'.`);
  }
}

function usageError(io: CliIo, message: string): { code: number } {
  io.err(`${message}\n\n${USAGE}`);
  return { code: 2 };
}

function summarise(body: unknown): string {
  const r = body as { notifications: number; delivered: number; dropped: number; posts: number; url: string; withheld?: number };
  const withheld = r.withheld ? ` ${r.withheld} not sent: the evaluation-mode quota is used up (Graph sends nothing and says nothing).` : '';
  return `${r.delivered}/${r.notifications} notification(s) delivered to ${r.url} in ${r.posts} POST(s)${r.dropped ? `, ${r.dropped} dropped` : ''}.${withheld}`;
}

async function call(io: CliIo, url: string, body: unknown, format: (body: unknown) => string): Promise<{ code: number }> {
  let res: Response;
  try {
    res = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  } catch (error) {
    io.err(`Cannot reach the emulator at ${new URL(url).origin}: ${error instanceof Error ? error.message : String(error)}. Start it with \`graph-subscriptions-emulator --port 4000\` or pass --url.`);
    return { code: 1 };
  }
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = text;
  }
  if (!res.ok) {
    const message = (parsed as { error?: { message?: string } })?.error?.message ?? text;
    io.err(`Emulator answered ${res.status}: ${message}`);
    return { code: 1 };
  }
  io.out(format(parsed));
  return { code: 0 };
}

async function serve(values: Record<string, string | boolean | undefined>, io: CliIo, tokenVersion: TokenVersion | undefined): Promise<{ code: number; emulator?: Emulator }> {
  const port = values.port === undefined ? 4000 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) return usageError(io, '--port must be 0–65535.');
  const chaosName = values.chaos === undefined ? undefined : String(values.chaos);
  if (chaosName !== undefined && !isChaosProfileName(chaosName)) return usageError(io, `--chaos must be one of: ${CHAOS_PROFILE_NAMES.join(', ')}.`);
  const chaosSeed = values['chaos-seed'] === undefined ? undefined : parseChaosSeed(values['chaos-seed']);
  if (values['chaos-seed'] !== undefined && chaosSeed === undefined) return usageError(io, '--chaos-seed must be an integer 0–4294967295.');
  if (chaosSeed !== undefined && chaosName === undefined) return usageError(io, '--chaos-seed needs --chaos <profile>.');
  const channels = channelOptions(values);
  if (typeof channels === 'string') return usageError(io, channels);
  const verbose = values.verbose === true;
  const levels: LogLevel[] = verbose ? ['trace', 'debug', 'info', 'warn', 'error'] : ['info', 'warn', 'error'];
  const log = createLogger({ write: (level, line) => levels.includes(level) && io.err(`${level} ${line}`) });
  let emulator: Emulator;
  try {
    emulator = await startEmulator({
      port,
      statePath: typeof values.state === 'string' ? values.state : undefined,
      strictHttps: values.strict === true,
      validationTokenVersion: tokenVersion ?? '1.0',
      log,
      chaos: chaosName !== undefined && isChaosProfileName(chaosName) ? { profile: chaosName, seed: chaosSeed } : undefined,
      ...channels,
    });
  } catch (error) {
    io.err(`Cannot start the emulator: ${error instanceof Error ? error.message : String(error)}`);
    return { code: 1 };
  }
  const u = emulator.baseUrl;
  io.out(
    [
      `Graph emulator listening on ${u}`,
      `  Graph API:      ${emulator.graphBaseUrl}/subscriptions`,
      `  Tenant:         ${emulator.tenantId}`,
      `  OpenID config:  ${emulator.openIdConfigurationUrl}`,
      `  JWKS:           ${emulator.jwksUrl}`,
      `  Deliveries:     ${u}/_emulator/deliveries`,
      `  Tokens:         validationTokens v${tokenVersion ?? '1.0'} (issuer ${tokenVersion === '2.0' ? 'https://login.microsoftonline.com/{tid}/v2.0' : 'https://sts.windows.net/{tid}/'})`,
      `  HTTPS only:     ${values.strict === true ? 'yes (--strict)' : 'no: http://127.0.0.1 and localhost notification URLs are allowed'}`,
      ...chaosLines(emulator),
      ...channelLines(emulator),
      '',
      'Get a token:',
      `  curl -s -X POST ${u}/_emulator/token -H 'Content-Type: application/json' \\`,
      `       -d '{"accountKind":"delegatedWork","permissions":["Mail.Read"]}'`,
      `  or: graph-subscriptions-emulator token --url ${u} --permissions Mail.Read`,
      'Simulate a change:',
      `  graph-subscriptions-emulator simulate --url ${u} --subscription <id> [--count 5]`,
      'Press Ctrl+C to stop.',
    ].join('\n'),
  );
  return { code: 0, emulator };
}

function chaosLines(emulator: Emulator): string[] {
  const { profile, seed } = emulator.chaosSettings();
  if (profile === 'off') return [];
  return [`  Chaos:          ${profile}, seed ${seed} — replay the same faults with --chaos ${profile} --chaos-seed ${seed}`];
}

if (require.main === module) {
  void runCli(process.argv.slice(2)).then(({ code, emulator }) => {
    if (!emulator) {
      process.exitCode = code;
      return;
    }
    const stop = () => {
      void emulator.close().then(() => process.exit(0));
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

/** The Event Hubs endpoint and Event Grid handler options of `serve`, or a usage error. */
function channelOptions(values: Record<string, string | boolean | undefined>): { eventHubs?: { port: number; partitionCount?: number }; eventGridEndpoint?: string } | string {
  const out: { eventHubs?: { port: number; partitionCount?: number }; eventGridEndpoint?: string } = {};
  const hubPort = values['event-hubs-port'];
  const partitions = values['event-hubs-partitions'];
  if (hubPort !== undefined) {
    const port = Number(hubPort);
    if (!Number.isInteger(port) || port < 0 || port > 65535) return '--event-hubs-port must be 0–65535 (0: any free port).';
    out.eventHubs = { port };
  }
  if (partitions !== undefined) {
    const n = Number(partitions);
    if (!out.eventHubs) return '--event-hubs-partitions needs --event-hubs-port.';
    if (!Number.isInteger(n) || n < 1 || n > 32) return '--event-hubs-partitions must be 1–32.';
    out.eventHubs.partitionCount = n;
  }
  const grid = values['event-grid-endpoint'];
  if (grid !== undefined) {
    let url: URL;
    try {
      url = new URL(String(grid));
    } catch {
      return `--event-grid-endpoint must be an http(s) URL, not '${String(grid)}'.`;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return `--event-grid-endpoint must be an http(s) URL, not '${String(grid)}'.`;
    out.eventGridEndpoint = url.toString();
  }
  return out;
}

function channelLines(emulator: Emulator): string[] {
  const hubs = emulator.channels?.eventHubs;
  const grid = emulator.channels?.eventGridEndpoint;
  return [
    ...(hubs ? [`  Event Hubs:     ${hubs.connectionString()}`, '                  (EventHub:https://<namespace>.servicebus.windows.net/eventhubname/<hub>?tenantId=… subscriptions deliver here)'] : []),
    ...(grid ? [`  Event Grid:     EventGrid: subscriptions deliver CloudEvents to ${grid}`] : []),
  ];
}

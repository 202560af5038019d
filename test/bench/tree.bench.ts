/**
 * Listing 5,000 sandbox subscriptions into the tree model (Graph SDK client with its middleware,
 * `@odata.nextLink` paging, then `buildSubscriptionNodes`) against fetching the same pages with
 * plain `fetch` + `JSON.parse` in the same run. Goal: under 1.5× the plain fetch.
 */
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SANDBOX_APP_ID, SANDBOX_USER_ID, startEmulator } from '../../src/emulator/index';
import type { StateFile } from '../../src/emulator/store';
import { GraphSubscriptionsClient } from '../../src/graph/graphSubscriptionsClient';
import type { Subscription, SubscriptionPage } from '../../src/graph/types';
import { buildSubscriptionNodes } from '../../src/tree/treeModel';
import type { BenchResult } from './types';

const COUNT = 5000;
const RUNS = 7;

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function time(run: () => Promise<unknown>): Promise<number> {
  const started = process.hrtime.bigint();
  await run();
  return Number(process.hrtime.bigint() - started) / 1e6;
}

/** Writes 5,000 subscriptions straight into an emulator state file (no 5,000 handshakes). */
async function seededStatePath(): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gs-tree-bench-'));
  const statePath = path.join(dir, 'state.json');
  const seed = await startEmulator({ statePath });
  await seed.close();
  const state = JSON.parse(fs.readFileSync(statePath, 'utf8')) as StateFile;
  const resources = ['me/messages', 'me/events', 'me/contacts', 'me/mailFolders/inbox/messages'];
  const now = Date.now();
  for (let i = 0; i < COUNT; i++) {
    const subscription: Subscription = {
      id: randomUUID(),
      resource: `${resources[i % resources.length]}?n=${i}`,
      changeType: 'created,updated',
      notificationUrl: 'http://127.0.0.1:9/notifications',
      lifecycleNotificationUrl: 'http://127.0.0.1:9/lifecycle',
      expirationDateTime: new Date(now + (60 + (i % 5000)) * 60_000).toISOString(),
      clientState: null,
      includeResourceData: false,
      encryptionCertificate: null,
      encryptionCertificateId: null,
      latestSupportedTlsVersion: 'v1_2',
      notificationQueryOptions: null,
      notificationUrlAppId: null,
      applicationId: SANDBOX_APP_ID,
      creatorId: SANDBOX_USER_ID,
      notificationContentType: null,
    };
    state.subscriptions.push({ subscription, tenantId: state.tenantId, accountKind: 'delegatedWork', seq: ++state.seq });
  }
  fs.writeFileSync(statePath, JSON.stringify(state));
  return statePath;
}

export async function run(): Promise<BenchResult[]> {
  const statePath = await seededStatePath();
  const emulator = await startEmulator({ statePath });
  try {
    const token = await emulator.issueToken({ accountKind: 'delegatedWork', permissions: ['Mail.Read', 'Calendars.Read', 'Contacts.Read'], appId: SANDBOX_APP_ID, userId: SANDBOX_USER_ID, lifetimeSeconds: 3600 });
    const client = new GraphSubscriptionsClient({ graphBaseUrl: emulator.graphBaseUrl, getAccessToken: async () => token });

    const plain = async (): Promise<number> => {
      let url: string | undefined = `${emulator.graphBaseUrl}/subscriptions`;
      let n = 0;
      while (url) {
        const response = await fetch(url, { headers: { Authorization: `Bearer ${token}` } });
        const page = JSON.parse(await response.text()) as SubscriptionPage;
        n += page.value.length;
        url = page['@odata.nextLink'];
      }
      return n;
    };
    const tree = async (): Promise<number> => {
      const subs = await client.listAll();
      return buildSubscriptionNodes('sandbox', true, subs, new Date(), 60).length;
    };

    // Warm-up (JIT, keep-alive sockets, lazy bundles) and a correctness check.
    const [a, b] = [await plain(), await tree()];
    if (a !== COUNT || b !== COUNT) throw new Error(`expected ${COUNT} subscriptions, plain fetch saw ${a}, tree saw ${b}`);

    const plainTimes: number[] = [];
    const treeTimes: number[] = [];
    const modelTimes: number[] = [];
    const subs = await client.listAll();
    for (let i = 0; i < RUNS; i++) {
      plainTimes.push(await time(plain));
      treeTimes.push(await time(tree));
      modelTimes.push(await time(async () => buildSubscriptionNodes('sandbox', true, subs, new Date(), 60)));
    }
    const baseline = median(plainTimes);
    const value = median(treeTimes);
    const model = median(modelTimes);
    return [
      {
        name: `list ${COUNT} sandbox subscriptions into the tree model (Graph SDK + paging + nodes)`,
        value: Math.round(value * 10) / 10,
        unit: 'ms',
        baselineName: `plain fetch + JSON.parse of the same ${Math.ceil(COUNT / 100)} pages`,
        baseline: Math.round(baseline * 10) / 10,
        ratio: Math.round((value / baseline) * 100) / 100,
        better: 'lower',
        goal: '< 1.5x plain fetch',
      },
      {
        name: `build ${COUNT} tree nodes (countdown, state, Markdown tooltip) from loaded subscriptions`,
        value: Math.round(model * 10) / 10,
        unit: 'ms',
        baselineName: `plain fetch + JSON.parse of the same pages`,
        baseline: Math.round(baseline * 10) / 10,
        ratio: Math.round((model / baseline) * 100) / 100,
        better: 'lower',
        goal: '< 0.5x plain fetch',
      },
    ];
  } finally {
    await emulator.close();
    fs.rmSync(path.dirname(statePath), { recursive: true, force: true });
  }
}

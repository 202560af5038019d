import { test } from 'node:test';
import assert from 'node:assert/strict';
import { authorityUrl, CLOUDS, graphBaseUrl, qualifyScopes } from '../../src/auth/clouds';

test('national cloud endpoint table (learn.microsoft.com/graph/deployments)', () => {
  assert.deepEqual(
    Object.fromEntries(Object.entries(CLOUDS).map(([k, v]) => [k, [v.authorityHost, v.graphEndpoint]])),
    {
      global: ['https://login.microsoftonline.com', 'https://graph.microsoft.com'],
      usGovL4: ['https://login.microsoftonline.us', 'https://graph.microsoft.us'],
      usGovL5: ['https://login.microsoftonline.us', 'https://dod-graph.microsoft.us'],
      china: ['https://login.chinacloudapi.cn', 'https://microsoftgraph.chinacloudapi.cn'],
    },
  );
});

test('authority and Graph base URLs per cloud', () => {
  assert.equal(authorityUrl('china', 'contoso.partner.onmschina.cn'), 'https://login.chinacloudapi.cn/contoso.partner.onmschina.cn');
  assert.equal(graphBaseUrl('usGovL5'), 'https://dod-graph.microsoft.us/v1.0');
});

test('delegated scopes are qualified with the cloud Graph host; none means .default', () => {
  assert.deepEqual(qualifyScopes('usGovL4', ['Mail.Read', 'offline_access', 'https://graph.microsoft.us/User.Read']), [
    'https://graph.microsoft.us/Mail.Read',
    'offline_access',
    'https://graph.microsoft.us/User.Read',
  ]);
  assert.deepEqual(qualifyScopes('china', []), ['https://microsoftgraph.chinacloudapi.cn/.default']);
});

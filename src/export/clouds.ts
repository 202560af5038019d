/**
 * The names each tool gives the Microsoft clouds, from the account's Graph endpoint.
 * Microsoft Graph PowerShell: `Connect-MgGraph -Environment` (Global, USGov, USGovDoD, China;
 * https://learn.microsoft.com/en-us/powershell/microsoftgraph/authentication-commands#using-connect-mggraph-in-national-clouds).
 * CLI for Microsoft 365: `m365 login --cloud` (Public, USGov, USGovHigh, USGovDoD, China;
 * https://pnp.github.io/cli-microsoft365/cmd/login). Pure: no `vscode` import.
 */
import { CLOUDS, type RealCloud } from '../auth/clouds';

export function cloudOfEndpoint(graphEndpoint: string): RealCloud | undefined {
  const origin = graphEndpoint.replace(/\/+$/, '').toLowerCase();
  return (Object.keys(CLOUDS) as RealCloud[]).find((c) => CLOUDS[c].graphEndpoint === origin);
}

const POWERSHELL_ENVIRONMENT: Record<RealCloud, string> = { global: 'Global', usGovL4: 'USGov', usGovL5: 'USGovDoD', china: 'China' };
const M365_CLOUD: Record<RealCloud, string> = { global: 'Public', usGovL4: 'USGovHigh', usGovL5: 'USGovDoD', china: 'China' };

export function powerShellEnvironment(graphEndpoint: string): string | undefined {
  const cloud = cloudOfEndpoint(graphEndpoint);
  return cloud ? POWERSHELL_ENVIRONMENT[cloud] : undefined;
}

export function m365Cloud(graphEndpoint: string): string | undefined {
  const cloud = cloudOfEndpoint(graphEndpoint);
  return cloud ? M365_CLOUD[cloud] : undefined;
}

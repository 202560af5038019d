/**
 * The type and default of every setting, mirroring package.json `contributes.configuration`
 * (test/unit/configSchema.test.ts checks both directions). Pure: no `vscode` import.
 */
import { ConfigKey } from '../constants';
import type { ChaosProfileName } from '../emulator/chaos';

export interface ConfigValues {
  [ConfigKey.sandboxEnabled]: boolean;
  [ConfigKey.sandboxPort]: number;
  [ConfigKey.sandboxStatePath]: string;
  [ConfigKey.sandboxTokenVersion]: '1.0' | '2.0';
  [ConfigKey.sandboxChaosProfile]: ChaosProfileName;
  /** 0 = a new random seed whenever the profile is applied. */
  [ConfigKey.sandboxChaosSeed]: number;
  /** Checked entry by entry by src/auth/msalAccounts.ts. */
  [ConfigKey.appRegistrations]: unknown[];
  [ConfigKey.expiringSoonMinutes]: number;
  [ConfigKey.refreshIntervalSeconds]: number;
  [ConfigKey.autoRenewEnabled]: boolean;
  [ConfigKey.autoRenewLeadMinutes]: number;
  [ConfigKey.receiverPort]: number;
  [ConfigKey.receiverMaxBodyBytes]: number;
  [ConfigKey.receiverForwardUrl]: string;
  [ConfigKey.tunnelMode]: 'none' | 'ngrok' | 'customUrl' | 'forwardedPort';
  [ConfigKey.tunnelCustomPublicUrl]: string;
  [ConfigKey.tunnelNgrokDomain]: string;
  [ConfigKey.notificationsVerbosity]: 'summary' | 'full';
  [ConfigKey.historyMaxBytes]: number;
  [ConfigKey.validationDebounceMs]: number;
  [ConfigKey.watchdogDefaultExpectedMinutes]: number;
  [ConfigKey.watchdogStatusBar]: boolean;
}

export const CONFIG_DEFAULTS: { readonly [K in ConfigKey]: ConfigValues[K] } = {
  [ConfigKey.sandboxEnabled]: true,
  [ConfigKey.sandboxPort]: 0,
  [ConfigKey.sandboxStatePath]: '',
  [ConfigKey.sandboxTokenVersion]: '1.0',
  [ConfigKey.sandboxChaosProfile]: 'off',
  [ConfigKey.sandboxChaosSeed]: 0,
  [ConfigKey.appRegistrations]: [],
  [ConfigKey.expiringSoonMinutes]: 60,
  [ConfigKey.refreshIntervalSeconds]: 60,
  [ConfigKey.autoRenewEnabled]: false,
  [ConfigKey.autoRenewLeadMinutes]: 30,
  [ConfigKey.receiverPort]: 0,
  [ConfigKey.receiverMaxBodyBytes]: 4 * 1024 * 1024,
  [ConfigKey.receiverForwardUrl]: '',
  [ConfigKey.tunnelMode]: 'none',
  [ConfigKey.tunnelCustomPublicUrl]: '',
  [ConfigKey.tunnelNgrokDomain]: '',
  [ConfigKey.notificationsVerbosity]: 'full',
  [ConfigKey.historyMaxBytes]: 10 * 1024 * 1024,
  [ConfigKey.validationDebounceMs]: 250,
  [ConfigKey.watchdogDefaultExpectedMinutes]: 0,
  [ConfigKey.watchdogStatusBar]: true,
};

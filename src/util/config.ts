/**
 * Typed access to the `graphSubscriptions.*` settings: `getConfig(ConfigKey.receiverPort)` is a
 * number, with the manifest's default (src/util/configSchema.ts) when the user set nothing.
 */
import * as vscode from 'vscode';
import { CONFIG_SECTION, type ConfigKey } from '../constants';
import { CONFIG_DEFAULTS, type ConfigValues } from './configSchema';

export type { ConfigValues } from './configSchema';

export function getConfig<K extends ConfigKey>(key: K): ConfigValues[K] {
  return vscode.workspace.getConfiguration(CONFIG_SECTION).get<ConfigValues[K]>(key, CONFIG_DEFAULTS[key]);
}

/** The full setting id, e.g. for `workbench.action.openSettings`. */
export function settingId(key: ConfigKey): string {
  return `${CONFIG_SECTION}.${key}`;
}

/** Whether a configuration change touches any of `keys`. */
export function affectsConfig(event: vscode.ConfigurationChangeEvent, ...keys: ConfigKey[]): boolean {
  return keys.some((k) => event.affectsConfiguration(settingId(k)));
}

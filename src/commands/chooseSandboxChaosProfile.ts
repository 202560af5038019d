import * as vscode from 'vscode';
import { CONFIG_SECTION, ConfigKey } from '../constants';
import { CHAOS_PROFILES, CHAOS_PROFILE_NAMES, parseChaosSeed, type ChaosProfileName } from '../emulator/chaos';
import { randomChaosSeed } from '../emulator/chaosEngine';
import { getConfig, settingId } from '../util/config';
import { CancelledError, UserFacingError } from '../util/errors';
import type { CommandDeps } from './types';

/**
 * Picks the Sandbox's chaos profile and its seed: Enter for a new random seed, or the seed of an
 * earlier run to replay the same faults. Both are saved in the settings (user scope), applied to
 * the running Sandbox at once, and the seed is shown with "Copy Seed". Resolves to `{ profile, seed }`.
 */
export const chooseSandboxChaosProfile = (deps: CommandDeps) => async (arg?: { profile?: ChaosProfileName; seed?: number }) => {
  let profile = arg?.profile;
  const current = getConfig(ConfigKey.sandboxChaosProfile);
  if (profile !== undefined && !(CHAOS_PROFILE_NAMES as readonly string[]).includes(profile)) {
    throw new UserFacingError(`Unknown chaos profile '${String(profile)}'. Use one of: ${CHAOS_PROFILE_NAMES.join(', ')}.`);
  }
  if (!profile) {
    const pick = await vscode.window.showQuickPick(
      CHAOS_PROFILE_NAMES.map((name) => ({ label: name, description: name === current ? '(current)' : undefined, detail: CHAOS_PROFILES[name].description, name })),
      { title: 'Sandbox chaos profile: faults Graph produces now and then, injected on purpose', matchOnDetail: true },
    );
    if (!pick) throw new CancelledError();
    profile = pick.name;
  }
  let seed = arg?.seed;
  if (seed !== undefined && parseChaosSeed(seed) === undefined) throw new UserFacingError(`A chaos seed is an integer from 0 to 4294967295, not ${String(seed)}.`);
  if (seed === undefined && profile !== 'off') {
    const text = await vscode.window.showInputBox({
      title: `Seed for '${profile}'`,
      prompt: 'Press Enter for a new random seed, or type the seed of an earlier run to replay the same faults.',
      placeHolder: 'random',
      validateInput: (v) => (v.trim() === '' || parseChaosSeed(v) !== undefined ? undefined : 'An integer from 0 to 4294967295, or empty for a random seed'),
    });
    if (text === undefined) throw new CancelledError();
    seed = text.trim() === '' ? randomChaosSeed() : parseChaosSeed(text);
  }
  const config = vscode.workspace.getConfiguration(CONFIG_SECTION);
  await config.update(ConfigKey.sandboxChaosProfile, profile, vscode.ConfigurationTarget.Global);
  if (seed !== undefined) await config.update(ConfigKey.sandboxChaosSeed, seed, vscode.ConfigurationTarget.Global);
  // Applied now as well, so the caller can rely on it when this resolves (the settings' change event may come later).
  const applied = deps.accounts.sandboxEmulator()?.setChaos(profile, seed === 0 ? undefined : seed) ?? { profile, seed: seed ?? 0 };
  deps.log.info(profile === 'off' ? 'Sandbox chaos off' : `Sandbox chaos profile '${applied.profile}', seed ${applied.seed}`);
  if (profile === 'off') {
    void vscode.window.showInformationMessage('Sandbox chaos is off: the Sandbox behaves like a healthy Graph again.');
    return applied;
  }
  void vscode.window
    .showInformationMessage(
      `Sandbox chaos: '${applied.profile}' with seed ${applied.seed}. ${CHAOS_PROFILES[applied.profile].description} The same seed replays the same faults.`,
      'Copy Seed',
      'Open Settings',
    )
    .then((choice) => {
      if (choice === 'Copy Seed') void vscode.env.clipboard.writeText(String(applied.seed));
      if (choice === 'Open Settings') void vscode.commands.executeCommand('workbench.action.openSettings', settingId(ConfigKey.sandboxChaosProfile));
    });
  return applied;
};

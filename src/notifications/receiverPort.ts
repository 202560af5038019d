/**
 * Which port the receiver listens on. The port of the last run is reused (a window reload, Start
 * Receiver after Stop Receiver), so subscriptions whose notificationUrl points at it keep being
 * delivered; it is only a preference: when another program took it, the receiver gets a new port
 * and the caller offers to move those subscriptions. A configured port is a requirement: taken, it
 * is an error whose next step opens the setting. No `vscode` import.
 */
import { CONFIG_SECTION, ConfigKey } from '../constants';
import { UserFacingError } from '../util/errors';
import type { Logger } from '../util/logger';

export interface PortChoice<T> {
  /** graphSubscriptions.receiver.port (0: any). */
  configured: number;
  /** The last run's port (0: none yet). */
  remembered: number;
  listen(port: number): Promise<T>;
  log: Logger;
}

/** Listens on the configured port, else the last run's, else a free one (see above). */
export async function listenOnPreferredPort<T>({ configured, remembered, listen, log }: PortChoice<T>): Promise<T> {
  const port = configured || remembered;
  try {
    try {
      return await listen(port);
    } catch (error) {
      if (configured !== 0 || remembered === 0 || (error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
      log.warn(`Port ${remembered} of the last run is taken; the receiver gets a new port, so subscriptions pointing at the old one need their notificationUrl updated.`);
      return await listen(0);
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new UserFacingError(`Port ${port} is in use: another receiver or app holds it.`, [
        { title: 'Change Port', command: 'workbench.action.openSettings', args: [`${CONFIG_SECTION}.${ConfigKey.receiverPort}`] },
      ]);
    }
    throw error;
  }
}

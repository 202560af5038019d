/**
 * The tenants the user actually has: those of the signed-in accounts (the owners of the
 * subscriptions in the tree are among them). Validation tokens are checked against these only —
 * never against the tenants a POST's items claim, since a genuine token of another tenant for the
 * same app id (a shared or multi-tenant app, e.g. VS Code's sign-in app) would then vouch for a
 * forged item (https://learn.microsoft.com/en-us/graph/change-notifications-with-resource-data#validating-the-authenticity-of-notifications).
 * No `vscode` import.
 */
import type { AccountService } from '../services';

export class AccountTenants {
  /** accountId → tenant, once known (an account's tenant never changes). */
  private readonly cache = new Map<string, string>();

  constructor(private readonly accounts: Pick<AccountService, 'list'>) {}

  async list(): Promise<string[]> {
    const accounts = this.accounts.list();
    await Promise.all(
      accounts.map(async (a) => {
        if (this.cache.has(a.id) || !a.tenantId) return;
        const tid = await a.tenantId().catch(() => undefined);
        if (tid) this.cache.set(a.id, tid);
      }),
    );
    return [...new Set(accounts.map((a) => this.cache.get(a.id)).filter((t): t is string => t !== undefined))];
  }

  /** After sign-in/out: accounts may have been replaced under the same id. */
  clear(): void {
    this.cache.clear();
  }
}

import type { Factory } from '../../../factory.js';
import { bitbucketAccount, confluenceAccount, secretAccount } from '../../../auth/resolve.js';
import type { Profile, SecretStore, StorageKind } from '../../../auth/types.js';

/** One stored token of a profile: its keyring/file account and the store that holds it. */
export interface SecretSlot {
  account: string;
  kind: StorageKind;
  /** `token` is the site (Jira/Confluence) login, `bitbucket` the Bitbucket one, `confluence` the profile's own Confluence login. */
  login: 'token' | 'bitbucket' | 'confluence';
}

/** The secret-store account of a login of profile `name`. */
export function accountOf(name: string, login: SecretSlot['login']): string {
  if (login === 'bitbucket') return bitbucketAccount(name);
  if (login === 'confluence') return confluenceAccount(name);
  return secretAccount(name);
}

/** How logins read in messages: `token`, `Bitbucket token`, `Confluence token`, joined with "and". */
export function tokenWords(logins: readonly string[]): string {
  return logins
    .map((login) => (login === 'bitbucket' ? 'Bitbucket token' : login === 'confluence' ? 'Confluence token' : 'token'))
    .join(' and ');
}

export function secretSlots(name: string, profile: Profile): SecretSlot[] {
  const slots: SecretSlot[] = [{ account: accountOf(name, 'token'), kind: profile.storage, login: 'token' }];
  if (profile.bitbucket) slots.push({ account: accountOf(name, 'bitbucket'), kind: profile.bitbucket.storage, login: 'bitbucket' });
  if (profile.confluence) slots.push({ account: accountOf(name, 'confluence'), kind: profile.confluence.storage, login: 'confluence' });
  return slots;
}

interface Change {
  store: SecretStore;
  account: string;
  previous: string | null;
}

/**
 * Secret-store writes that can be undone: every set/delete remembers the value it replaced, so a
 * command that fails half-way (a config write refused, a keyring error on the second account)
 * puts every token back and never loses one.
 */
export class SecretChanges {
  private readonly stores = new Map<StorageKind, Promise<SecretStore>>();
  private readonly changes: Change[] = [];

  constructor(private readonly f: Factory) {}

  /** The store of that kind, or the default store when kind is undefined; opened once. */
  async store(kind: StorageKind | undefined): Promise<SecretStore> {
    if (kind === undefined) {
      const store = await this.f.secretStore(undefined);
      if (!this.stores.has(store.kind)) this.stores.set(store.kind, Promise.resolve(store));
      return store;
    }
    let store = this.stores.get(kind);
    if (!store) {
      store = this.f.secretStore(kind);
      this.stores.set(kind, store);
    }
    return store;
  }

  async get(kind: StorageKind, account: string): Promise<string | null> {
    return (await this.store(kind)).get(account);
  }

  async set(kind: StorageKind, account: string, secret: string): Promise<void> {
    const store = await this.store(kind);
    const previous = await store.get(account);
    this.changes.push({ store, account, previous });
    await store.set(account, secret);
  }

  /** True when a token was there and is now gone. */
  async delete(kind: StorageKind, account: string): Promise<boolean> {
    const store = await this.store(kind);
    const previous = await store.get(account);
    if (previous === null) return false;
    this.changes.push({ store, account, previous });
    return store.delete(account);
  }

  /** Undoes every change, newest first. Returns the accounts that could not be restored. */
  async rollback(): Promise<string[]> {
    const failed: string[] = [];
    for (const change of this.changes.reverse()) {
      try {
        if (change.previous === null) await change.store.delete(change.account);
        else await change.store.set(change.account, change.previous);
      } catch {
        failed.push(`${change.account} (${change.store.kind})`);
      }
    }
    this.changes.length = 0;
    return failed;
  }

  /** Runs `work`; on failure rolls back and rethrows, warning about anything left changed. */
  async atomically<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (err) {
      const failed = await this.rollback();
      if (failed.length > 0) {
        this.f.io.stderr.write(`warning: could not restore the stored token of ${failed.join(', ')}\n`);
      }
      throw err;
    }
  }
}

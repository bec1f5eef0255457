// In-memory stand-ins for the Factory's parts, used by the unit tests of the auth commands.
import { PassThrough, Writable } from 'node:stream';
import type { ConfigFile, ConfigStore, Profile, SecretStore, StorageKind } from '../../../auth/types.js';
import type { Factory, Prompter } from '../../../factory.js';
import type { IOStreams } from '../../../iostreams.js';

export class MemoryConfigStore implements ConfigStore {
  readonly path = '/fake/config.yaml';
  config: ConfigFile;
  /** When set, the next update() throws it after running the mutation (a refused write). */
  failNextUpdate: Error | null = null;
  updates = 0;

  constructor(config: Partial<ConfigFile> = {}) {
    this.config = { defaultProfile: null, profiles: {}, ...structuredClone(config) };
  }

  async read(): Promise<ConfigFile> {
    return structuredClone(this.config);
  }

  async update(mutate: (config: ConfigFile) => void | Promise<void>): Promise<ConfigFile> {
    const draft = structuredClone(this.config);
    await mutate(draft);
    if (this.failNextUpdate) {
      const err = this.failNextUpdate;
      this.failNextUpdate = null;
      throw err;
    }
    this.updates += 1;
    this.config = draft;
    return structuredClone(draft);
  }
}

export class MemorySecretStore implements SecretStore {
  readonly secrets = new Map<string, string>();
  /** Accounts whose set/delete throws, to test rollback. */
  readonly failSet = new Set<string>();
  readonly failDelete = new Set<string>();

  constructor(readonly kind: StorageKind) {}

  async get(account: string): Promise<string | null> {
    return this.secrets.get(account) ?? null;
  }

  async set(account: string, secret: string): Promise<void> {
    if (this.failSet.has(account)) throw new Error(`keyring refused to store ${account}`);
    this.secrets.set(account, secret);
  }

  async delete(account: string): Promise<boolean> {
    if (this.failDelete.has(account)) throw new Error(`keyring refused to delete ${account}`);
    return this.secrets.delete(account);
  }
}

export interface FakeOptions {
  config?: Partial<ConfigFile>;
  env?: NodeJS.ProcessEnv;
  profile?: string;
  json?: boolean;
  /** Answers for prompts, taken in order; a prompt with no answer left fails the test. */
  answers?: Array<string | boolean>;
  canPrompt?: boolean;
  defaultStorage?: StorageKind;
}

export interface FakeFactory extends Factory {
  config: MemoryConfigStore;
  stores: Record<StorageKind, MemorySecretStore>;
  stdoutText(): string;
  stderrText(): string;
  prompts: string[];
}

function capture(): Writable & { text: () => string } {
  let text = '';
  // _write runs synchronously on write(), so the text is complete as soon as a command returns.
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      text += chunk.toString();
      callback();
    },
  });
  return Object.assign(stream, { text: () => text });
}

export function sampleProfile(overrides: Partial<Profile> = {}): Profile {
  return {
    site: 'https://work.atlassian.net',
    email: 'me@work.example',
    authType: 'basic',
    deployment: 'cloud',
    storage: 'file',
    scoped: false,
    cloudId: null,
    tokenExpiresAt: null,
    ...overrides,
  };
}

export function fakeFactory(options: FakeOptions = {}): FakeFactory {
  const stdout = capture();
  const stderr = capture();
  const stdin = new PassThrough();
  const canPrompt = options.canPrompt ?? false;
  const io: IOStreams = {
    stdin,
    stdout,
    stderr,
    isStdoutTTY: () => false,
    isStdinTTY: () => canPrompt,
    colorEnabled: () => false,
    terminalWidth: () => 160,
    canPrompt: () => canPrompt,
  };
  const config = new MemoryConfigStore(options.config);
  const stores: Record<StorageKind, MemorySecretStore> = {
    keyring: new MemorySecretStore('keyring'),
    file: new MemorySecretStore('file'),
  };
  const answers = [...(options.answers ?? [])];
  const prompts: string[] = [];
  const next = (message: string): string | boolean => {
    prompts.push(message);
    if (answers.length === 0) throw new Error(`unexpected prompt: ${message}`);
    return answers.shift()!;
  };
  const prompter: Prompter = {
    input: async (message) => String(next(message)),
    password: async (message) => String(next(message)),
    confirm: async (message) => next(message) === true,
    select: async (message) => next(message) as never,
  };
  return {
    version: '0.0.0-test',
    env: options.env ?? {},
    io,
    globals: { profile: options.profile, json: options.json ?? false, debug: false, noInput: !canPrompt, noColor: true },
    configDir: () => '/fake',
    configStore: async () => config,
    secretStore: async (kind) => stores[kind ?? options.defaultStorage ?? 'file'],
    credentials: async () => {
      throw new Error('credentials() is not used by these commands');
    },
    httpClient: async () => {
      throw new Error('httpClient() is not used by these commands');
    },
    prompter: async () => prompter,
    config,
    stores,
    stdoutText: () => stdout.text(),
    stderrText: () => stderr.text(),
    prompts,
  };
}

import { join } from 'node:path';
import { configDirFrom, stateDirFrom } from './dirs.js';
import type { Factory } from './factory.js';
import { systemIOStreams } from './iostreams.js';

function once<T>(make: () => Promise<T>): () => Promise<T> {
  let value: Promise<T> | undefined;
  return () => (value ??= make());
}

/** `platform` is for tests that simulate another OS's dirs and lock places. */
export function createFactory(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): Factory {
  const f: Factory = {
    version: __ATL_VERSION__,
    env,
    io: systemIOStreams(env, () => f.globals),
    globals: { profile: undefined, json: false, debug: false, noInput: false, noColor: false },
    configDir: () => configDirFrom(env, platform),
    stateDir: () => stateDirFrom(env, platform),
    configStore: once(async () => {
      const { fileConfigStore } = await import('./auth/config-store.js');
      return fileConfigStore(join(f.configDir(), 'config.yaml'), { stateDir: f.stateDir(), platform });
    }),
    secretStore: async (kind) => {
      const { openSecretStore } = await import('./auth/secrets/index.js');
      // A person at a terminal can answer the macOS Keychain dialog, so keyring calls wait for it there.
      const terminal = f.io.isStdinTTY() || f.io.stderr.isTTY === true;
      return openSecretStore({
        configDir: f.configDir(),
        stateDir: f.stateDir(),
        kind,
        env,
        stderr: f.io.stderr,
        platform: process.platform,
        terminal,
      });
    },
    credentials: once(async () => {
      const { resolveCredentials } = await import('./auth/resolve.js');
      return resolveCredentials(f);
    }),
    httpClient: async (product) => {
      const { clientForProduct } = await import('./auth/endpoints.js');
      return clientForProduct(f, product);
    },
    prompter: once(async () => {
      const { inquirerPrompter } = await import('./prompter.js');
      return inquirerPrompter();
    }),
    openBrowser: async (url) => {
      // Loaded on use: only `--web` needs it (and string-argv with it).
      const { openInBrowser } = await import('./browser.js');
      return openInBrowser(f, url);
    },
    editText: async (initial, name, alternative) => {
      const { editText } = await import('./editor.js');
      // `atl config set editor …` wins over VISUAL/EDITOR; a config that cannot be read leaves them in charge.
      const configured = await f
        .configStore()
        .then((store) => store.read())
        .then(
          (config) => config.defaults?.editor,
          () => undefined,
        );
      return editText(f.env, initial, name, alternative, configured);
    },
    cwd: () => process.cwd(),
    now: () => new Date(),
  };
  return f;
}

// Preload (NODE_OPTIONS=--require) that puts a fake @napi-rs/keyring in place of the native one,
// so end-to-end runs meet the keyring failures of macOS, Windows and headless Linux here:
//   ATL_TEST_KEYRING=locked      every call fails, as a locked keychain or a missing Credential Manager
//   ATL_TEST_KEYRING=hangs       no call ever answers (an approval dialog nobody sees)
//   ATL_TEST_KEYRING=read-fails  writes and deletes work, reads fail
//   ATL_TEST_KEYRING=empty       a working keyring with nothing in it (kept in memory, per process)
// ATL_TEST_KEYRING_LOG=FILE appends one line per call ("set ACCOUNT", "delete ACCOUNT", ...).
'use strict';
const { appendFileSync } = require('node:fs');
const Module = require('node:module');
const { dirname } = require('node:path');

const mode = process.env.ATL_TEST_KEYRING ?? 'empty';
const log = process.env.ATL_TEST_KEYRING_LOG;
const entries = new Map();

function call(what, account, work) {
  if (log) appendFileSync(log, `${what} ${account}\n`);
  if (mode === 'locked' || (mode === 'read-fails' && what === 'get')) {
    return Promise.reject(new Error("Couldn't access platform storage: the keychain is locked (injected)"));
  }
  if (mode === 'hangs') {
    // A native call in progress keeps the process alive, as this timer does; atl must give up itself.
    return new Promise((resolve) => setTimeout(resolve, 600_000));
  }
  return Promise.resolve(work());
}

class AsyncEntry {
  constructor(service, account) {
    this.key = `${service}/${account}`;
    this.account = account;
  }
  getPassword() {
    return call('get', this.account, () => entries.get(this.key) ?? null);
  }
  setPassword(password) {
    return call('set', this.account, () => void entries.set(this.key, password));
  }
  deleteCredential() {
    return call('delete', this.account, () => entries.delete(this.key));
  }
}

// An ES module import of a CommonJS package takes the exports of an already loaded module from
// require's cache, so a loaded module entry under the package's path stands in for it.
const path = require.resolve('@napi-rs/keyring', { paths: [process.cwd(), __dirname] });
const fake = new Module(path);
fake.filename = path;
fake.paths = Module._nodeModulePaths(dirname(path));
fake.exports = { AsyncEntry, Entry: AsyncEntry };
fake.loaded = true;
require.cache[path] = fake;

/**
 * atlcli's Data Center logins keep the token in the macOS login Keychain, under service `atlcli`
 * with the Data Center username as the account; atlcli reads it with
 * `security find-generic-password -s atlcli -a <username> -w`. `atl auth login --username U`
 * does the same lookup, so an atlcli user's token need not be copied by hand.
 *
 * The platform and the `security` runner are parameters so that both the macOS branch and the
 * "not on macOS" refusal can be tested on any machine.
 */
import { execFile } from 'node:child_process';
import { AtlError, usageError } from '../../errors.js';

/** The Keychain service atlcli stores tokens under (atlcli's packages/core/src/auth.node.ts). */
export const ATLCLI_KEYCHAIN_SERVICE = 'atlcli';

export interface SecurityResult {
  code: number;
  stdout: string;
}

/** Runs macOS `security` with these arguments. */
export type SecurityRunner = (args: readonly string[]) => Promise<SecurityResult>;

export interface KeychainDeps {
  platform?: NodeJS.Platform;
  runSecurity?: SecurityRunner;
}

/** `security` exits 44 when no such item exists (errSecItemNotFound). */
const ITEM_NOT_FOUND = 44;

const runSecurity: SecurityRunner = (args) =>
  new Promise((resolve, reject) => {
    execFile('/usr/bin/security', [...args], { encoding: 'utf8', timeout: 30_000 }, (err, stdout) => {
      if (err === null) return resolve({ code: 0, stdout });
      const code = (err as NodeJS.ErrnoException & { code?: unknown }).code;
      // A number is the exit status; a string (ENOENT, ...) means security did not run at all.
      if (typeof code === 'number') return resolve({ code, stdout });
      reject(err);
    });
  });

/** The token atlcli keeps for `username`, read from the login Keychain; exit 2 off macOS. */
export async function atlcliKeychainToken(username: string, deps: KeychainDeps = {}): Promise<string> {
  const platform = deps.platform ?? process.platform;
  if (platform !== 'darwin') {
    throw usageError(
      '--username looks the token up in the macOS login Keychain (as atlcli does), and this is not macOS',
      'pass the token with --token-stdin (e.g. `secret-tool lookup service atlcli account USER | atl auth login ... --token-stdin`), or set ATL_API_TOKEN',
    );
  }
  const args = ['find-generic-password', '-s', ATLCLI_KEYCHAIN_SERVICE, '-a', username, '-w'];
  let result: SecurityResult;
  try {
    result = await (deps.runSecurity ?? runSecurity)(args);
  } catch (err) {
    throw new AtlError('failure', `could not run the macOS \`security\` command: ${err instanceof Error ? err.message : String(err)}`, {
      hint: 'pass the token with --token-stdin instead',
    });
  }
  const token = result.stdout.replace(/\r?\n$/, '').trim();
  if (result.code === ITEM_NOT_FOUND || (result.code === 0 && token === '')) {
    throw new AtlError(
      'auth',
      `no atlcli token for "${username}" in the login Keychain (service ${ATLCLI_KEYCHAIN_SERVICE}, account ${username})`,
      {
        hint: `check the name with \`security find-generic-password -s ${ATLCLI_KEYCHAIN_SERVICE} -a ${username}\`, or pass the token with --token-stdin`,
      },
    );
  }
  if (result.code !== 0) {
    // Exit 128 and others: the user refused access in the Keychain dialog, or the keychain is locked.
    throw new AtlError('auth', `the login Keychain did not give out the atlcli token for "${username}" (security exited ${result.code})`, {
      hint: 'unlock the keychain and allow access when macOS asks, or pass the token with --token-stdin',
    });
  }
  return token;
}

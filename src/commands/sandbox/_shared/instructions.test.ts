import { describe, expect, test } from 'vitest';
import { generateCredentials } from '../../../sandbox/auth.js';
import { pasteShellFor, powershellQuote, sandboxInstructions } from './instructions.js';

const url = 'http://127.0.0.1:8080';
const sandbox = {
  url,
  dcUrl: `${url}/dc`,
  gatewayUrl: url,
  bitbucketUrl: `${url}/2.0`,
  bitbucketDcUrl: `${url}/dc-bitbucket`,
  cloudId: '11111111-2222-4333-8444-555555555555',
  credentials: generateCredentials(),
};
const cloudToken = sandbox.credentials.cloud.token;

/** The value of a `$env:NAME='…'` line as PowerShell reads it: between the quotes, '' is one '. */
function powershellAssignments(lines: readonly string[]): Map<string, string> {
  const values = new Map<string, string>();
  for (const line of lines) {
    const match = /^ {2}\$env:(\w+)='((?:[^'\u2018-\u201b]|''|\u2018\u2018|\u2019\u2019|\u201a\u201a|\u201b\u201b)*)'$/.exec(line);
    if (match) values.set(match[1]!, match[2]!.replace(/(['\u2018-\u201b])\1/g, '$1'));
  }
  return values;
}

describe('pasteShellFor', () => {
  test('PowerShell on Windows; Git Bash/MSYS2 (MSYSTEM) and every other OS get POSIX lines', () => {
    expect(pasteShellFor('win32', {})).toBe('powershell');
    expect(pasteShellFor('win32', { MSYSTEM: 'MINGW64' })).toBe('posix');
    expect(pasteShellFor('linux', {})).toBe('posix');
    expect(pasteShellFor('darwin', {})).toBe('posix');
  });
});

describe('powershellQuote', () => {
  test.each([
    ['plain', "'plain'"],
    ["it's", "'it''s'"],
    ['$env:HOME `n "x"', '\'$env:HOME `n "x"\''],
    ['\u2019typographic\u2018', "'\u2019\u2019typographic\u2018\u2018'"],
  ])('%s', (value, quoted) => {
    expect(powershellQuote(value)).toBe(quoted);
    expect(powershellAssignments([`  $env:X=${quoted}`]).get('X')).toBe(value);
  });
});

describe('sandboxInstructions', () => {
  test('POSIX: export lines and printf logins, as pasted into bash or zsh', () => {
    const lines = sandboxInstructions(sandbox, 'demo', 'posix');
    expect(lines).toContain(`  export ATL_SANDBOX_CLOUD_TOKEN=${cloudToken}`);
    expect(lines).toContain(`  export ATL_GATEWAY_URL=${url} ATL_BITBUCKET_URL=${url}/2.0`);
    expect(lines).toContain(`  printf %s "$ATL_SANDBOX_CLOUD_TOKEN" | atl auth login --site ${url} --email demo@example.com --token-stdin`);
    expect(lines.filter((line) => line.includes('$env:'))).toEqual([]);
    expect(lines).toContain(`  Confluence Data Center   ${url}/dc`);
    expect(lines).toContain(`  Bitbucket Data Center    ${url}/dc-bitbucket`);
    expect(lines).toContain(
      `  printf %s "$ATL_SANDBOX_BITBUCKET_DC_TOKEN" | atl auth login --profile sandbox-bb-dc --bitbucket --site ${url}/dc-bitbucket --bearer --token-stdin`,
    );
  });

  test('PowerShell: $env: lines with single-quoted values, logins piping the variable, curl.exe', () => {
    const lines = sandboxInstructions(sandbox, 'demo', 'powershell');
    const assigned = powershellAssignments(lines);
    expect(assigned.get('ATL_SANDBOX_CLOUD_TOKEN')).toBe(cloudToken);
    expect(assigned.get('ATL_SANDBOX_BITBUCKET_ACCESS_TOKEN')).toBe(sandbox.credentials.bitbucketAccessToken.token);
    expect(assigned.get('ATL_GATEWAY_URL')).toBe(url);
    expect(assigned.get('ATL_BITBUCKET_URL')).toBe(`${url}/2.0`);
    expect(assigned.get('ATL_SANDBOX_BITBUCKET_DC_TOKEN')).toBe(sandbox.credentials.bitbucketDatacenter.token);
    expect(assigned.get('ATL_SANDBOX_BITBUCKET_DC_ACCESS_TOKEN')).toBe(sandbox.credentials.bitbucketDatacenterAccessToken.token);
    expect(assigned.size).toBe(13);
    expect(lines).toContain(`  $env:ATL_SANDBOX_CLOUD_TOKEN | atl auth login --site ${url} --email demo@example.com --token-stdin`);
    expect(lines).toContain(
      `  $env:ATL_SANDBOX_DC_TOKEN | atl auth login --profile sandbox-dc --site ${url}/dc --deployment datacenter --bearer --token-stdin`,
    );
    expect(lines).toContain(`  'user = "demo@example.com:' + $env:ATL_SANDBOX_CLOUD_TOKEN + '"' | curl.exe -K - ${url}/rest/api/3/myself`);
    // Nothing POSIX-only is left, and no token is in any command line.
    expect(lines.join('\n')).not.toMatch(/export |printf|"\$ATL_/);
    expect(lines.filter((line) => line.includes(cloudToken))).toEqual([`  $env:ATL_SANDBOX_CLOUD_TOKEN='${cloudToken}'`]);
  });

  test('a value with a single quote is doubled, so PowerShell reads it back unchanged', () => {
    const odd = { ...sandbox, credentials: { ...sandbox.credentials, cloud: { ...sandbox.credentials.cloud, token: "to'ken\u2019" } } };
    const lines = sandboxInstructions(odd, 'demo', 'powershell');
    expect(lines).toContain("  $env:ATL_SANDBOX_CLOUD_TOKEN='to''ken\u2019\u2019'");
    expect(powershellAssignments(lines).get('ATL_SANDBOX_CLOUD_TOKEN')).toBe("to'ken\u2019");
  });
});

import { printJson } from '../../cmdutil/json.js';
import { sanitizeText } from '../../output/terminal.js';
import { defineCommand } from '../spec.js';

const MARKS = { ok: '✓', warn: '!', fail: '✗' } as const;

export default defineCommand({
  path: ['doctor'],
  summary: 'Check the setup: Node, config, keyring, logins, clock, proxy, sites and updates',
  json: 'value',
  description:
    'Check everything atl depends on and say what to do about each problem: the Node version; config.yaml ' +
    '(valid, folder 0700 and file 0600) and the nearest .atl.yaml; the OS keyring (and which one); every ' +
    "profile's login to each product, by a real request, and its token's recorded expiry; DNS, TLS and the " +
    "clock (against the site's Date header) for each site; the proxy and extra CA certificates in use; and " +
    'whether a newer atl is published (ATL_UPDATE_URL replaces the registry address; off skips it). Each ' +
    'check is ok, warn or fail; exit 1 when any fails. --json prints a list of {check, subject, status, message, fix}.',
  examples: ['atl doctor', 'atl doctor --json', 'ATL_UPDATE_URL=off atl doctor'],
  async run(f) {
    // Loaded on use: doctor is a top-level command, whose file every run of atl loads.
    const { runChecks, liveDeps } = await import('./_checks.js');
    const checks = await runChecks(f, await liveDeps(f));
    const failed = checks.some((c) => c.status === 'fail');
    if (f.globals.json) printJson(f.io, checks);
    else {
      for (const c of checks) {
        const about = c.subject === null ? c.check : `${c.check} ${c.subject}`;
        f.io.stdout.write(sanitizeText(`${MARKS[c.status]} ${about}: ${c.message}\n${c.fix === null ? '' : `  fix: ${c.fix}\n`}`));
      }
      const count = (s: string) => checks.filter((c) => c.status === s).length;
      f.io.stdout.write(`${count('ok')} ok, ${count('warn')} warnings, ${count('fail')} failed\n`);
    }
    return failed ? 1 : 0;
  },
});

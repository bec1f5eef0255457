import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, openSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

export const ATL = fileURLToPath(new URL('../dist/atl.js', import.meta.url));
const USAGE_PRELOAD = fileURLToPath(new URL('./usage-preload.cjs', import.meta.url));

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Wall time of one run of `node <args>`, in ms; stdout goes to /dev/null. */
export function timeRun(args, env = process.env) {
  const start = performance.now();
  const result = spawnSync(process.execPath, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
  const elapsed = performance.now() - start;
  if (result.status !== 0) throw new Error(`${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  return elapsed;
}

/**
 * One run of `node <args>` (stdout to /dev/null) as the child itself measured it: CPU time (user +
 * system, ms), peak resident memory (MB), and wall time (ms) as seen from here.
 */
export function measureRun(args, env = process.env) {
  const start = performance.now();
  const result = spawnSync(process.execPath, ['--require', USAGE_PRELOAD, ...args], {
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const ms = performance.now() - start;
  if (result.status !== 0) throw new Error(`${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  const usage = /atl-bench-usage: (\{.*\})/.exec(result.stderr)?.[1];
  if (!usage) throw new Error(`${args.join(' ')} did not report its resource usage`);
  const { cpuUs, maxRssKb } = JSON.parse(usage);
  return { cpuMs: cpuUs / 1000, mb: maxRssKb / 1024, ms };
}

/** CPU time (user + system, ms) of one run of `node <args>`. */
export const cpuRun = (args, env) => measureRun(args, env).cpuMs;

/**
 * Interleaves the candidates round by round so that machine noise hits all of them alike, and
 * returns the median of each.
 */
export function compare(candidates, rounds) {
  const samples = Object.fromEntries(Object.keys(candidates).map((k) => [k, []]));
  for (let i = 0; i < rounds; i += 1) {
    for (const [name, run] of Object.entries(candidates)) samples[name].push(run());
  }
  return Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, median(v)]));
}

/**
 * `atl sandbox --port 0 --seed empty --json` (or another `seed`) in a child process, as a user would run it. Resolves
 * once it prints its URLs and credentials; `stop()` ends it. The child is also killed if this
 * process exits first, so a failing benchmark leaves no server behind.
 */
export async function startSandbox(seed = 'empty') {
  const child = spawn(process.execPath, [ATL, 'sandbox', '--port', '0', '--seed', seed, '--json'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const killChild = () => child.kill('SIGTERM');
  process.on('exit', killChild);
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (text) => {
    stderr += text;
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const lines = createInterface({ input: child.stdout });
  const firstLine = await Promise.race([
    new Promise((resolve) => lines.once('line', resolve)),
    exited.then((code) => {
      throw new Error(`atl sandbox exited ${code} before it was ready: ${stderr}`);
    }),
  ]);
  lines.close();
  child.stdout.resume();
  const info = JSON.parse(firstLine);
  return {
    info,
    async stop() {
      process.off('exit', killChild);
      killChild();
      await exited;
    },
  };
}

/** POST with Basic auth and a JSON body; returns the parsed JSON answer. */
export async function postJson(url, { email, token }, body) {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${email}:${token}`).toString('base64')}`,
      'content-type': 'application/json',
      accept: 'application/json',
    },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`POST ${new URL(url).pathname} answered ${response.status}: ${await response.text()}`);
  return response.json();
}

/**
 * The environment of an atl run with an env-only profile in an empty home (`scratch`): nothing read
 * from or written to the user's config. Cloud (Basic) with an email, Data Center (Bearer) without.
 */
export function envOnlyProfile(scratch, site, { email, token }) {
  return {
    PATH: process.env.PATH ?? '',
    HOME: scratch,
    ATL_CONFIG_DIR: join(scratch, 'config'),
    ATL_KEYRING: 'off',
    ATL_SITE: site,
    ATL_API_TOKEN: token,
    ...(email === undefined ? { ATL_AUTH_TYPE: 'bearer', ATL_DEPLOYMENT: 'datacenter' } : { ATL_EMAIL: email, ATL_DEPLOYMENT: 'cloud' }),
  };
}

// What `atl jira search --json` requests when --fields is not given (src/jira/search.ts).
const SEARCH_FIELDS = 'issuetype,status,priority,assignee,updated,summary';
const FLOOR = fileURLToPath(new URL('./jira-search-floor.mjs', import.meta.url));

/**
 * `atl jira search --project P --all --json` and the floor (bench/jira-search-floor.mjs) against
 * one sandbox, as Cloud (Basic, POST search/jql) or Data Center (Bearer, GET search with startAt).
 * Both run with an env-only profile in an empty home: nothing read from or written to the user's config.
 */
export function searchRunners(sandbox, scratch, deployment) {
  const dc = deployment === 'dc';
  const site = dc ? sandbox.info.dcUrl : sandbox.info.url;
  const { email, token } = dc ? { email: undefined, token: sandbox.info.credentials.datacenter.token } : sandbox.info.credentials.cloud;
  const atlEnv = envOnlyProfile(scratch, site, dc ? { token } : { email, token });
  const atlArgs = (project) => [ATL, 'jira', 'search', '--project', project, '--all', '--json'];
  const floorEnv = (jql) => ({
    PATH: process.env.PATH ?? '',
    FLOOR_MODE: dc ? 'dc' : 'cloud',
    FLOOR_SITE: site,
    FLOOR_TOKEN: token,
    ...(email ? { FLOOR_EMAIL: email } : {}),
    FLOOR_JQL: jql,
    FLOOR_FIELDS: SEARCH_FIELDS,
  });

  /** Runs `node <args>` with stdout in a file; returns the file's sha256 and size, and stderr. */
  const printTo = (name, args, env) => {
    const path = join(scratch, name);
    const fd = openSync(path, 'w');
    const result = spawnSync(process.execPath, args, { env, stdio: ['ignore', fd, 'pipe'], encoding: 'utf8' });
    closeSync(fd);
    if (result.status !== 0) throw new Error(`${name}: exited ${result.status}: ${result.stderr}`);
    const bytes = readFileSync(path);
    rmSync(path);
    return { sha256: createHash('sha256').update(bytes).digest('hex'), size: bytes.length, stderr: result.stderr };
  };

  return {
    atl: (project) => [atlArgs(project), atlEnv],
    floor: (jql) => [[FLOOR], floorEnv(jql)],
    /**
     * Prints once with each, checks they printed the same bytes and that atl made one request per
     * page; returns the JQL atl sent (from its --debug log, so the floor asks exactly the same).
     */
    checkSameOutput(project, expectedCount) {
      const atl = printTo(`atl-${deployment}-${project}.json`, [...atlArgs(project), '--debug'], atlEnv);
      const jql = /^jql: (.*)$/m.exec(atl.stderr)?.[1];
      if (!jql) throw new Error('atl --debug did not log its JQL');
      const floor = printTo(`floor-${deployment}-${project}.json`, [FLOOR], floorEnv(jql));
      if (atl.sha256 !== floor.sha256)
        throw new Error(`atl and the floor printed different output for ${project} (${atl.size} vs ${floor.size} bytes)`);
      const pages = (atl.stderr.match(/^--> (POST|GET) \S+\/search/gm) ?? []).length;
      if (pages !== Math.ceil(expectedCount / 100))
        throw new Error(`atl made ${pages} requests for ${expectedCount} issues, not ${Math.ceil(expectedCount / 100)}`);
      return { jql, mb: atl.size / 1024 / 1024 };
    },
  };
}

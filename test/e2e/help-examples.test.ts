// Every example in every --help runs green against the sandbox: a copied example that fails is the
// first thing a new user meets. Each example runs as written through bash (pipes, redirections, $VAR),
// with `atl` on PATH, in a fresh copy of a home that holds the profiles the examples name, after
// these substitutions, and nothing else: the project ABC is DEMO (ABC-123 a fresh DEMO issue, so
// examples that delete or move it do not meet each other), the sites and e-mails are the sandbox's,
// and a `--token-stdin` with nothing piped gets the matching sandbox token on stdin. Bitbucket
// examples run in a checkout of demo-workspace/demo-app (its origin a bitbucket.org URL that git maps to a
// local bare repository the sandbox knows, on `feature/login`, whose pull request is 1), with
// acme/website that repository, the workspace acme demo-workspace and the project WEB its project PROJ;
// examples run as the profile corp run on the sandbox's Bitbucket Data Center (corp's Bitbucket login),
// with WEB its project DEMO, so each runs against the deployment it describes; what they change is their own: a fresh pull request for a numbered one, a fresh running pipeline
// to stop, a fresh name for the branch fix-footer and the repository they create.
import { spawn } from 'node:child_process';
import { chmod, cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import allSpecs from 'virtual:atl-commands';
import { rootExamples } from '../../src/cli.js';
import { bitbucketStoreOf } from '../../src/sandbox/bitbucket/routes.js';
import { buildLog, type Repository } from '../../src/sandbox/bitbucket/store.js';
import { jiraStoreOf } from '../../src/sandbox/jira/routes.js';
import { addAttachment } from '../../src/sandbox/jira/attachment-store.js';
import { adfFromPlainText } from '../../src/sandbox/jira/richtext.js';
import { seedIssues } from '../../src/sandbox/jira/seed.js';
import parseArgsStringToArgv from 'string-argv';
import { ATL_BIN, ATL_RUN_TIMEOUT_MS, createTestHome, type TestHome } from '../support/atl.js';
import { skipWithout } from '../support/prerequisite.js';
import { KEYS, onPty, whyNoPty } from '../support/pty.js';
import { startTestSandbox, type TestSandbox } from '../support/sandbox.js';
import { noteSpawn } from '../support/spawn-log.js';
import { type BitbucketCheckout, bitbucketCheckout } from './bitbucket-support.js';

/** Every example, once, with where it is shown. */
function collectExamples(): Array<{ where: string; example: string }> {
  const seen = new Map<string, string>();
  for (const example of rootExamples) seen.set(example, 'atl');
  for (const spec of allSpecs) {
    for (const example of spec.examples ?? []) if (!seen.has(example)) seen.set(example, `atl ${spec.path.join(' ')}`);
  }
  return [...seen].map(([example, where]) => ({ example, where }));
}

const examples = collectExamples();
const skipPty = skipWithout('help examples that ask questions on a terminal', await whyNoPty());

/**
 * Examples meant for a person at a terminal (they ask before deleting, or walk through a login):
 * run on a pseudo-terminal, with these answers typed at these prompts.
 */
function terminalAnswers(example: string): Array<[prompt: string | RegExp, keys: string]> | undefined {
  const { cloud } = sandbox.credentials;
  const wizard: Array<[string | RegExp, string]> = [
    ['What do you log in to?', KEYS.enter],
    ['Site (e.g. example.atlassian.net):', `${sandbox.url}${KEYS.enter}`],
    ['Email:', `${cloud.email}${KEYS.enter}`],
    ['API token:', `${cloud.token}${KEYS.enter}`],
    ['Token expiry date YYYY-MM-DD (optional):', KEYS.enter],
  ];
  const answers: Record<(typeof TERMINAL_EXAMPLES)[number], Array<[string | RegExp, string]>> = {
    'atl auth delete old-site': [[/Delete profile "old-site"/, `y${KEYS.enter}`]],
    'atl jira issue delete ABC-123': [[/Delete DEMO-\d+\?/, `y${KEYS.enter}`]],
    'atl jira issue comment delete ABC-123 10001': [[/Delete comment \d+ on DEMO-\d+\?/, `y${KEYS.enter}`]],
    'atl auth init': [['Profile name:', `personal${KEYS.enter}`], ...wizard],
    'atl auth init --storage file': [['Profile name:', `personal${KEYS.enter}`], ...wizard],
    'atl --profile work auth init': wizard,
    'atl jira issue create   # on a terminal: pick the project, type, priority and assignee; write the description in $EDITOR': [
      ['Project:', KEYS.enter],
      ['Issue type:', KEYS.enter],
      ['Summary:', `Created on a terminal${KEYS.enter}`],
      ['Write a description in your editor?', `y${KEYS.enter}`],
      ['Priority:', KEYS.enter],
      ['Assignee:', KEYS.enter],
    ],
  };
  return answers[example as (typeof TERMINAL_EXAMPLES)[number]];
}

const TERMINAL_EXAMPLES = [
  'atl auth delete old-site',
  'atl jira issue delete ABC-123',
  'atl jira issue comment delete ABC-123 10001',
  'atl auth init',
  'atl auth init --storage file',
  'atl --profile work auth init',
  'atl jira issue create   # on a terminal: pick the project, type, priority and assignee; write the description in $EDITOR',
] as const;
const onTerminal = (example: string) => (TERMINAL_EXAMPLES as readonly string[]).includes(example);

/** Profiles the examples name; each is logged in to the sandbox's Cloud site, the first two also to Bitbucket. */
const PROFILES = ['default', 'work', 'ci', 'old-site'] as const;

let sandbox: TestSandbox;
let template: TestHome;
let shims: string;
let checkout: BitbucketCheckout;

beforeAll(async () => {
  sandbox = await startTestSandbox({ seed: 'demo' });
  template = await createTestHome({ ATL_GATEWAY_URL: sandbox.gatewayUrl, ATL_BITBUCKET_URL: sandbox.bitbucketUrl });
  const { cloud, bitbucket } = sandbox.credentials;
  for (const profile of PROFILES) {
    const jira = await template.run(
      ['--profile', profile, 'auth', 'login', '--site', sandbox.url, '--email', cloud.email, '--token-stdin'],
      {
        input: cloud.token,
      },
    );
    expect(jira.code, jira.stderr).toBe(0);
    if (profile === 'default' || profile === 'work') {
      const bb = await template.run(
        [
          '--profile',
          profile,
          'auth',
          'login',
          '--bitbucket',
          '--email',
          bitbucket.email,
          '--workspace',
          'demo-workspace',
          '--token-stdin',
        ],
        { input: bitbucket.token },
      );
      expect(bb.code, bb.stderr).toBe(0);
    }
  }
  // "corp" is the Data Center profile of the examples: its Bitbucket login is the sandbox's Bitbucket Data Center.
  const corp = await template.run(
    ['--profile', 'corp', 'auth', 'login', '--bitbucket', '--site', sandbox.bitbucketDcUrl, '--bearer', '--token-stdin'],
    { input: sandbox.credentials.bitbucketDatacenter.token },
  );
  expect(corp.code, corp.stderr).toBe(0);
  // "work" keeps Confluence on Data Center too (a login of its own), for the examples that manage one.
  const wiki = await template.run(
    ['--profile', 'work', 'auth', 'login', '--confluence', '--site', sandbox.dcUrl, '--bearer', '--token-stdin'],
    {
      input: sandbox.credentials.datacenter.token,
    },
  );
  expect(wiki.code, wiki.stderr).toBe(0);
  // What `atl auth import --from <tool>` reads: each tool's own files, pointing at the sandbox.
  const files: Record<string, string> = {
    '.atlcli/credentials.json': JSON.stringify({
      currentProfile: 'atlcli',
      profiles: { atlcli: { name: 'atlcli', baseUrl: sandbox.url, email: cloud.email, apiToken: cloud.token } },
    }),
    '.config/.jira/.config.yml': `installation: Cloud\nserver: ${sandbox.url}\nlogin: ${cloud.email}\nauth_type: basic\n`,
    '.config/atla/config.toml': `[profiles.atla]\ninstance = "${sandbox.url}"\nemail = "${cloud.email}"\ncredential_store = "file"\n`,
    '.config/atla/credentials.toml': `[tokens."atla|${cloud.email}|${sandbox.url}"]\ntoken = "${cloud.token}"\n`,
  };
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(template.home, path)), { recursive: true });
    await writeFile(join(template.home, path), text);
  }
  shims = await mkdtemp(join(tmpdir(), 'atl-shims-'));
  await writeFile(join(shims, 'atl'), `#!/bin/sh\nexec "${process.execPath}" "${ATL_BIN}" "$@"\n`);
  await chmod(join(shims, 'atl'), 0o755);
  prepareBitbucket();
}, 120_000);

afterAll(async () => {
  await sandbox?.stop();
  await template?.cleanup();
  if (shims) await rm(shims, { recursive: true, force: true });
});

/** The example with the sandbox in place of the sites, accounts and project it names. */
function localise(example: string, issueKey: string, otherKey: string): string {
  const { cloud } = sandbox.credentials;
  return example
    .replaceAll('ABC-123', issueKey)
    .replaceAll('ABC-124', otherKey)
    .replace(/\bABC\b/g, 'DEMO')
    .replace(/\bXYZ\b/g, 'OPS')
    .replaceAll('https://example.atlassian.net', sandbox.url)
    .replaceAll('example.atlassian.net', sandbox.url)
    .replaceAll('https://jira.corp.example.com', sandbox.dcUrl)
    .replaceAll('https://wiki.corp.example.com', sandbox.dcUrl)
    .replaceAll('https://git.corp.example.com', sandbox.bitbucketDcUrl)
    .replaceAll('https://api.bitbucket.org/2.0', sandbox.bitbucketUrl)
    .replaceAll('http://127.0.0.1:8080', sandbox.url)
    .replaceAll('me@example.com', cloud.email)
    .replaceAll('bot@serviceaccount.atlassian.com', sandbox.credentials.serviceAccountWriter.email)
    .replaceAll('bot@example.com', cloud.email);
}

/** What `--token-stdin` reads when the example pipes nothing: the token of the login it makes. */
function tokenFor(command: string): string {
  const c = sandbox.credentials;
  if (command.includes(sandbox.bitbucketDcUrl)) return c.bitbucketDatacenter.token;
  if (command.includes('--bitbucket')) return command.includes('--bearer') ? c.bitbucketAccessToken.token : c.bitbucket.token;
  if (command.includes('--scoped') || command.includes('serviceaccount')) return c.serviceAccountWriter.token;
  if (command.includes(sandbox.dcUrl)) return c.datacenter.token;
  return c.cloud.token;
}

const WORKSPACE = 'demo-workspace';
/** The commit the Bitbucket examples name. */
const NAMED_COMMIT = '3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a';
const FOOTER_DIFF = `diff --git a/src/footer.ts b/src/footer.ts
index 1a2b3c4..5d6e7f8 100644
--- a/src/footer.ts
+++ b/src/footer.ts
@@ -8,6 +8,6 @@ export function footer(year: number) {
   const links = [
     { title: 'Home', href: '/' },
     { title: 'Docs', href: '/docs' },
-    { title: 'Contact', href: '/contcat' },
+    { title: 'Contact', href: '/contact' },
   ];
   return links.map((link) => \`<a href="\${link.href}">\${link.title}</a>\`).join(' | ');
`;

function demoApp(): Repository {
  return bitbucketStoreOf(sandbox).requireRepository('cloud', WORKSPACE, 'demo-app');
}

/**
 * The checkout the Bitbucket examples run in (git's config in the template home, for
 * GIT_CONFIG_GLOBAL), the sandbox told of its commits; the commit and branch the examples name;
 * pipelines run through the API quick, so `--watch` ends soon.
 */
function prepareBitbucket(): void {
  const store = bitbucketStoreOf(sandbox);
  const repo = demoApp();
  const gitConfig = join(template.home, '.gitconfig');
  template.env.GIT_CONFIG_GLOBAL = gitConfig;
  template.env.GIT_CONFIG_NOSYSTEM = '1';
  const full = `${WORKSPACE}/demo-app`;
  const { username } = sandbox.credentials.bitbucket;
  checkout = bitbucketCheckout(shims, `git@bitbucket.org:${full}.git`, {
    gitConfig,
    insteadOf: [
      `git@bitbucket.org:${full}.git`,
      `ssh://git@bitbucket.org/${full}.git`,
      `https://bitbucket.org/${full}.git`,
      `https://${username}@bitbucket.org/${full}.git`,
    ],
  });
  checkout.git('checkout', '-q', 'feature/login');
  checkout.publish(store, repo);
  const main = repo.branches.get('main')!;
  const status = { key: 'ci-build', name: 'CI build', state: 'SUCCESSFUL' } as const;
  store.setStatus(repo, { ...status, commit: repo.branches.get('feature/login')!, refname: 'feature/login' });
  store.addCommit(repo, { hash: NAMED_COMMIT, message: 'Fix the footer links', parents: [main] });
  store.setStatus(repo, { ...status, commit: NAMED_COMMIT, refname: 'main' });
  store.setBranch(repo, 'old-work', main);
  store.stepMs = 200;
}

/** Bitbucket examples: its commands (as any profile), and `atl api` on Bitbucket Cloud's `/2.0/…` paths. */
const isBitbucket = (example: string) => /^atl (--profile \S+ )?(bb|bitbucket)\b|^atl api \/2\.0\//.test(example);
/** The examples run as the Data Center profile. */
const onDataCenter = (example: string) => /^atl --profile corp\b/.test(example);
let freshNames = 0;

/**
 * A Bitbucket example with the sandbox's names, and what it changes made its own: `fix-footer` a
 * fresh branch (there unless the example creates it), PR 1 a fresh pull request of it (but for
 * `pr checkout`, which checks out the checkout's own), pipeline 1 to stop a fresh running one.
 */
function prepareBitbucketExample(example: string): { command: string; branch: string } {
  const store = bitbucketStoreOf(sandbox);
  const repo = demoApp();
  const n = ++freshNames;
  const branch = `fix-footer-${n}`;
  let command = example
    .replaceAll('acme/website', `${WORKSPACE}/demo-app`)
    .replace(/--workspace acme\b/g, `--workspace ${WORKSPACE}`)
    .replace(/--project WEB\b/g, onDataCenter(example) ? '--project DEMO' : '--project PROJ')
    .replace(/\brepo create website\b/, `repo create website-${n}`)
    .replace(/\bfix-footer\b/g, branch);
  const prNumber = /\bpr (?!checkout\b)([a-z-]+) 1\b/;
  if ((command.includes(branch) && !/\bbranch create\b/.test(command)) || prNumber.test(command)) {
    const hash = store.addCommit(repo, { message: 'Fix the footer', parents: [repo.branches.get('main')!], seed: branch }).hash;
    store.setBranch(repo, branch, hash);
  }
  const user = (name: string) => store.userByName(name)!;
  const me = user(sandbox.credentials.bitbucket.username);
  if (prNumber.test(command)) {
    const pr = store.addPullRequest(repo, {
      title: 'Fix the footer',
      source: branch,
      authorUuid: user('carol').uuid,
      reviewers: [me.uuid, user('bob').uuid],
      diff: FOOTER_DIFF,
    });
    if (/\bpr unapprove\b/.test(command)) store.review(pr, me.uuid, 'approved');
    command = command.replace(prNumber, `pr $1 ${pr.id}`);
  }
  if (/\bpipeline stop 1\b/.test(command)) {
    const running = store.addPipeline(repo, {
      refName: 'main',
      creatorUuid: me.uuid,
      trigger: 'PUSH',
      steps: [{ name: 'Build', durationMs: 3_600_000, log: buildLog('npm ci') }],
    });
    command = command.replace(/\bpipeline stop 1\b/, `pipeline stop ${running.buildNumber}`);
  }
  return { command, branch };
}

/** For `pr create` from the checkout: a fresh branch with a commit, pushed, as Bitbucket then knows it. */
async function pushBranch(branch: string, cwd: string, env: NodeJS.ProcessEnv): Promise<void> {
  const pushed = await bash(
    `git checkout -q -b ${branch} && git commit -q --allow-empty -m "Fix the footer" && git push -q -u origin ${branch} && git rev-parse HEAD`,
    cwd,
    env,
    undefined,
  );
  expect(pushed.code, pushed.stderr).toBe(0);
  bitbucketStoreOf(sandbox).importRefs(demoApp(), [{ name: branch, hash: pushed.stdout.trim() }]);
}

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `command` through bash. `untilOutput`: a server that runs until Ctrl-C (`atl sandbox`) is
 * interrupted once its stdout has said it is up; it then must end as interrupted (130).
 */
function bash(command: string, cwd: string, env: NodeJS.ProcessEnv, input: string | undefined, untilOutput?: RegExp): Promise<Ran> {
  return new Promise((resolve, reject) => {
    noteSpawn(`bash ${command.slice(0, 40)}`);
    const child = spawn('bash', ['-o', 'pipefail', '-c', untilOutput ? `exec ${command}` : command], {
      cwd,
      env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
      if (untilOutput?.test(stdout)) child.kill('SIGINT');
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), ATL_RUN_TIMEOUT_MS);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(input ?? '');
  });
}

/** A fresh copy of the template home, and a working directory with the files examples read. */
async function freshHome(uploads = false, inCheckout = false): Promise<{ env: NodeJS.ProcessEnv; cwd: string; cleanup(): Promise<void> }> {
  const root = await mkdtemp(join(tmpdir(), 'atl-example-'));
  const home = join(root, 'home');
  await cp(template.home, home, { recursive: true });
  const env: NodeJS.ProcessEnv = Object.fromEntries(
    Object.entries(template.env).map(([name, value]) => [name, value.replaceAll(template.home, home)]),
  );
  env.PATH = `${shims}:${env.PATH}`;
  env.TOKEN = sandbox.credentials.cloud.token;
  env.JIRA_API_TOKEN = sandbox.credentials.cloud.token;
  // The editor `issue create` opens on a terminal: writes the description and exits.
  env.EDITOR = `"${process.execPath}" -e "require('node:fs').writeFileSync(process.argv[1], 'Written in **the editor**')"`;
  const cwd = join(root, 'work');
  if (inCheckout) await cp(checkout.work, cwd, { recursive: true });
  else await mkdir(cwd);
  await writeFile(join(cwd, 'token.txt'), sandbox.credentials.cloud.token);
  await writeFile(join(cwd, 'notes.md'), '## Notes\n\nFixed in **1.4**.\n');
  await writeFile(join(cwd, 'bug.md'), 'Steps:\n\n1. open the page\n2. save\n');
  await writeFile(join(cwd, 'review.md'), 'Two nits, otherwise **good to go**.\n');
  await mkdir(join(home, 'Downloads'));
  if (uploads) {
    // What the upload examples send (a download example saves into this same folder, so only then).
    await mkdir(join(cwd, 'logs'));
    await writeFile(join(cwd, 'logs', 'app.log'), 'INFO started\n');
    for (const name of ['screenshot.png', 'report.pdf', 'build.zip']) await writeFile(join(cwd, name), `${name} bytes`);
  }
  return { env, cwd, cleanup: () => rm(root, { recursive: true, force: true }) };
}

async function gitRepo(cwd: string, env: NodeJS.ProcessEnv): Promise<void> {
  const made = await bash(
    'git init -q && git -c user.email=dev@example.com -c user.name=Dev commit -q --allow-empty -m "Fix the login page"',
    cwd,
    env,
    undefined,
  );
  expect(made.code, made.stderr).toBe(0);
}

/** A colleague in the demo data: the fresh issues are theirs, so the demo user may vote on them. */
const REPORTER = '5b10a2844c20165700ede21g';

/**
 * Fresh DEMO issues for ABC-123 and ABC-124, so no two examples meet: the first with a comment (for
 * comment 10001), attachments (screenshot.png, app.log, report.pdf; 10042 is the report), and, for
 * `unlink`, the links the example removes. Returns the example with the sandbox in place of what it names.
 */
function prepare(example: string): string {
  const store = jiraStoreOf(sandbox);
  const [issue, other] = seedIssues(store, 2, { project: 'DEMO', summaryPrefix: 'example' });
  issue!.reporterId = REPORTER;
  const comment = store.addComment(issue!, { format: 'adf', doc: adfFromPlainText('Looks good') }, REPORTER);
  const file = (filename: string, mimeType: string, text: string) =>
    addAttachment(store, { issueId: issue!.id, filename, mimeType, content: Buffer.from(text), authorId: REPORTER });
  file('screenshot.png', 'image/png', 'not really a PNG');
  file('app.log', 'text/plain', 'INFO started\nERROR timeout talking to the database\n');
  const report = file('report.pdf', 'application/pdf', '%PDF-1.4 not really');
  if (example.includes(' unlink ')) {
    store.addLink('Blocks', issue!, other!);
    store.putRemoteLink(issue!, { object: { url: 'https://example.com/spec', title: 'The spec' } });
  }
  return localise(example, issue!.key, other!.key)
    .replace(/\b10001\b/, comment.id)
    .replace(/\b10042\b/, report.id);
}

describe.each(examples.filter(({ example }) => !onTerminal(example)))('$where: $example', ({ example }) => {
  test.concurrent('runs green against the sandbox', async () => {
    const bb = isBitbucket(example) ? prepareBitbucketExample(example) : undefined;
    const command = bb ? bb.command : prepare(example);
    const { env, cwd, cleanup } = await freshHome(command.includes(' upload '), bb !== undefined);
    try {
      if (command.includes('git ')) await gitRepo(cwd, env);
      if (bb && /\bpr create\b/.test(command) && !command.includes('--source')) await pushBranch(bb.branch, cwd, env);
      const pipedOrRedirected = /\|\s*atl\b|<\s*\S/.test(command);
      const input = command.includes('--token-stdin') && !pipedOrRedirected ? tokenFor(command) : undefined;
      // `atl sandbox` serves until Ctrl-C; on a fixed port it could meet another program there.
      const server = /^atl sandbox\b/.test(command);
      const run = server ? command.replace(/--port \d+/, '').replace(/^atl sandbox/, 'atl sandbox --port 0') : command;
      const ran = await bash(run, cwd, env, input, server ? /running|"url"/ : undefined);
      if (/#\s*macOS:/.test(example) && process.platform !== 'darwin') {
        // Documented as macOS only: elsewhere it must refuse, saying so (the Keychain is not there).
        expect(ran.code, `${run}\n${ran.stderr}`).toBe(2);
        expect(ran.stderr).toContain('this is not macOS');
        return;
      }
      expect(ran.code, `${run}\n${ran.stderr}`).toBe(server ? 130 : 0);
    } finally {
      await cleanup();
    }
  });
});

describe.skipIf(skipPty).each(examples.filter(({ example }) => onTerminal(example)))('$where: $example', ({ example }) => {
  test.concurrent('runs green on a terminal against the sandbox, its questions answered', async () => {
    const command = prepare(example);
    const { env, cleanup } = await freshHome();
    try {
      const pty = onPty(ATL_BIN, parseArgsStringToArgv(command.replace(/\s+#.*$/, '')).slice(1), { env });
      for (const [prompt, keys] of terminalAnswers(example)!) await pty.answer(prompt, keys);
      const { code, screen } = await pty.exit();
      expect(code, `${command}\n${screen}`).toBe(0);
    } finally {
      await cleanup();
    }
  });
});

/**
 * The git commands atl runs: always `git` by execFile with an argument list, never through a shell,
 * so a branch or URL is never read as shell syntax.
 */
import { AtlError } from '../errors.js';

export interface GitResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs git in `cwd` and returns what it printed; a missing git is exit 1 with a hint. */
export async function runGit(args: readonly string[], cwd: string = process.cwd()): Promise<GitResult> {
  const { execFile } = await import('node:child_process');
  return new Promise((resolve, reject) => {
    execFile(
      'git',
      [...args],
      { cwd, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, GIT_TERMINAL_PROMPT: '0' } },
      (err, stdout, stderr) => {
        if (err && (err as NodeJS.ErrnoException).code === 'ENOENT') {
          reject(new AtlError('failure', 'git is not installed or not on PATH', { hint: 'install git, or pass --repo WORKSPACE/REPO' }));
          return;
        }
        const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : 1) : 0;
        resolve({ code, stdout: String(stdout), stderr: String(stderr) });
      },
    );
  });
}

/** Runs git and returns its stdout, or throws exit 1 with git's own message. */
export async function gitOutput(args: readonly string[], cwd?: string): Promise<string> {
  const result = await runGit(args, cwd);
  if (result.code !== 0) throw new AtlError('failure', `git ${args[0]} failed: ${result.stderr.trim() || `exit ${result.code}`}`);
  return result.stdout;
}

/**
 * Runs git with its output forwarded (clone, fetch, checkout show their progress on stderr) and
 * returns its exit code. `write` receives everything git prints.
 */
export async function runGitForwarded(
  args: readonly string[],
  write: (chunk: string) => void,
  cwd: string = process.cwd(),
): Promise<number> {
  const { spawn } = await import('node:child_process');
  return new Promise((resolve, reject) => {
    const child = spawn('git', [...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, GIT_TERMINAL_PROMPT: '0' } });
    child.stdout.on('data', (chunk: Buffer) => write(chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => write(chunk.toString('utf8')));
    child.on('error', (err) => {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') reject(new AtlError('failure', 'git is not installed or not on PATH'));
      else reject(err);
    });
    child.on('close', (code) => resolve(code ?? 1));
  });
}

/** Whether `cwd` is inside a git work tree. */
export async function insideCheckout(cwd?: string): Promise<boolean> {
  const result = await runGit(['rev-parse', '--is-inside-work-tree'], cwd);
  return result.code === 0 && result.stdout.trim() === 'true';
}

/**
 * The remotes as configured, name → URL, origin first. Read from the config rather than
 * `git remote get-url`, which applies `insteadOf` rewrites and so would hide the Bitbucket URL.
 */
export async function remoteUrls(cwd?: string): Promise<Array<{ name: string; url: string }>> {
  const result = await runGit(['config', '--get-regexp', '^remote\\..*\\.url$'], cwd);
  if (result.code !== 0) return [];
  const remotes: Array<{ name: string; url: string }> = [];
  for (const line of result.stdout.split('\n')) {
    const match = /^remote\.(.+)\.url\s+(.+)$/.exec(line.trim());
    if (match) remotes.push({ name: match[1]!, url: match[2]! });
  }
  return remotes.sort((a, b) => Number(b.name === 'origin') - Number(a.name === 'origin'));
}

/** The checked-out branch, or null on a detached HEAD or outside a checkout. */
export async function currentBranch(cwd?: string): Promise<string | null> {
  const result = await runGit(['symbolic-ref', '--short', '-q', 'HEAD'], cwd);
  const name = result.stdout.trim();
  return result.code === 0 && name !== '' ? name : null;
}

/** The host an SSH alias stands for (`ssh -G` prints the configuration without connecting); null when ssh cannot say. */
export async function sshHostname(alias: string): Promise<string | null> {
  if (!/^[A-Za-z0-9._-]+$/.test(alias)) return null;
  const { execFile } = await import('node:child_process');
  return new Promise((resolve) => {
    execFile('ssh', ['-G', alias], { timeout: 5000 }, (err, stdout) => {
      if (err) return resolve(null);
      const match = /^hostname\s+(\S+)$/m.exec(String(stdout));
      resolve(match ? match[1]!.toLowerCase() : null);
    });
  });
}

/** The branch's upstream (`origin/feature`), or null when it has none. */
export async function upstreamOf(branch: string, cwd?: string): Promise<string | null> {
  const result = await runGit(['rev-parse', '--abbrev-ref', '--symbolic-full-name', `${branch}@{upstream}`], cwd);
  const name = result.stdout.trim();
  return result.code === 0 && name !== '' ? name : null;
}

/** How many commits `head` has that `base` lacks; null when either is unknown to git. */
export async function commitsAhead(base: string, head: string, cwd?: string): Promise<number | null> {
  const result = await runGit(['rev-list', '--count', `${base}..${head}`, '--'], cwd);
  return result.code === 0 ? Number(result.stdout.trim()) : null;
}

/** The commits in `base..head`, newest first, as subject and body. */
export async function commitMessages(base: string, head: string, cwd?: string): Promise<Array<{ subject: string; body: string }>> {
  const result = await runGit(['log', '--format=%s%x1f%b%x1e', `${base}..${head}`, '--'], cwd);
  if (result.code !== 0) return [];
  return result.stdout
    .split('\x1e')
    .map((entry) => entry.replace(/^\n/, ''))
    .filter((entry) => entry.trim() !== '')
    .map((entry) => {
      const [subject, body] = entry.split('\x1f');
      return { subject: (subject ?? '').trim(), body: (body ?? '').trim() };
    });
}

export async function localBranchExists(name: string, cwd?: string): Promise<boolean> {
  return (await runGit(['show-ref', '--verify', '--quiet', `refs/heads/${name}`], cwd)).code === 0;
}

import { bitbucketContext } from '../../../bitbucket/context.js';
import { runGitForwarded } from '../../../bitbucket/git.js';
import { repoFromFlag } from '../../../bitbucket/repo-target.js';
import { cloneUrl, getRepository } from '../../../bitbucket/repos.js';
import { printJson } from '../../../cmdutil/json.js';
import { Option } from '../../../cmdutil/option.js';
import { AtlError } from '../../../errors.js';
import { defineCommand } from '../../spec.js';

export default defineCommand({
  path: ['bitbucket', 'repo', 'clone'],
  summary: 'Clone a repository with git, by the clone URL Bitbucket gives',
  description:
    "Runs `git clone URL [DIR]` with the repository's own clone link (HTTPS unless --protocol ssh); git's output goes to stderr; --json prints the URL and directory.",
  json: 'value',
  arguments: '<repo> [dir]',
  examples: [
    'atl bb repo clone acme/website',
    'atl bb repo clone acme/website site --protocol ssh',
    'atl bb repo clone acme/website --workspace acme',
  ],
  options: (command) =>
    command
      .addOption(
        new Option('--protocol <protocol>', 'clone over https or ssh').choices(['https', 'ssh'] as const).default('https' as const),
      )
      .option('--workspace <workspace>', "Cloud workspace for a bare REPO (default: the login's workspace)"),
  async run(f, args, options) {
    const ctx = await bitbucketContext(f);
    const ref = repoFromFlag(ctx, args[0]!, options.workspace);
    const repo = await getRepository(ctx, ref);
    const url = cloneUrl(repo, options.protocol);
    if (url === undefined)
      throw new AtlError('failure', `Bitbucket gave no ${options.protocol} clone link for ${ref.owner}/${ref.slug}`, {
        hint: `try --protocol ${options.protocol === 'https' ? 'ssh' : 'https'}`,
      });
    const code = await runGitForwarded(['clone', '--', url, ...(args[1] === undefined ? [] : [args[1]])], (chunk) =>
      f.io.stderr.write(chunk),
    );
    if (code !== 0) throw new AtlError('failure', `git clone exited with ${code}`);
    const directory = args[1] ?? ref.slug;
    if (f.globals.json) printJson(f.io, { url, directory });
    else f.io.stderr.write(`cloned ${ref.owner}/${ref.slug} into ${directory}\n`);
  },
});

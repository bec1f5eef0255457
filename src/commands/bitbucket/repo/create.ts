import { bitbucketContext } from '../../../bitbucket/context.js';
import { createRepository, createRepositoryRequest, repositoryWebUrl } from '../../../bitbucket/repos.js';
import { printJson } from '../../../cmdutil/json.js';
import { usageError } from '../../../errors.js';
import { sanitizeText } from '../../../output/terminal.js';
import { soleWorkspace } from '../../../bitbucket/users.js';
import { defineCommand } from '../../spec.js';
import { dryRunFlag } from '../_shared/flags.js';
import { printDryRun } from '../_shared/output.js';

export default defineCommand({
  path: ['bitbucket', 'repo', 'create'],
  summary: 'Create a repository in a workspace (Cloud) or project (Data Center)',
  json: 'value',
  arguments: '<name>',
  examples: [
    'atl bb repo create website --workspace acme --private',
    'atl --profile corp bb repo create website --project WEB --description "The public site"   # Data Center: --project is required',
    'atl --profile corp bb repo create website --project WEB --dry-run',
  ],
  options: (command) =>
    dryRunFlag(
      command
        .option('--private', 'only members can see it')
        .option('--project <key>', 'the project it belongs to (required on Data Center)')
        .option('--description <text>', 'a one-line description')
        .option('--workspace <workspace>', "Cloud workspace (default: the login's workspace)"),
    ),
  async run(f, args, options) {
    const ctx = await bitbucketContext(f);
    const owner =
      ctx.deployment === 'cloud' ? (options.workspace ?? ctx.workspace ?? (await soleWorkspace(ctx)) ?? undefined) : options.project;
    if (owner === undefined)
      throw ctx.deployment === 'cloud'
        ? usageError(
            'which workspace? no --workspace given, the login has none, and the token reaches several',
            'pass --workspace WORKSPACE',
          )
        : usageError('--project is required on Data Center', 'pass --project KEY');
    const repo = {
      name: args[0]!,
      private: options.private === true,
      description: options.description,
      project: ctx.deployment === 'cloud' ? options.project : undefined,
    };
    if (options.dryRun) return printDryRun(f, [createRepositoryRequest(ctx, owner, repo)]);
    const created = await createRepository(ctx, owner, repo);
    if (f.globals.json) return printJson(f.io, created);
    f.io.stdout.write(
      `created ${sanitizeText(`${owner}/${created.slug ?? args[0]}`)}${repositoryWebUrl(created) ? `\n${repositoryWebUrl(created)}` : ''}\n`,
    );
  },
});

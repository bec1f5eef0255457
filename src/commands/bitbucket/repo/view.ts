import { bitbucketContext } from '../../../bitbucket/context.js';
import { repoFromFlag, resolveRepo } from '../../../bitbucket/repo-target.js';
import { cloneUrl, getRepository, repositoryWebUrl } from '../../../bitbucket/repos.js';
import type { CloudRepository, DcRepository } from '../../../bitbucket/types.js';
import { printJson } from '../../../cmdutil/json.js';
import { sanitizeText } from '../../../output/terminal.js';
import { defineCommand } from '../../spec.js';
import { repoFlags } from '../_shared/flags.js';
import { openOnWeb } from '../../../cmdutil/web.js';
import { shortDate } from '../_shared/output.js';

export default defineCommand({
  path: ['bitbucket', 'repo', 'view'],
  summary: 'Show a repository (default: the one of this checkout)',
  json: 'value',
  arguments: '[repo]',
  examples: [
    'atl bb repo view',
    'atl bb repo view acme/website',
    'atl bb repo view acme/website --web',
    'atl bb repo view acme/website --json',
  ],
  options: (command) => repoFlags(command).option('--web', 'open the repository in the browser'),
  async run(f, args, options) {
    const ctx = await bitbucketContext(f);
    const ref = args[0] !== undefined ? repoFromFlag(ctx, args[0], options.workspace) : await resolveRepo(ctx, options);
    const repo = await getRepository(ctx, ref);
    const web = repositoryWebUrl(repo);
    if (options.web && web !== undefined) return openOnWeb(f, web);
    if (f.globals.json) return printJson(f.io, repo);
    const lines: string[] = [];
    if (ctx.deployment === 'cloud') {
      const cloud = repo as CloudRepository;
      lines.push(cloud.full_name ?? `${ref.owner}/${ref.slug}`);
      if (cloud.description) lines.push('', cloud.description, '');
      lines.push(`visibility: ${cloud.is_private ? 'private' : 'public'}`);
      if (cloud.project?.key) lines.push(`project: ${cloud.project.key}${cloud.project.name ? ` (${cloud.project.name})` : ''}`);
      if (cloud.mainbranch?.name) lines.push(`main branch: ${cloud.mainbranch.name}`);
      if (cloud.language) lines.push(`language: ${cloud.language}`);
      if (cloud.updated_on) lines.push(`updated: ${shortDate(cloud.updated_on)}`);
    } else {
      const dc = repo as DcRepository;
      lines.push(`${dc.project?.key ?? ref.owner}/${dc.slug}${dc.name && dc.name !== dc.slug ? ` (${dc.name})` : ''}`);
      if (dc.description) lines.push('', dc.description, '');
      lines.push(`visibility: ${dc.public ? 'public' : 'private'}`);
    }
    const https = cloneUrl(repo, 'https');
    const ssh = cloneUrl(repo, 'ssh');
    if (https) lines.push(`clone (https): ${https}`);
    if (ssh) lines.push(`clone (ssh): ${ssh}`);
    if (web) lines.push(`web: ${web}`);
    f.io.stdout.write(`${lines.map(sanitizeText).join('\n')}\n`);
  },
});

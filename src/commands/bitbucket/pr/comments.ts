import { listComments } from '../../../bitbucket/pr-content.js';
import { truncationNotice } from '../../../cmdutil/listing.js';
import { parseLimit } from '../../../cmdutil/input.js';
import { printJsonStream } from '../../../cmdutil/json.js';
import { Option } from '../../../cmdutil/option.js';
import { sanitizeText } from '../../../output/terminal.js';
import { defineCommand } from '../../spec.js';
import { repoFlags } from '../_shared/flags.js';
import { commentLines } from '../_shared/pr-output.js';
import { prTarget } from '../_shared/pr.js';

const noun = { one: 'comment', many: 'comments' };

export default defineCommand({
  path: ['bitbucket', 'pr', 'comments'],
  summary: 'List the comments of a pull request, oldest first',
  json: 'listing',
  arguments: '<id>',
  examples: ['atl bb pr comments 1 --repo acme/website', 'atl bb pr comments 1 --all --json --repo acme/website'],
  options: (command) =>
    repoFlags(
      command
        .option('-n, --limit <n>', 'print at most N comments', '50')
        .addOption(new Option('--all', 'print every comment (no limit)').conflicts('limit')),
    ),
  async run(f, args, options) {
    const limit = options.all ? undefined : parseLimit(options.limit);
    const { ctx, ref, pr } = await prTarget(f, args[0], options);
    const { comments, hasMore } = await listComments(ctx, ref, pr.id, limit);
    async function* each() {
      yield* comments;
    }
    if (f.globals.json) await printJsonStream(f.io, each(), noun.many);
    else f.io.stdout.write(`${commentLines(ctx, comments).map(sanitizeText).join('\n')}\n`);
    if (hasMore) f.io.stderr.write(`${truncationNotice(comments.length, noun)}\n`);
  },
});

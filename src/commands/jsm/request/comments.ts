import { conflictError } from '../../../cmdutil/flags.js';
import { printJson } from '../../../cmdutil/json.js';
import { jsmContext } from '../../../jsm/context.js';
import { listComments } from '../../../jsm/requests.js';
import { fromWikiText } from '../../../jsm/text.js';
import { sanitizeText } from '../../../output/terminal.js';
import { defineCommand } from '../../spec.js';
import { visibility } from './view.js';

export default defineCommand({
  path: ['jsm', 'request', 'comments'],
  summary: 'List the comments of a request, each marked public or internal',
  json: 'value',
  arguments: '<key>',
  examples: [
    'atl jsm request comments HELP-1',
    'atl jsm request comments HELP-1 --internal',
    'atl jsm request comments HELP-1 --public --json',
  ],
  options: (command) => command.option('--public', 'only the comments the customer sees').option('--internal', 'only the internal notes'),
  async run(f, args, options) {
    if (options.public && options.internal) throw conflictError('--public', '--internal');
    const key = args[0]!;
    const which = options.public ? { internal: false } : options.internal ? { public: false } : {};
    const all = await listComments(await jsmContext(f), key, which).toArray();
    // The server filters; a comment it sends without a public flag still never passes as public.
    const comments = options.public ? all.filter((c) => visibility(c) === 'public') : all;
    if (f.globals.json) return printJson(f.io, comments);
    if (comments.length === 0) {
      f.io.stderr.write(`no comments on ${key}\n`);
      return;
    }
    let out = '';
    for (const c of comments) {
      out += `[${visibility(c)}] ${c.author?.displayName ?? '?'}, ${c.created?.iso8601?.slice(0, 16).replace('T', ' ') ?? ''}\n`;
      out += `${(await fromWikiText(c.body)).trimEnd()}\n\n`;
    }
    f.io.stdout.write(sanitizeText(out));
  },
});

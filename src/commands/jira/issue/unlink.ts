import { printJson } from '../../../cmdutil/json.js';
import { AtlError } from '../../../errors.js';
import { jiraContext } from '../../../jira/context.js';
import { checkIssueKey } from '../../../jira/issues.js';
import {
  deleteIssueLink,
  deleteRemoteLink,
  issueLinksOf,
  isWebAddress,
  listLinkTypes,
  matchLinkType,
  remoteLinksOf,
} from '../../../jira/links.js';
import { sanitizeText } from '../../../output/terminal.js';
import { defineCommand } from '../../spec.js';

export default defineCommand({
  path: ['jira', 'issue', 'unlink'],
  summary: "Remove the links between two issues, or an issue's web link to a URL",
  json: 'value',
  description:
    'Remove every link between KEY and OTHER (either direction), or only those of one type with --type (its name or ' +
    "either wording). When OTHER is a web address, remove KEY's remote (web) links to it. Nothing to remove is exit 4.",
  arguments: '<key> <other>',
  examples: [
    'atl jira issue unlink ABC-123 ABC-124',
    'atl jira issue unlink ABC-123 ABC-124 --type blocks',
    'atl jira issue unlink ABC-123 https://example.com/spec',
  ],
  options: (command) => command.option('--type <name>', 'only links of this type (its name or either wording, any case)'),
  async run(f, args, options) {
    const key = checkIssueKey(args[0]!);
    const other = args[1]!;
    const ctx = await jiraContext(f);
    let removed: string[];
    if (isWebAddress(other)) {
      const url = other.trim();
      const links = (await remoteLinksOf(ctx, key)).filter((l) => l.object.url === url);
      for (const link of links) await deleteRemoteLink(ctx, key, link.id);
      removed = links.map((l) => String(l.id));
    } else {
      const otherKey = checkIssueKey(other);
      const type = options.type === undefined ? undefined : matchLinkType(await listLinkTypes(ctx), options.type).type;
      const links = (await issueLinksOf(ctx, key)).filter(
        (l) => (l.inwardIssue ?? l.outwardIssue)?.key?.toUpperCase() === otherKey && (type === undefined || l.type.id === type.id),
      );
      for (const link of links) await deleteIssueLink(ctx, link.id);
      removed = links.map((l) => l.id);
    }
    if (removed.length === 0) {
      throw new AtlError(
        'not_found',
        `no ${options.type === undefined ? '' : `${JSON.stringify(options.type)} `}link between ${key} and ${other}`,
        {
          hint: `\`atl jira issue view ${key} --json\` shows its links`,
        },
      );
    }
    if (f.globals.json) return printJson(f.io, { key, other, removed });
    f.io.stdout.write(sanitizeText(`unlinked ${key} and ${other} (${removed.length === 1 ? '1 link' : `${removed.length} links`})\n`));
  },
});

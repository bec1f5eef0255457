import { keyAndRest, requireKey } from '../_shared/branch-key.js';
import { browseUrl, jiraContext } from '../../../jira/context.js';
import { issueChildren } from '../../../jira/epics.js';
import { getIssue, lastComments, checkIssueKey } from '../../../jira/issues.js';
import { isInternalNote } from '../../../jira/comments.js';
import { fromJiraText } from '../../../jira/text.js';
import type { JiraComment, JiraIssue } from '../../../jira/types.js';
import { printJson } from '../../../cmdutil/json.js';
import { projectOfIssue, rememberSeen } from '../../../completion/seen.js';
import { openOnWeb } from '../../../cmdutil/web.js';
import { defineCommand } from '../../spec.js';
import { childrenSection } from '../_shared/children.js';
import { customFieldRows, fieldText } from '../_shared/issue-output.js';
import { parsePositiveInt } from '../../../cmdutil/input.js';
import { sanitizeText } from '../../../output/terminal.js';
import { statusInColour, terminalStyleFor, type TerminalStyle } from '../../../output/terminal-style.js';

// Server text is made safe where it enters (sanitizeText), so on a terminal the styles added around it act.
// Labels of 11 characters or more (custom field names) keep two spaces before the value.
const line = (label: string, value: string) =>
  value ? `${sanitizeText(label).padEnd(label.length < 11 ? 11 : label.length + 2)}${value}\n` : '';

async function render(
  issue: JiraIssue,
  url: string,
  comments: { comments: JiraComment[]; total: number },
  style?: TerminalStyle,
): Promise<string> {
  const fields = issue.fields ?? {};
  const text = (name: string) => sanitizeText(fieldText(fields[name]));
  const parent = fields.parent as { key?: string; fields?: { summary?: string } } | undefined;
  let out = `${issue.key}  ${text('summary')}\n\n`;
  out += line('Type', text('issuetype'));
  const category = (fields.status as { statusCategory?: { key?: unknown } } | undefined)?.statusCategory?.key;
  out += line('Status', statusInColour(text('status'), category, style));
  out += line('Priority', text('priority'));
  out += line('Assignee', text('assignee') || 'Unassigned');
  out += line('Reporter', text('reporter'));
  out += line('Labels', text('labels'));
  out += line('Components', text('components'));
  out += line('Parent', sanitizeText(parent?.key ? `${parent.key}${parent.fields?.summary ? `  ${parent.fields.summary}` : ''}` : ''));
  for (const custom of customFieldRows(issue)) out += line(custom.name, sanitizeText(custom.value));
  out += line('Created', text('created'));
  out += line('Updated', text('updated'));
  out += line('URL', url);
  const description = await fromJiraText(fields.description, style);
  out += `\n${description || '(no description)'}\n`;
  if (comments.total > 0) {
    const shown = comments.comments.length;
    out += `\nComments (${shown < comments.total ? `last ${shown} of ${comments.total}` : comments.total}):\n`;
    for (const comment of comments.comments) {
      const internal = isInternalNote(comment) ? ' (internal)' : '';
      out += sanitizeText(`\n— ${fieldText(comment.author) || 'someone'}, ${fieldText(comment.created)}${internal}\n`);
      out += `${await fromJiraText(comment.body, style)}\n`;
    }
  }
  return out;
}

export default defineCommand({
  path: ['jira', 'issue', 'view'],
  summary: 'Show an issue: fields, description and recent comments',
  json: 'value',
  description:
    'Show an issue (default: the issue key in the current git branch name, feature/ABC-123-login): its fields, the description as Markdown, and the latest comments (--comments N, default 5), ' +
    'printed in the order Jira lists them: oldest first, so the newest comment is at the bottom.',
  arguments: '[key]',
  examples: [
    'atl jira issue view ABC-123',
    'atl jira issue view ABC-123 --comments 20',
    'atl jira issue view ABC-123 --json',
    'atl jira issue view ABC-123 --web',
  ],
  options: (command) =>
    command
      .option('--comments <n>', 'show the latest N comments, oldest of them first (as Jira lists them)', '5')
      .option('--web', 'print the browse URL (and open it in a browser)'),
  async run(f, args, options) {
    const [given] = await keyAndRest(f, args, 1);
    const key = checkIssueKey(requireKey(given, 'jira issue view'));
    const ctx = await jiraContext(f);
    if (options.web) return openOnWeb(f, browseUrl(ctx, key));
    const count = parsePositiveInt('--comments', options.comments);
    // Custom fields are shown by the names Jira gives them; --json stays the issue exactly as Jira sends it.
    const issue = await getIssue(ctx, key, undefined, f.globals.json ? [] : ['names', 'schema']);
    await rememberSeen(f, { issues: [issue.key], projects: [projectOfIssue(issue.key)] });
    if (f.globals.json) {
      printJson(f.io, issue);
      return;
    }
    const [comments, under] = await Promise.all([lastComments(ctx, issue.key, count), issueChildren(ctx, issue)]);
    // Summary, description and comments are anyone's text: no escape sequence in them may act. On a
    // terminal the text is drawn rather than printed as Markdown source (src/markup/terminal.ts).
    const style = terminalStyleFor(f.io);
    const shown = await render(issue, browseUrl(ctx, issue.key), comments, style);
    f.io.stdout.write(style?.color ? shown : sanitizeText(shown));
    f.io.stdout.write(sanitizeText(childrenSection(issue.key, under.children, under.more)));
  },
});

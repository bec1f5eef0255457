import { usageError } from '../../../errors.js';
import { browseUrl, jiraContext } from '../../../jira/context.js';
import { createIssue, createIssuePath } from '../../../jira/issues.js';
import { explainChangeError } from '../../../jira/hints.js';
import { noPromptHint } from '../../../msys.js';
import { printJson } from '../../../cmdutil/json.js';
import { sanitizeText } from '../../../output/terminal.js';
import { defineCommand } from '../../spec.js';
import { bodyText } from '../../../cmdutil/input.js';
import { askForCreate } from '../_shared/create-prompts.js';
import { issueChanges, issueValueOptions } from '../_shared/issue-values.js';

export default defineCommand({
  path: ['jira', 'issue', 'create'],
  summary: 'Create an issue',
  json: 'value',
  description:
    'Create an issue and print its key and URL. The description is Markdown (from --description, ' +
    "--description-file, or piped stdin), converted to the site's own format.\n\n" +
    'At a terminal, a missing --project, --type or --summary starts the interactive create: projects, issue ' +
    'types, priorities and assignable people are offered as pick-lists, and the description can be written in ' +
    '$VISUAL or $EDITOR. In scripts (or with --no-input) a missing flag is an error naming it.',
  examples: [
    'atl jira issue create --project ABC --type Task --summary "Fix the login page"',
    'atl jira issue create -P ABC -t Bug --summary "Crash on save" --description-file bug.md --label backend',
    'echo "Steps: …" | atl jira issue create -P ABC -t Bug --summary "Crash" --priority High --assignee me',
    'atl jira issue create -P ABC -t Story --summary "Login" --field "Story Points=3" --json',
    'atl jira issue create   # on a terminal: pick the project, type, priority and assignee; write the description in $EDITOR',
  ],
  options: (command) =>
    issueValueOptions(
      command.option('-P, --project <key>', 'project key').option('-t, --type <name>', 'issue type, e.g. Task, Bug, Story'),
      'label (repeatable)',
    ).option('--dry-run', 'print the request that would be sent, and send nothing'),
  async run(f, _args, options) {
    const given = { project: options.project, type: options.type, summary: options.summary };
    const missing = (Object.keys(given) as Array<keyof typeof given>).filter((k) => !given[k]?.trim());
    if (missing.length > 0 && !f.io.canPrompt()) {
      throw usageError(
        `missing ${missing.map((m) => `--${m}`).join(', ')}`,
        noPromptHint(f, 'give them as flags (prompts need a terminal and no --no-input)'),
      );
    }
    // Stdin is read only when it is piped and no description flag was given.
    const described = await bodyText(f, options.description, options.descriptionFile, true, ['--description', '--description-file']);
    const ctx = await jiraContext(f);
    // On a terminal with something missing, the rest is asked too (pick-lists, the editor); never otherwise.
    const answers =
      missing.length > 0
        ? await askForCreate(f, ctx, {
            ...given,
            hasDescription: described !== undefined,
            priority: options.priority,
            assignee: options.assignee,
          })
        : undefined;
    const project = (answers?.project ?? given.project!).trim().toUpperCase();
    const issueType = (answers?.type ?? given.type!).trim();
    const summary = (answers?.summary ?? given.summary!).trim();
    const { fields: valueFields } = await issueChanges(
      f,
      ctx,
      { ...options, summary, priority: answers?.priority ?? options.priority, assignee: answers?.assignee ?? options.assignee },
      'create',
      described ?? answers?.description,
      { project },
      { project, issueType },
    );
    const fields = { project: { key: project }, issuetype: { name: issueType }, ...valueFields };
    if (options.dryRun) {
      f.io.stderr.write(`dry run: would POST ${createIssuePath(ctx)} with:\n`);
      printJson(f.io, { fields });
      return;
    }
    const created = await createIssue(ctx, fields).catch(async (err: unknown) => {
      throw await explainChangeError(ctx, fields.project.key, err);
    });
    const url = browseUrl(ctx, created.key);
    if (f.globals.json) printJson(f.io, { key: created.key, id: created.id, url });
    else f.io.stdout.write(sanitizeText(`${created.key}\n${url}\n`));
  },
});

import { usageError } from '../../../errors.js';
import { browseUrl, jiraContext } from '../../../jira/context.js';
import { createIssue, createIssuePath } from '../../../jira/issues.js';
import { explainChangeError } from '../../../jira/hints.js';
import { noPromptHint } from '../../../msys.js';
import { printJson } from '../../../cmdutil/json.js';
import { sanitizeText } from '../../../output/terminal.js';
import { defineCommand } from '../../spec.js';
import { bodyText } from '../../../cmdutil/input.js';
import { issueChanges, issueValueOptions } from '../_shared/issue-values.js';

export default defineCommand({
  path: ['jira', 'issue', 'create'],
  summary: 'Create an issue',
  json: 'value',
  description:
    'Create an issue and print its key and URL. The description is Markdown (from --description, ' +
    "--description-file, or piped stdin), converted to the site's own format.\n\n" +
    'A missing --project, --type or --summary is asked for at a terminal; in scripts (or with --no-input) ' +
    'it is an error naming the missing flags.',
  examples: [
    'atl jira issue create --project ABC --type Task --summary "Fix the login page"',
    'atl jira issue create -P ABC -t Bug --summary "Crash on save" --description-file bug.md --label backend',
    'echo "Steps: …" | atl jira issue create -P ABC -t Bug --summary "Crash" --priority High --assignee me',
    'atl jira issue create -P ABC -t Story --summary "Login" --field "Story Points=3" --json',
  ],
  options: (command) =>
    issueValueOptions(
      command.option('-P, --project <key>', 'project key').option('-t, --type <name>', 'issue type, e.g. Task, Bug, Story'),
      'label (repeatable)',
    ).option('--dry-run', 'print the request that would be sent, and send nothing'),
  async run(f, _args, options) {
    const values = { project: options.project, type: options.type, summary: options.summary };
    const missing = (Object.keys(values) as Array<keyof typeof values>).filter((k) => !values[k]?.trim());
    if (missing.length > 0) {
      if (!f.io.canPrompt()) {
        throw usageError(
          `missing ${missing.map((m) => `--${m}`).join(', ')}`,
          noPromptHint(f, 'give them as flags (prompts need a terminal and no --no-input)'),
        );
      }
      const prompter = await f.prompter();
      const nonEmpty = (v: string) => (v.trim() ? true : 'required');
      for (const name of missing) values[name] = await prompter.input(`${name[0]!.toUpperCase()}${name.slice(1)}:`, { validate: nonEmpty });
    }
    // Stdin is read only when it is piped and no description flag was given.
    const description = await bodyText(f, options.description, options.descriptionFile, true, ['--description', '--description-file']);
    const ctx = await jiraContext(f);
    const project = values.project!.trim().toUpperCase();
    const issueType = values.type!.trim();
    const { fields: valueFields } = await issueChanges(
      f,
      ctx,
      { ...options, summary: values.summary!.trim() },
      'create',
      description,
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

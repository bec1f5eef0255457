import { printJson } from '../../../cmdutil/json.js';
import { collect, normalizeText } from '../../../cmdutil/input.js';
import { usageError } from '../../../errors.js';
import type { Factory } from '../../../factory.js';
import { toWikiText } from '../../../jsm/text.js';
import { attachmentBody } from '../../../jira/attachments.js';
import { attachFiles } from '../../../jsm/attachments.js';
import { jsmContext } from '../../../jsm/context.js';
import { getDesk, requestTypeFields, resolveRequestType } from '../../../jsm/desks.js';
import {
  type CreateBody,
  createRequest,
  createRequestPath,
  encodeFields,
  invalidRequestError,
  type GivenField,
  missingError,
  missingRequired,
  parseFieldFlag,
  userId,
  validateRequest,
} from '../../../jsm/requests.js';
import type { RequestCreateMeta, RequestTypeField } from '../../../jsm/types.js';
import { noPromptHint } from '../../../msys.js';
import { sanitizeText } from '../../../output/terminal.js';
import { defineCommand } from '../../spec.js';

/** On a terminal: each missing required field asked for, with its valid values as a pick-list. */
async function askMissing(f: Factory, missing: readonly RequestTypeField[]): Promise<GivenField[]> {
  const prompter = await f.prompter();
  const answers: GivenField[] = [];
  for (const field of missing) {
    const choices = (field.validValues ?? []).map((v) => ({ value: v.label, name: v.label }));
    const value =
      choices.length > 0
        ? await prompter.select(field.name, choices)
        : await prompter.input(field.name, { validate: (v) => (v.trim() ? true : 'required') });
    answers.push({ name: field.fieldId, value });
  }
  return answers;
}

export default defineCommand({
  path: ['jsm', 'request', 'create'],
  summary: 'Raise a request, its fields checked against the request type before anything is sent',
  description:
    'Raise a request on a service desk. --field NAME=VALUE sets any field of the request type by its name or field id; ' +
    'select values are given by their label. Unknown fields, invalid values and missing required fields are refused ' +
    '(exit 2, listing the valid ones) before anything is sent; at a terminal, missing required fields are asked for ' +
    'with their valid values. --description is Markdown. `atl jsm request-type view` lists the fields.',
  json: 'value',
  examples: [
    'atl jsm request create --desk HELP --type "Get IT help" --summary "VPN is down" --field Urgency=High',
    'atl jsm request create --desk HELP --type "Request new hardware" --summary "Second monitor" --field Hardware=Monitor --dry-run',
    'atl jsm request create --desk HELP --type "Get IT help" --summary "Printer" --field Urgency=Low --on-behalf-of carla@example.com',
  ],
  options: (command) =>
    command
      .requiredOption('--desk <desk>', 'the service desk (project key or id)')
      .requiredOption('--type <type>', 'the request type (name or id)')
      .option('--summary <text>', 'the summary')
      .option('--description <markdown>', 'the description, in Markdown')
      .option('--field <name=value>', 'a field of the request type by name or id (repeatable)', collect)
      .option('--on-behalf-of <email>', 'raise it for this customer (email, user name or account id)')
      .option('--participant <email>', 'add this person as a participant (repeatable)', collect)
      .option('--attach <file>', 'attach this file, customer-visible (repeatable)', collect)
      .option('--dry-run', 'check the fields (on Cloud the site checks them too) and print the request that would be sent; create nothing'),
  async run(f, _args, options) {
    const ctx = await jsmContext(f);
    const desk = await getDesk(ctx, options.desk);
    const type = await resolveRequestType(ctx, desk.id, options.type);
    const meta: RequestCreateMeta = await requestTypeFields(ctx, desk.id, type.id);
    const given: GivenField[] = (options.field ?? []).map(parseFieldFlag);
    if (options.summary !== undefined) given.unshift({ name: 'summary', value: options.summary });
    if (options.description !== undefined) given.push({ name: 'description', value: await toWikiText(normalizeText(options.description)) });
    // Checked before any prompt or write: an unknown field or a bad value is refused whatever else is missing.
    const values = await encodeFields(ctx, meta, given);
    const missing = missingRequired(meta, given);
    if (missing.length > 0) {
      if (!f.io.canPrompt()) throw missingError(missing, noPromptHint(f, 'give them with --field NAME=VALUE'));
      Object.assign(values, await encodeFields(ctx, meta, await askMissing(f, missing)));
    }
    const body: CreateBody = { serviceDeskId: desk.id, requestTypeId: type.id, requestFieldValues: values };
    if (options.onBehalfOf !== undefined) {
      if (meta.canRaiseOnBehalfOf === false)
        throw usageError(
          'you cannot raise requests on behalf of others on this desk',
          'only agents can; leave out --on-behalf-of to raise it yourself',
        );
      body.raiseOnBehalfOf = await userId(ctx, options.onBehalfOf);
    }
    if (options.participant?.length) {
      if (meta.canAddRequestParticipants === false) throw usageError('this request type does not take participants');
      body.requestParticipants = await Promise.all(options.participant.map((who) => userId(ctx, who)));
    }
    // A missing or unreadable file stops the create before anything is sent.
    if (options.attach?.length) await attachmentBody(options.attach);
    if (options.dryRun) {
      // Cloud checks it too, as a create would, without creating anything; Data Center has only the checks above.
      const validation = await validateRequest(ctx, body);
      if (validation?.valid === false) throw invalidRequestError(meta, validation, 'nothing was created (dry run)');
      const checked = validation ? 'the site validated it (POST /request/validate); ' : '';
      f.io.stderr.write(`dry run: ${checked}would POST ${createRequestPath} with:\n`);
      printJson(f.io, body);
      return;
    }
    const created = await createRequest(ctx, body);
    if (options.attach?.length) await attachFiles(ctx, desk.id, created.issueKey, options.attach, true);
    if (f.globals.json) return printJson(f.io, created);
    const url = created._links?.agent ?? `${ctx.browseBase}/browse/${created.issueKey}`;
    f.io.stdout.write(sanitizeText(`${created.issueKey}\n${url}\n`));
  },
});

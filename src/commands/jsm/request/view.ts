import { printJson } from '../../../cmdutil/json.js';
import { jsmContext } from '../../../jsm/context.js';
import { getRequest, listApprovals, listComments, listSlas } from '../../../jsm/requests.js';
import { slaState } from '../../../jsm/sla.js';
import { fromWikiText } from '../../../jsm/text.js';
import type { SdComment } from '../../../jsm/types.js';
import { sanitizeText } from '../../../output/terminal.js';
import { defineCommand } from '../../spec.js';
import { openOnWeb, wantsWeb, webOption } from '../../../cmdutil/web.js';
import { requestValueText } from './_values.js';

const line = (label: string, value: string | undefined) => (value ? `${label.padEnd(14)}${value}\n` : '');

/** Public only when the API says so: a comment with no (or an odd) flag is shown as internal, never risked as public. */
export const visibility = (comment: SdComment) => (comment.public === true ? 'public' : 'internal');

export default defineCommand({
  path: ['jsm', 'request', 'view'],
  summary: 'Show a request: status, type, reporter, participants, SLAs, approvals and comments (public or internal)',
  json: 'value',
  arguments: '<key>',
  examples: ['atl jsm request view HELP-1', 'atl jsm request view HELP-1 --json', 'atl jsm request view HELP-1 --web'],
  options: (command) => command.addOption(webOption('open the request in the browser (the agent view; the URL is printed too)')),
  async run(f, args, options) {
    const key = args[0]!;
    const ctx = await jsmContext(f);
    if (wantsWeb(f, options)) return openOnWeb(f, `${ctx.browseBase}/browse/${encodeURIComponent(key)}`);
    const request = await getRequest(ctx, key);
    if (f.globals.json) return printJson(f.io, request);
    const [comments, slas, approvals] = await Promise.all([
      listComments(ctx, key).toArray(),
      listSlas(ctx, key).toArray(),
      listApprovals(ctx, key).toArray(),
    ]);
    const summary = request.summary ?? String(request.requestFieldValues?.find((v) => v.fieldId === 'summary')?.value ?? '');
    let out = `${request.issueKey}  ${summary}\n\n`;
    out += line('Status', request.currentStatus?.status);
    out += line('Type', request.requestType?.name ?? request.requestTypeId);
    out += line('Reporter', request.reporter?.displayName);
    out += line('Participants', (request.participants?.values ?? []).map((p) => p.displayName ?? '').join(', '));
    out += line('Created', request.createdDate?.iso8601);
    out += line('URL', request._links?.agent);
    const fields = (request.requestFieldValues ?? []).filter((v) => v.fieldId !== 'summary' && v.fieldId !== 'description');
    if (fields.length > 0) out += `\nFields:\n${fields.map((v) => `  ${v.label ?? v.fieldId}: ${requestValueText(v.value)}\n`).join('')}`;
    const description = request.requestFieldValues?.find((v) => v.fieldId === 'description')?.value;
    if (typeof description === 'string' && description) out += `\nDescription:\n${indent(await fromWikiText(description))}`;
    if (slas.length > 0) out += `\nSLAs:\n${slas.map((s) => `  ${s.name}: ${slaState(s)}\n`).join('')}`;
    if (approvals.length > 0) {
      out += '\nApprovals:\n';
      for (const a of approvals) {
        const approvers = (a.approvers ?? []).map((p) => `${p.approver?.displayName ?? '?'} (${p.approverDecision ?? 'pending'})`);
        out += `  ${a.id}  ${a.name ?? 'Approval'}: ${a.finalDecision}${approvers.length ? ` — ${approvers.join(', ')}` : ''}\n`;
      }
    }
    out += `\nComments (${comments.length}):\n`;
    for (const c of comments) {
      out += `  [${visibility(c)}] ${c.author?.displayName ?? '?'}, ${c.created?.iso8601?.slice(0, 16).replace('T', ' ') ?? ''}\n`;
      out += indent(await fromWikiText(c.body), '    ');
    }
    f.io.stdout.write(sanitizeText(out));
  },
});

function indent(text: string, pad = '  '): string {
  return `${text
    .trimEnd()
    .split('\n')
    .map((l) => `${pad}${l}`)
    .join('\n')}\n`;
}

import { printJson } from '../../../cmdutil/json.js';
import { usageError } from '../../../errors.js';
import { jsmContext } from '../../../jsm/context.js';
import { decideApproval, getRequest, listApprovals } from '../../../jsm/requests.js';
import { sanitizeText } from '../../../output/terminal.js';
import { defineCommand } from '../../spec.js';

/** `request approve` and `request decline`: one command each, the same steps. */
export function decisionCommand(decision: 'approve' | 'decline') {
  const done = decision === 'approve' ? 'Approved' : 'Declined';
  return defineCommand({
    path: ['jsm', 'request', decision],
    summary: `${decision === 'approve' ? 'Approve' : 'Decline'} a request awaiting your approval`,
    description:
      `${done.slice(0, -1)}s the one pending approval you can answer (or --approval ID when there are several), ` +
      'then prints the status the request moved to.',
    json: 'value',
    arguments: '<key>',
    // One request each in the sandbox awaits the demo user's approval: HELP-2 and HELP-5.
    examples: [decision === 'approve' ? 'atl jsm request approve HELP-2' : 'atl jsm request decline HELP-5'],
    options: (command) =>
      command
        .option('--approval <id>', 'which approval (when several await you)')
        .option('--dry-run', 'print the decision that would be sent; send nothing'),
    async run(f, args, options) {
      const key = args[0]!;
      const ctx = await jsmContext(f);
      const approvals = await listApprovals(ctx, key).toArray();
      const open = approvals.filter((a) => a.finalDecision === 'pending' && a.canAnswerApproval !== false);
      const chosen = options.approval === undefined ? open : approvals.filter((a) => a.id === options.approval);
      if (chosen.length !== 1) {
        const listed = open.map((a) => `${a.id} (${a.name ?? 'approval'})`).join(', ');
        throw usageError(
          options.approval !== undefined
            ? `${key} has no approval ${options.approval}`
            : open.length === 0
              ? `${key} has no approval awaiting you`
              : `${open.length} approvals of ${key} await you`,
          open.length > 0 ? `choose one with --approval: ${listed}` : undefined,
        );
      }
      const approval = chosen[0]!;
      if (options.dryRun) {
        f.io.stderr.write(`dry run: would ${decision} approval ${approval.id} of ${key}:\n`);
        printJson(f.io, { decision });
        return;
      }
      const decided = await decideApproval(ctx, key, approval.id, decision);
      // The workflow moves the request on after the decision: read where it went.
      const status = (await getRequest(ctx, key)).currentStatus?.status ?? '?';
      if (f.globals.json) return printJson(f.io, { ...decided, status });
      f.io.stdout.write(sanitizeText(`${done} ${key} (${approval.name ?? approval.id}); status: ${status}\n`));
    },
  });
}

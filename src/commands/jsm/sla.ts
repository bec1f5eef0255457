import { printJson } from '../../cmdutil/json.js';
import { jsmContext } from '../../jsm/context.js';
import { listSlas } from '../../jsm/requests.js';
import { slaState } from '../../jsm/sla.js';
import { printTable } from '../../output/table.js';
import { defineCommand } from '../spec.js';

export default defineCommand({
  path: ['jsm', 'sla'],
  summary: 'Show the SLAs of a request: time left or breached, and the goal',
  json: 'value',
  arguments: '<key>',
  examples: ['atl jsm sla HELP-1', 'atl jsm sla HELP-1 --json'],
  async run(f, args) {
    const slas = await listSlas(await jsmContext(f), args[0]!).toArray();
    if (f.globals.json) return printJson(f.io, slas);
    if (slas.length === 0) {
      f.io.stderr.write(`${args[0]} has no SLAs\n`);
      return;
    }
    printTable(
      f.io,
      [
        { header: 'SLA', value: (s) => s.name },
        { header: 'STATE', value: (s) => slaState(s), flexible: true },
      ],
      slas,
    );
  },
});

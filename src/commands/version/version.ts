import { defineCommand } from '../spec.js';
import { printJson } from '../../cmdutil/json.js';

export default defineCommand({
  path: ['version'],
  summary: 'Print the version of atl',
  json: 'value',
  examples: ['atl version', 'atl version --json'],
  async run(f) {
    if (f.globals.json) printJson(f.io, { version: f.version, node: process.versions.node });
    else f.io.stdout.write(`atl ${f.version}\n`);
  },
});

import { defineCommand } from '../spec.js';

export default defineCommand({
  path: ['version'],
  summary: 'Print the version of atl',
  examples: ['atl version', 'atl version --json'],
  async run(f) {
    if (f.globals.json) f.io.stdout.write(`${JSON.stringify({ version: f.version, node: process.versions.node })}\n`);
    else f.io.stdout.write(`atl ${f.version}\n`);
  },
});

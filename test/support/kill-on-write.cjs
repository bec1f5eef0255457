// Preload (NODE_OPTIONS=--require) that kills the process with SIGKILL, as `kill -9` would, the moment
// it opens for writing a file whose path contains ATL_TEST_KILL_ON_WRITE: a crash at an exact step.
'use strict';
const fsp = require('node:fs/promises');
const { syncBuiltinESMExports } = require('node:module');

const marker = process.env.ATL_TEST_KILL_ON_WRITE;
const realOpen = fsp.open;
fsp.open = async (path, flags, ...rest) => {
  if (marker && String(path).includes(marker) && typeof flags === 'string' && /[wa]/.test(flags)) process.kill(process.pid, 'SIGKILL');
  return realOpen(path, flags, ...rest);
};
syncBuiltinESMExports();

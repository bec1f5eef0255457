// Preload (NODE_OPTIONS=--require) that makes files look briefly held by another process, as
// antivirus or the search indexer do on Windows: the first ATL_TEST_EPERM_RENAMES renames and the
// first ATL_TEST_EPERM_LOCKS lock-file creations fail with EPERM, then everything works.
'use strict';
const fsp = require('node:fs/promises');
const { syncBuiltinESMExports } = require('node:module');

let renames = Number(process.env.ATL_TEST_EPERM_RENAMES ?? 0);
let locks = Number(process.env.ATL_TEST_EPERM_LOCKS ?? 0);
const eperm = (what) => Object.assign(new Error(`EPERM: operation not permitted, ${what} (injected)`), { code: 'EPERM', errno: -4048 });
const realRename = fsp.rename;
const realOpen = fsp.open;
fsp.rename = async (from, to) => {
  if (renames > 0) {
    renames--;
    throw eperm(`rename '${from}' -> '${to}'`);
  }
  return realRename(from, to);
};
fsp.open = async (path, flags, ...rest) => {
  if (locks > 0 && String(path).endsWith('.lock') && flags === 'wx') {
    locks--;
    throw eperm(`open '${path}'`);
  }
  return realOpen(path, flags, ...rest);
};
// ESM chunks import the named exports; make them see the patched functions too.
syncBuiltinESMExports();

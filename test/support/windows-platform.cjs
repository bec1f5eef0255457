// Preload (NODE_OPTIONS=--require) that makes atl believe it runs on Windows: process.platform
// reports 'win32'. Only the code that asks process.platform changes (atl passes it into the
// functions that branch on it); Node's own path and fs stay Linux's, so atl still runs here.
// With MSYSTEM set in the environment as well, this is Git Bash without a pseudo-console: every
// stream of a child process spawned by the tests is a pipe, as mintty gives them.
'use strict';
Object.defineProperty(process, 'platform', { value: 'win32', enumerable: true });

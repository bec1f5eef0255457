// Preload (NODE_OPTIONS=--require) that makes stdout claim to be a terminal, for what atl does
// only for a person (opening a browser for --web) while the test still reads stdout from a pipe.
'use strict';
process.stdout.isTTY = true;

// Preloaded (`node --require`) into a benchmarked process: on exit it reports the process's peak
// resident memory, as getrusage() sees it, on stderr for bench/lib.mjs to read. Written with
// writeSync because the process is exiting.
const { writeSync } = require('node:fs');

process.on('exit', () => {
  writeSync(2, `\natl-bench-max-rss-kb: ${process.resourceUsage().maxRSS}\n`);
});

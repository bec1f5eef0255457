// Preloaded (`node --require`) into a benchmarked process: on exit it reports what getrusage() saw
// for the whole process (every thread): CPU time in user and system mode, and peak resident memory,
// on stderr for bench/lib.mjs to read. spawnSync gives no rusage of its child, and timing from the
// outside would count the benchmark's own waiting. Written with writeSync because the process is exiting.
const { writeSync } = require('node:fs');

process.on('exit', () => {
  const usage = process.resourceUsage();
  writeSync(2, `\natl-bench-usage: ${JSON.stringify({ cpuUs: usage.userCPUTime + usage.systemCPUTime, maxRssKb: usage.maxRSS })}\n`);
});

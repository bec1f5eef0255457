/**
 * The entry point, kept tiny: `atl --version` is answered before any other module is loaded
 * (each bundled chunk costs start-up time); everything else lives in app.ts.
 */
const argv = process.argv.slice(2);
if (argv.length === 1 && argv[0] === '--version') {
  process.stdout.write(`atl ${__ATL_VERSION__}\n`);
} else {
  const { run } = await import('./app.js');
  await run(argv);
}

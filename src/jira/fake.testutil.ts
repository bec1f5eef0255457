// The test kit moved to src/testkit/fakes.testutil.ts; kept so tests written against this path still run.
export * from '../testkit/fakes.testutil.js';

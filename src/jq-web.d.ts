/** jq-web ships no types: its module is a promise of jq's runtime (see src/cmdutil/jq.ts). */
declare module 'jq-web' {
  const runtime: Promise<unknown>;
  export default runtime;
}

/**
 * Exit codes are a contract with scripts (see README "Exit codes"): every failure a command can
 * meet is an AtlError carrying one of these, so main.ts never has to guess.
 */
export const ExitCode = {
  ok: 0,
  failure: 1,
  usage: 2,
  auth: 3,
  notFound: 4,
  network: 5,
  interrupted: 130,
} as const;
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** Stable machine-readable error codes, printed in the `--json` error object. */
export type ErrorCode =
  | 'failure'
  | 'usage'
  | 'config'
  | 'auth'
  | 'forbidden'
  | 'not_found'
  | 'network'
  | 'timeout'
  | 'rate_limited'
  | 'server'
  | 'bad_request'
  | 'conflict'
  | 'interrupted';

const exitCodeFor: Record<ErrorCode, ExitCodeValue> = {
  failure: ExitCode.failure,
  usage: ExitCode.usage,
  config: ExitCode.usage,
  auth: ExitCode.auth,
  forbidden: ExitCode.auth,
  not_found: ExitCode.notFound,
  network: ExitCode.network,
  timeout: ExitCode.network,
  rate_limited: ExitCode.network,
  server: ExitCode.network,
  bad_request: ExitCode.usage,
  conflict: ExitCode.failure,
  interrupted: ExitCode.interrupted,
};

export interface AtlErrorOptions {
  hint?: string;
  /** HTTP status when the error came from a response. */
  status?: number;
  /** Overrides the exit code implied by `code`. */
  exitCode?: ExitCodeValue;
  cause?: unknown;
}

export class AtlError extends Error {
  readonly code: ErrorCode;
  readonly hint: string | undefined;
  readonly status: number | undefined;
  readonly exitCode: ExitCodeValue;

  constructor(code: ErrorCode, message: string, options: AtlErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AtlError';
    this.code = code;
    this.hint = options.hint;
    this.status = options.status;
    this.exitCode = options.exitCode ?? exitCodeFor[code];
  }

  toJSON(): { error: { code: string; message: string; hint?: string; status?: number } } {
    const error: { code: string; message: string; hint?: string; status?: number } = {
      code: this.code,
      message: this.message,
    };
    if (this.hint !== undefined) error.hint = this.hint;
    if (this.status !== undefined) error.status = this.status;
    return { error };
  }
}

export const usageError = (message: string, hint?: string): AtlError => new AtlError('usage', message, hint === undefined ? {} : { hint });

export const notFoundError = (message: string, hint?: string): AtlError =>
  new AtlError('not_found', message, hint === undefined ? {} : { hint });

export const notLoggedInError = (): AtlError =>
  new AtlError('auth', 'not logged in', {
    hint:
      'run `atl auth login` to add a profile, or set ATL_SITE, ATL_EMAIL and ATL_API_TOKEN ' +
      '(ATL_AUTH_TYPE=bearer for a personal access token) for a one-off run',
  });

/** Turns anything thrown into an AtlError, keeping the original as `cause`. */
export function toAtlError(err: unknown): AtlError {
  if (err instanceof AtlError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new AtlError('failure', message, { cause: err });
}

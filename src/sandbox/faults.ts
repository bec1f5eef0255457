/**
 * Fault injection: "the next N requests matching this path (and method) fail like this".
 * Faults apply before authentication, as network and gateway failures do, and the first added
 * fault that matches wins. Used in-process (`sandbox.faults.add({...})`) and over HTTP
 * (`POST /__sandbox/faults` with the same JSON, where a RegExp is written `"pathPattern": "..."`).
 */

export type FaultAction =
  /** Answer with this status (e.g. 429 with Retry-After, 500, 502, 503) in the product's error shape. */
  | { type: 'status'; status: number; retryAfter?: number | string; body?: unknown }
  /** Wait this long, then answer normally. */
  | { type: 'delay'; ms: number }
  /** Send the status line, headers and part of the body, then cut the connection. */
  | { type: 'cut' }
  /** Answer 200 with a JSON content type and a body that is not JSON. */
  | { type: 'malformed' }
  /** Redirect (302 unless given) to `location`, typically another origin. */
  | { type: 'redirect'; location: string; status?: number }
  /** Answer normally, with a `Date` header this many seconds off the real time (a server whose clock is wrong, for `atl doctor`). */
  | { type: 'skew'; seconds: number };

export type FaultSpec = FaultAction & {
  /** A path prefix (`/rest/api/3/myself`) or a RegExp tested against the whole path. */
  path: string | RegExp;
  /** Only this method (any when absent). */
  method?: string;
  /** How many matching requests fail; default 1. */
  times?: number;
  /** How many matching requests pass first (a fault in the middle of paging); default 0. */
  after?: number;
};

export interface ActiveFault {
  id: number;
  spec: FaultSpec;
  remaining: number;
  /** Matching requests still to let through before failing. */
  passing: number;
}

export class FaultSpecError extends Error {}

const MAX_DELAY_MS = 10 * 60_000;

function validate(spec: FaultSpec): void {
  const times = spec.times ?? 1;
  if (!Number.isInteger(times) || times < 1) throw new FaultSpecError('times must be a positive whole number');
  if (spec.after !== undefined && !(Number.isInteger(spec.after) && spec.after >= 0))
    throw new FaultSpecError('after must be a whole number');
  if (typeof spec.path === 'string' && !spec.path.startsWith('/')) throw new FaultSpecError('path must start with "/"');
  switch (spec.type) {
    case 'status':
      if (!Number.isInteger(spec.status) || spec.status < 200 || spec.status > 599) throw new FaultSpecError('status must be 200-599');
      if (spec.retryAfter !== undefined && typeof spec.retryAfter !== 'number' && typeof spec.retryAfter !== 'string') {
        throw new FaultSpecError('retryAfter must be seconds or an HTTP date');
      }
      break;
    case 'delay':
      if (typeof spec.ms !== 'number' || !(spec.ms >= 0 && spec.ms <= MAX_DELAY_MS))
        throw new FaultSpecError(`ms must be 0-${MAX_DELAY_MS}`);
      break;
    case 'redirect': {
      let url: URL;
      try {
        url = new URL(spec.location);
      } catch {
        throw new FaultSpecError('location must be an absolute URL');
      }
      if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new FaultSpecError('location must be http(s)');
      if (spec.status !== undefined && ![301, 302, 303, 307, 308].includes(spec.status))
        throw new FaultSpecError('redirect status must be 301, 302, 303, 307 or 308');
      break;
    }
    case 'skew':
      if (typeof spec.seconds !== 'number' || !Number.isFinite(spec.seconds)) throw new FaultSpecError('seconds must be a number');
      break;
    case 'cut':
    case 'malformed':
      break;
    default:
      throw new FaultSpecError('type must be status, delay, cut, malformed, redirect or skew');
  }
}

export class Faults {
  private nextId = 1;
  private readonly active: ActiveFault[] = [];

  add(spec: FaultSpec): ActiveFault {
    validate(spec);
    const fault: ActiveFault = {
      id: this.nextId++,
      spec: { ...spec, ...(spec.method ? { method: spec.method.toUpperCase() } : {}) },
      remaining: spec.times ?? 1,
      passing: spec.after ?? 0,
    };
    this.active.push(fault);
    return fault;
  }

  clear(): void {
    this.active.length = 0;
  }

  /** Faults still waiting for requests. */
  list(): readonly ActiveFault[] {
    return this.active;
  }

  /** The fault for this request, if any, counting it as used. */
  take(method: string, pathname: string): FaultAction | null {
    const index = this.active.findIndex((f) => matches(f.spec, method.toUpperCase(), pathname));
    if (index < 0) return null;
    const fault = this.active[index]!;
    if (fault.passing > 0) {
      fault.passing -= 1;
      return null;
    }
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.active.splice(index, 1);
    const { path: _path, method: _method, times: _times, after: _after, ...action } = fault.spec;
    return action as FaultAction;
  }
}

function matches(spec: FaultSpec, method: string, pathname: string): boolean {
  if (spec.method && spec.method !== method) return false;
  if (typeof spec.path === 'string') return pathname.startsWith(spec.path);
  spec.path.lastIndex = 0; // a /g or /y RegExp keeps state between tests
  return spec.path.test(pathname);
}

/** Reads the JSON form sent to `POST /__sandbox/faults`. Throws FaultSpecError on bad input. */
export function faultFromJson(value: unknown): FaultSpec {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new FaultSpecError('body must be a JSON object');
  const { path, pathPattern, ...rest } = value as Record<string, unknown>;
  let matcher: string | RegExp;
  if (typeof pathPattern === 'string') {
    try {
      matcher = new RegExp(pathPattern);
    } catch {
      throw new FaultSpecError('pathPattern is not a valid regular expression');
    }
  } else if (typeof path === 'string') {
    matcher = path;
  } else {
    throw new FaultSpecError('give "path" (a prefix) or "pathPattern" (a regular expression)');
  }
  if (rest.method !== undefined && typeof rest.method !== 'string') throw new FaultSpecError('method must be a string');
  // A hand-typed curl often leaves out "type" when the other keys already say it.
  if (rest.type === undefined) {
    if (rest.status !== undefined) rest.type = 'status';
    else if (rest.location !== undefined) rest.type = 'redirect';
    else if (rest.ms !== undefined) rest.type = 'delay';
    else if (rest.seconds !== undefined) rest.type = 'skew';
  }
  const spec = { ...rest, path: matcher } as FaultSpec;
  validate(spec);
  return spec;
}

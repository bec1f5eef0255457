/**
 * A failure the sandbox's Jira answers with, in Jira's own error body
 * (`{"errorMessages":[...],"errors":{...}}`), so that the store, the JQL engine and the routes can
 * all throw one thing and the routes turn it into a response without knowing where it came from.
 */
export class JiraError extends Error {
  readonly status: number;
  readonly errorMessages: string[];
  readonly errors: Record<string, string>;

  constructor(status: number, errorMessages: string[], errors: Record<string, string> = {}) {
    super(errorMessages[0] ?? Object.values(errors)[0] ?? `Jira error ${status}`);
    this.name = 'JiraError';
    this.status = status;
    this.errorMessages = errorMessages;
    this.errors = errors;
  }

  get body(): { errorMessages: string[]; errors: Record<string, string> } {
    return { errorMessages: this.errorMessages, errors: this.errors };
  }
}

export function badRequest(message: string): JiraError {
  return new JiraError(400, [message]);
}

export function fieldErrors(errors: Record<string, string>): JiraError {
  return new JiraError(400, [], errors);
}

export function notFound(message: string): JiraError {
  return new JiraError(404, [message]);
}

export function issueNotFound(): JiraError {
  return notFound('Issue does not exist or you do not have permission to see it.');
}

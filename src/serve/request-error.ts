import { LeadvalueError } from '../core/errors.js';

/**
 * A request the service refuses: the library's one message format
 * (`where: what (got X); fix`), plus the HTTP status to answer with and the
 * request field it is about (`leads[3].employees`), when there is one.
 * The service answers it as `{"error": {"status", "message", "field"}}`.
 */
export class RequestError extends LeadvalueError {
  /** HTTP status: 400, 404, 405, 413, 415 or 422. */
  readonly status: number;
  /** The path of the request field at fault, or null when the problem is not one field's. */
  readonly field: string | null;
  /** Headers the answer needs, e.g. `Allow` with a 405. */
  readonly headers: Record<string, string>;

  /**
   * @param status - the HTTP status
   * @param field - the field path, or null
   * @param where - location, as in {@link LeadvalueError}
   * @param what - what was wrong
   * @param got - the offending value as shown (already quoted if a string), or undefined
   * @param fix - how to fix it, or undefined
   * @param headers - headers to send with the answer
   */
  constructor(status: number, field: string | null, where: string, what: string, got?: string, fix?: string, headers: Record<string, string> = {}) {
    super(where, what, got, fix);
    this.name = 'RequestError';
    this.status = status;
    this.field = field;
    this.headers = headers;
  }

  /**
   * A scorer's error as a request error: its message kept word for word, with
   * its location replaced by the request's field path.
   * @param error - e.g. `request, field goals.weights.x: not a number (got "high"); …`
   * @param status - the HTTP status
   * @param field - the field path, which becomes the location: `goals.weights.x: not a number (got "high"); …`
   * @returns the request error
   */
  static from(error: LeadvalueError, status: number, field: string): RequestError {
    const e = new RequestError(status, field, field, error.what);
    e.message = error.where && error.message.startsWith(error.where) ? field + error.message.slice(error.where.length) : `${field}: ${error.message}`;
    return e;
  }
}

/** One problem with one field of a request, e.g. { field: 'spec.timezone', problem: 'unknown IANA time zone "Mars/Base"' }. */
export interface ErrorDetail {
  field: string;
  problem: string;
}

/** The one error body every route returns: { error, message, details }. */
export interface ErrorBody {
  error: string;
  message: string;
  details: ErrorDetail[];
}

/** An error that maps straight to an HTTP status and the standard error body. */
export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly details: ErrorDetail[] = [],
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }

  body(): ErrorBody {
    return { error: this.code, message: this.message, details: this.details };
  }
}

export const badRequest = (message: string, details: ErrorDetail[] = []) =>
  new ApiError(400, 'BadRequest', message, details);
export const unprocessable = (message: string, details: ErrorDetail[]) =>
  new ApiError(422, 'ValidationFailed', message, details);
export const notFound = (what: string, field = 'name') =>
  new ApiError(404, 'NotFound', `${what} not found`, [{ field, problem: 'no such resource' }]);
export const conflict = (message: string, details: ErrorDetail[] = []) =>
  new ApiError(409, 'Conflict', message, details);
export const unauthorized = (message: string) =>
  new ApiError(401, 'Unauthorized', message, [{ field: 'authorization', problem: message }], {
    'www-authenticate': 'Bearer realm="lightswitch"',
  });
export const forbidden = (message: string) =>
  new ApiError(403, 'Forbidden', message, [{ field: 'authorization', problem: message }]);

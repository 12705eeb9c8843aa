/** A problem with a query as written (unknown column, type error, bad format): reported before any data flows. */
export class QueryError extends Error {
  override name = 'QueryError';
}

/** A problem with the data met while executing (a value that does not parse or cast). */
export class DataError extends Error {
  override name = 'DataError';
}

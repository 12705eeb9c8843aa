export { buildApp } from './app';
export type { AppOptions, RouteInfo } from './app';
export type { AppContext } from './context';
export { ApiError } from './errors';
export type { ErrorBody, ErrorDetail } from './errors';
export { ListCache } from './list-cache';

/**
 * `@microsoft/microsoft-graph-client`, bundled apart (dist/lazy/graphClient.js) and loaded on first
 * use through `loadLazy('graphClient')`, so activation does not parse it.
 */
export { Client, RetryHandler, RetryHandlerOptions, HTTPMessageHandler, GraphError, ResponseType } from '@microsoft/microsoft-graph-client';
export type { Middleware, Context, ClientOptions } from '@microsoft/microsoft-graph-client';

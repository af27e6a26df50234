import type { StringChange } from '@nx/devkit';
import type ts from 'typescript';

export type FrameworkName = 'fastify' | 'express' | 'nestjs';

/** One parsed source file of the project. */
export interface ProjectSource {
  /** Workspace-relative path, e.g. apps/api/src/main.ts */
  path: string;
  text: string;
  sourceFile: ts.SourceFile;
}

/** Where the app builds its server, e.g. `const server = Fastify({ logger: true });`. */
export interface ServerConstruction {
  source: ProjectSource;
  /** The factory call itself: `Fastify({ logger: true })`. */
  call: ts.CallExpression;
  /** The statement holding the call, in a statement list (so code can go right after it). */
  statement: ts.Statement;
  /** How the code refers to the server afterwards (`server`, `app`, `this.server`). */
  serverName: string;
  /** The construction runs inside an async function, so registrations may be awaited. */
  inAsyncFunction: boolean;
}

/** A factory call as found; `serverName` and `statement` are missing when it is not assigned (e.g. `return Fastify()`). */
export type FoundConstruction = Omit<ServerConstruction, 'serverName' | 'statement'> & Partial<Pick<ServerConstruction, 'serverName' | 'statement'>>;

/** Where the app starts accepting connections, e.g. `server.listen({ port, host }, cb);`. */
export interface ListenCall {
  source: ProjectSource;
  call: ts.CallExpression;
  statement: ts.Statement;
  /** The receiver of `.listen(...)`. */
  serverName: string;
}

/** Text edits plus what a person should be told about them. */
export interface AdapterEdit {
  changes: StringChange[];
  notes: string[];
}

/**
 * Everything framework-specific that a feature needs to wire itself into an existing bootstrap.
 * Features speak only this interface: one adapter per framework (fastify.ts, express.ts).
 */
export interface FrameworkAdapter {
  readonly framework: FrameworkName;
  /** How an app of this framework builds its server, for messages: `const app = express()`. */
  readonly example: string;
  /** Every server construction in a file (a file may have none). */
  findServerConstructions(source: ProjectSource): FoundConstruction[];
  /**
   * Make the result of calling `optionsFn()` the base of the server options; options the user sets still win. With
   * `takesAppLogger`, the app's own logger option (which the base replaces) is passed on: `optionsFn(undefined, { logger })`.
   */
  mergeServerOptions(construction: ServerConstruction, optionsFn: string, takesAppLogger?: boolean): AdapterEdit;
  /** Register `plugin` (with `options`, TypeScript source, when given) right after construction, before any route or other plugin. */
  registerPlugin(construction: ServerConstruction, plugin: string, options?: string): AdapterEdit;
  /**
   * Register `call` (e.g. `observabilityErrorHandlers()`) after the app's last route, where a framework needs its error
   * handlers last (Express); nothing where the plugin registered after construction covers it (Fastify).
   */
  registerAfterRoutes(construction: ServerConstruction, call: string): AdapterEdit;
  /** The listen call on `serverName`, or on any receiver when no name is given. */
  findListen(source: ProjectSource, serverName?: string): ListenCall | undefined;
  /** Call `fn(server)` once the listen statement has run. */
  callAfterListen(listen: ListenCall, fn: string): AdapterEdit;
  /** Bind to all interfaces instead of a `'localhost'` default, so the service is reachable in a container. */
  listenOnAllInterfaces(listen: ListenCall): AdapterEdit;
}

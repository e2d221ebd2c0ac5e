import { createProvider } from '@org/ai-providers';
import { type Ledger, type LedgerLogger, openLedger } from '@org/ledger';
import { loadPricingFile } from '@org/pricing';
import type { FastifyInstance } from 'fastify';
import { assertSafeBind } from './assert-safe-bind';
import type { ResponderConfig } from './config';
import type { Logger } from './logger';
import { createResponderApp } from './responder-app';
import { createResponderService, type ResponderService } from './responder-service';

export interface StartResponderOptions {
  /** Service log lines (config changes, failures). The HTTP app logs to stderr at `config.logLevel`. */
  logger?: Logger;
  /** The app's environment, for the default ledger path (XDG_STATE_HOME, LOCALAPPDATA). */
  env?: Readonly<Record<string, string | undefined>>;
  /** Names the default ledger directory (default `responder-http`). */
  appName?: string;
  /** Where the HTTP app's pino JSON lines go (default process.stderr), e.g. a stream that prettifies them. */
  logStream?: NodeJS.WritableStream;
  /** Heartbeat of SSE streams (default 15000 ms). */
  heartbeatMs?: number;
}

export interface RunningResponder {
  service: ResponderService;
  app: FastifyInstance;
  ledger: Ledger;
  /** `http://host:port` when listening, '' when `http.enabled` is false. */
  url: string;
  /** Stops accepting, drains requests in flight, then flushes and closes the ledger. Safe to call twice. */
  close(): Promise<void>;
}

/** Builds provider, ledger, pricing, service and app from a parsed config, and listens when HTTP is enabled. */
export async function startResponder(
  config: ResponderConfig,
  options: StartResponderOptions = {},
): Promise<RunningResponder> {
  if (config.http.enabled) assertSafeBind(config.http.host, config.http.apiKey, config.http.allowNoAuth);
  const pricing = config.pricingFile === undefined ? undefined : await loadPricingFile(config.pricingFile);
  const provider = createProvider(config.provider);
  const logger = options.logger;
  const ledgerLogger: LedgerLogger | undefined =
    logger === undefined ? undefined : { warn: (message, details) => logger.warn(details ?? {}, message) };
  const ledger = await openLedger(config.ledger, {
    appName: options.appName ?? 'responder-http',
    ...(options.env !== undefined && { env: options.env }),
    ...(ledgerLogger !== undefined && { logger: ledgerLogger }),
  });
  const service = createResponderService({
    provider,
    ledger,
    ...(pricing !== undefined && { pricing }),
    defaults: config.defaults,
    conversation: config.conversation,
    maxMessageChars: config.maxMessageChars,
    ...(options.logger !== undefined && { logger: options.logger }),
  });
  for (const notice of config.notices) options.logger?.warn({}, notice);
  const app = await createResponderApp({
    service,
    ...(config.http.apiKey !== undefined && { apiKey: config.http.apiKey }),
    rateLimit: config.http.rateLimit,
    bodyLimitBytes: config.http.bodyLimitBytes,
    corsOrigins: config.http.corsOrigins,
    ...(options.heartbeatMs !== undefined && { heartbeatMs: options.heartbeatMs }),
    logger:
      config.logLevel === 'silent'
        ? false
        : { level: config.logLevel, ...(options.logStream !== undefined && { stream: options.logStream }) },
  });
  let url = '';
  if (config.http.enabled) {
    try {
      url = await app.listen({ host: config.http.host, port: config.http.port });
    } catch (error) {
      await app.close();
      await ledger.close();
      throw error;
    }
  } else {
    await app.ready();
  }
  let closing: Promise<void> | undefined;
  return {
    service,
    app,
    ledger,
    url,
    close() {
      closing ??= (async () => {
        await app.close();
        await service.close();
        await ledger.close();
      })();
      return closing;
    },
  };
}

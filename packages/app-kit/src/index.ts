// Light on purpose: the apps import this before their Node version check, so nothing here loads a dependency.
export { type CliCommand, parseCliArgs } from './cli-args';
export { type GracefulShutdownOptions, installGracefulShutdown } from './graceful-shutdown';
export {
  createPrettyLogStream,
  type FormatLogOptions,
  formatLogRecord,
  LOG_FORMATS,
  type LogFormat,
  type PrettyLogStreamOptions,
} from './log-format';
export { exitIfUnsupportedNode, isSupportedNodeVersion, MINIMUM_NODE_VERSION } from './node-version';
export { createStderrLogger, type StderrLogger, type StderrLoggerOptions } from './stderr-logger';

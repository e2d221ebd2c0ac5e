import { type MessengerCommand, parseMessengerCommand } from '@org/messenger';

/** The only place that reads the environment. */
export function readMessengerCommand(argv: readonly string[]): MessengerCommand {
  return parseMessengerCommand(process.env, argv, {}, { stderrIsTTY: process.stderr.isTTY === true });
}

// Placeholder until the command lands; see the issue that builds it.
import type { Io } from '../io.js';
import { UserError } from '../errors.js';

export async function runAsk(_opts: Record<string, unknown>, _io: Io): Promise<number> {
  throw new UserError('meshgate ask is not implemented yet');
}

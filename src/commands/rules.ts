// Placeholder until the command lands; see the issue that builds it.
import type { Io } from '../io.js';
import { UserError } from '../errors.js';

export async function runRulesList(_opts: Record<string, unknown>, _io: Io): Promise<number> {
  throw new UserError('meshgate rules is not implemented yet');
}
export async function runRulesShow(_id: string, _opts: Record<string, unknown>, _io: Io): Promise<number> {
  throw new UserError('meshgate rules show is not implemented yet');
}

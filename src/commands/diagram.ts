// Placeholder until the command lands; see the issue that builds it.
import type { Io } from '../io.js';
import { UserError } from '../errors.js';

export async function runDiagram(_inputs: string[], _opts: Record<string, unknown>, _io: Io): Promise<number> {
  throw new UserError('meshgate diagram is not implemented yet');
}

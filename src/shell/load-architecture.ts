// Placeholder until the architecture issue lands: it reads meshgate, compose and Kubernetes inputs.
import type { Io } from '../io.js';
import type { LoadedInput } from './load-input.js';
import { UserError } from '../errors.js';

export async function loadArchitectureInput(inputs: string[], _opts: { answers?: string; maxBytes?: number }, _io: Io): Promise<LoadedInput> {
  throw new UserError(`${inputs.join(', ')}: architecture inputs are not supported yet`);
}

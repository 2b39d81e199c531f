import type { ImportResult, SourceFile } from './common.js';
import { UserError } from '../errors.js';

export function importCompose(files: SourceFile[], _name: string): ImportResult {
  throw new UserError(`${files[0]!.file}: reading compose files is being built`);
}

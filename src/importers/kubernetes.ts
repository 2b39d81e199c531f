import type { ImportResult, SourceFile } from './common.js';
import { UserError } from '../errors.js';

export function importKubernetes(files: SourceFile[], _name: string): ImportResult {
  throw new UserError(`${files[0]!.file}: reading kubernetes files is being built`);
}

/** The completion formats by shell; `meshgate completion` offers exactly these keys. */
import { formatBash } from './bash.js';
import { formatFish } from './fish.js';
import { formatZsh } from './zsh.js';
import type { CompletionFormatter } from './types.js';

export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type ShellName = (typeof SHELLS)[number];

export const COMPLETION_FORMATS = { bash: formatBash, zsh: formatZsh, fish: formatFish } satisfies Record<ShellName, CompletionFormatter>;

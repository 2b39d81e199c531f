/**
 * `meshgate recommend INPUT...`: decide (src/app/recommend.ts), print in the chosen format.
 */
import type { Io } from '../io.js';
import { recommend } from '../app/recommend.js';
import type { RecommendationContext } from '../format/recommendation/describe.js';
import { pathFromCwd } from '../format/source-paths.js';

export interface RecommendOptions {
  format?: 'text' | 'json' | 'markdown';
  set?: string[];
  answers?: string;
  maxBytes?: string;
}

/** Runs `recommend`; returns the exit code (0; errors are thrown as UserError). */
export async function runRecommend(inputs: string[], opts: RecommendOptions, io: Io): Promise<number> {
  const { decision, source, inferred, defaulted, files } = await recommend(inputs, { set: opts.set, answers: opts.answers, maxBytes: opts.maxBytes }, io);
  const ctx: RecommendationContext = { color: io.color, columns: io.columns, source, inferred, defaulted, ...(files.length > 0 ? { files: files.map((f) => pathFromCwd(f, io.cwd)) } : {}) };
  const format = opts.format ?? 'text';
  if (format === 'json') {
    const { formatRecommendationJson } = await import('../format/recommendation/json.js');
    io.stdout(formatRecommendationJson(decision, ctx));
  } else if (format === 'markdown') {
    const { formatRecommendationMarkdown } = await import('../format/recommendation/markdown.js');
    io.stdout(formatRecommendationMarkdown(decision, ctx));
  } else {
    const { formatRecommendationText } = await import('../format/recommendation/text.js');
    io.stdout(formatRecommendationText(decision, ctx));
  }
  return 0;
}

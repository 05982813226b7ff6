/**
 * The engine of another build (a checkout of an earlier commit, built with `npm run build`), loaded into
 * this process so the bench can time both on the same questions in turn: on a shared machine, a ratio
 * measured side by side in one run holds where two separate runs' absolute times do not.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** An engine of another build, with its own index of the same content. */
export interface BaselineEngine {
  dir: string;
  passages: number;
  /** Answers one question with that build's engine (the bench only needs the time it takes). */
  answer: (question: string) => unknown;
}

/** The modules of a build's `dist/core` the bench needs. */
const MODULES = ['loadCorpus', 'searchIndex', 'query/answer', 'query/prepareIndex'] as const;

/** The module files of the build in `dir/dist`; throws with the path of the first one missing. */
export function baselineBuild(dir: string): { root: string; paths: string[] } {
  const root = resolve(dir);
  const paths = MODULES.map((m) => join(root, 'dist', 'core', `${m}.js`));
  const missing = paths.find((p) => !existsSync(p));
  if (missing) throw new Error(`no build to compare with: ${missing} is missing (run npm run build in ${root})`);
  return { root, paths };
}

/**
 * Loads the engine built in `dir/dist` and builds its index of `contentDirs`, warmed up as a server is.
 * Throws with the path when `dir` has no build.
 */
export function loadBaselineEngine(dir: string, contentDirs: string[]): BaselineEngine {
  const { root, paths } = baselineBuild(dir);
  // A build of this same project from `prepareIndex.ts` on (earlier builds have no such file and are refused above).
  /* eslint-disable @typescript-eslint/no-require-imports */
  const [corpus, search, query, prepare] = paths.map((p) => require(p) as Record<string, (...args: unknown[]) => unknown>);
  /* eslint-enable @typescript-eslint/no-require-imports */
  const index = search.buildIndex(corpus.loadCorpus(contentDirs)) as { passages: unknown[] };
  prepare.warmUpQueryResources?.(index);
  return { dir: root, passages: index.passages.length, answer: (question) => query.answer(question, { index }) };
}

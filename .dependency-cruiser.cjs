/**
 * The layers of meshgate, enforced in `npm test` (test/run-tests.mjs runs dependency-cruiser
 * before vitest). Dependencies point one way:
 *
 *   main/start -> cli -> commands -> app -> core | importers | format -> yaml
 *
 * with the shell (src/shell: files, stdin, prompts, precompiled validators) used only by the
 * commands and the application layer, never by the pure layers below them. importers and
 * format build on core's types; core imports neither. src/errors.ts and src/version.ts are
 * leaves anyone may use. No cycles, type-only imports included.
 */
const PURE = '^src/(core|importers|format|yaml)/';

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'A cycle makes load order matter and layers meaningless; type-only imports count too.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'cli-only-from-entry-points',
      comment: 'src/cli.ts wires commander; only the process entry points (main, start) load it.',
      severity: 'error',
      from: { pathNot: '^src/(main|start)\\.ts$' },
      to: { path: '^src/cli\\.ts$' },
    },
    {
      name: 'commands-only-from-cli',
      comment: 'Each command is loaded on demand by its action in src/cli.ts, by nothing else.',
      severity: 'error',
      from: { pathNot: '^src/(cli\\.ts$|commands/)' },
      to: { path: '^src/commands/' },
    },
    {
      name: 'app-only-from-commands',
      comment: 'The application layer (src/app) serves the commands and the build/docs scripts.',
      severity: 'error',
      from: { pathNot: '^src/(commands/|app/|build/|docs\\.ts$)' },
      to: { path: '^src/app/' },
    },
    {
      name: 'shell-only-from-commands-and-app',
      comment:
        'Only commands and the application layer touch files, stdin and prompts (functional core, imperative shell). ' +
        'The process entry points (main, start, io) and the build/docs scripts are shell themselves.',
      severity: 'error',
      from: { pathNot: '^src/(commands/|app/|shell/|build/|(main|start|io|docs)\\.ts$)' },
      to: { path: '^src/shell/' },
    },
    {
      name: 'core-below-importers-and-format',
      comment: 'core is the model and the decisions; importers and formats build on it, never the other way.',
      severity: 'error',
      from: { path: '^src/core/' },
      to: { path: '^src/(importers|format|app|commands)/|^src/(cli|io|main|start|docs)\\.ts$' },
    },
    {
      name: 'importers-below-app',
      comment: 'Importers turn parsed documents into the model: no formatting, no application or command code.',
      severity: 'error',
      from: { path: '^src/importers/' },
      to: { path: '^src/(format|app|commands)/|^src/(cli|io|main|start|docs)\\.ts$' },
    },
    {
      name: 'format-below-app',
      comment: 'Formatters are pure functions from results to strings: no importers, application or command code.',
      severity: 'error',
      from: { path: '^src/format/' },
      to: { path: '^src/(importers|app|commands)/|^src/(cli|io|main|start|docs)\\.ts$' },
    },
    {
      name: 'yaml-is-the-bottom',
      comment: 'The YAML reader depends on nothing of meshgate but errors.ts.',
      severity: 'error',
      from: { path: '^src/yaml/' },
      to: { path: '^src/', pathNot: '^src/(yaml/|errors\\.ts$)' },
    },
    {
      name: 'pure-layers-do-no-io',
      comment: 'core, importers, format and yaml take values and return values: no file system, processes, network or prompts.',
      severity: 'error',
      from: { path: PURE },
      to: {
        dependencyTypes: ['core', 'npm', 'npm-dev'],
        path: '^(node:)?(fs|fs/promises|child_process|net|http|https|readline|tty|worker_threads)$|^@inquirer/|^@viz-js/',
      },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Type-only imports are dependencies too: a type cycle still ties two modules together.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};

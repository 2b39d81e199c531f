/**
 * Commander wiring only. Each action imports its command module on demand, so `--help` and
 * `--version` load nothing but commander. `run` is the one place that maps errors to exit codes.
 */
import { Argument, Command, CommanderError, Help, Option } from 'commander';
import type { Io } from './io.js';
import { UserError, CancelledError, renderUserError, describeSystemError } from './errors.js';
import { visible, visibleKeepingLines, wrapMessage } from './format/terminal-text.js';

import { VERSION } from './version.js';

/** Exit codes, the same for every command and every output format. */
export const EXIT = { ok: 0, findings: 1, usage: 2, interrupted: 130 } as const;

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

function intOption(name: string, min: number) {
  return (raw: string): number => {
    const n = Number(raw);
    if (!/^\d+$/.test(raw.trim()) || !Number.isInteger(n) || n < min) {
      throw new UserError(`${name} must be a whole number >= ${min} (got "${raw}")`);
    }
    return n;
  };
}

/** Environment variables every command reads. */
const COMMON_ENV: [string, string][] = [
  ['NO_COLOR=1', 'no colours (as --no-color)'],
  ['FORCE_COLOR=1', 'colours even when piped'],
  ['COLUMNS', 'width to fit (default: the terminal\'s; none when piped)'],
  ['MESHGATE_DEBUG=1', 'the stack trace of an internal error'],
];

/**
 * The text after a command's options: two examples, and the environment variables it reads.
 * Every line stays under 80 columns (commander does not wrap this part).
 */
function helpAfter(examples: string[], env: [string, string][] = []): string {
  const vars = [...env, ...COMMON_ENV];
  const width = Math.max(...vars.map(([name]) => name.length));
  return [
    '',
    'Examples:',
    ...examples.map((e) => `  $ ${e}`),
    '',
    'Environment:',
    ...vars.map(([name, what]) => `  ${name.padEnd(width)}  ${what}`),
  ].join('\n');
}

/** Builds a fresh program; `setExit` receives the exit code a command returns. */
export function createProgram(io: Io, setExit: (code: number) => void): Command {
  // Help fits the terminal; piped, it keeps whole lines like every other text output.
  const helpWidth = (): number => io.columns ?? Number.MAX_SAFE_INTEGER;
  const program = new Command()
    .name('meshgate')
    .description('Decide between an API gateway, a service mesh, both or neither; lint architectures; generate starter configs.')
    .version(VERSION, '-V, --version')
    .option('--no-color', 'disable colours (also: NO_COLOR=1)')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    // Every command's help lists --no-color, which all of them read.
    .configureHelp({
      showGlobalOptions: true,
      // A command term longer than this leaves commander too little width to wrap descriptions at
      // 80 columns; such a term (explain-call's three arguments) drops the "[options]" its own help shows.
      subcommandTerm(this: Help, cmd: Command): string {
        const term = Help.prototype.subcommandTerm.call(this, cmd);
        return term.length > 36 ? term.replace(' [options]', '') : term;
      },
    })
    .configureOutput({
      writeOut: (s) => io.stdout(s),
      // Usage errors quote what was typed; a control character in it must not reach the terminal raw.
      writeErr: (s) => io.stderr(visibleKeepingLines(s)),
      getOutHelpWidth: helpWidth,
      getErrHelpWidth: helpWidth,
    })
    .addHelpText('after', helpAfter(['meshgate ask --save answers.yaml', 'meshgate lint deploy/ && meshgate generate deploy/ --out configs']));

  const maxBytes = new Option('--max-bytes <size>', 'refuse input files larger than this (default 20m)');

  program
    .command('ask')
    .description('interactive questionnaire that explains each question and ends with a recommendation')
    .option('--answers <file>', 'pre-fill from an existing answers file')
    .option('--save <file>', 'save the answers to this file without asking')
    .addHelpText('after', helpAfter(['meshgate ask', 'meshgate ask --answers answers.yaml --save answers.yaml']))
    .action(async (opts) => {
      const { runAsk } = await import('./commands/ask.js');
      setExit(await runAsk(opts, io));
    });

  program
    .command('recommend')
    .description('score gateway / mesh / both / neither from answers or an architecture, with reasons and product picks')
    .argument('<input...>', 'answers file, meshgate architecture, docker-compose file(s), Kubernetes manifests or directory; - for stdin')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json', 'markdown']).default('text'))
    .option('--set <field=value>', 'override one answer for a what-if run (repeatable)', collect, [])
    .option('--answers <file>', 'answers for what an architecture cannot show (compliance, team, ...)')
    .addOption(maxBytes)
    .addHelpText('after', helpAfter(['meshgate recommend answers.yaml --set compliance=true', 'meshgate recommend docker-compose.yml -f json > decision.json']))
    .action(async (inputs: string[], opts) => {
      const { runRecommend } = await import('./commands/recommend.js');
      setExit(await runRecommend(inputs, opts, io));
    });

  const rules = program
    .command('rules')
    .description('list the scoring rules, constraints and lint rules')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json', 'markdown']).default('text'))
    .addOption(new Option('--kind <kind>', 'only one kind of rule').choices(['scoring', 'constraint', 'lint']))
    .option('--rules <dir>', 'also load custom lint rules from this directory')
    .addHelpText('after', helpAfter(['meshgate rules --kind lint', 'meshgate rules show datastore-published']))
    .action(async (opts) => {
      const { runRulesList } = await import('./commands/rules.js');
      setExit(await runRulesList(opts, io));
    });
  rules
    .command('show')
    .description('print one rule: rationale, remediation and sources')
    .argument('<id>', 'rule id')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--rules <dir>', 'also load custom lint rules from this directory')
    .addHelpText('after', helpAfter(['meshgate rules show datastore-published', 'meshgate rules show no-latest-image --rules lint-rules -f json']))
    .action(async (id: string, opts) => {
      const { runRulesShow } = await import('./commands/rules.js');
      // `rules` has its own -f, and commander gives it `rules show ID -f json` too.
      const parentFormat = rules.opts()['format'] as string | undefined;
      setExit(await runRulesShow(id, { ...opts, format: parentFormat && parentFormat !== 'text' ? parentFormat : opts.format }, io));
    });

  program
    .command('compare')
    .description('API gateway and service mesh side by side')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json', 'markdown']).default('text'))
    .addHelpText('after', helpAfter(['meshgate compare', 'meshgate compare -f markdown > comparison.md']))
    .action(async (opts) => {
      const { runCompare } = await import('./commands/compare.js');
      setExit(await runCompare(opts, io));
    });

  program
    .command('import')
    .description('read docker-compose files or Kubernetes manifests into a meshgate architecture file')
    .argument('<input...>', 'compose files (later ones override earlier ones, like -f), manifests or directories')
    .option('-o, --output <file>', 'write the architecture here instead of stdout')
    .option('--force', 'overwrite the output file if it exists', false)
    .addOption(maxBytes)
    .addHelpText('after', helpAfter(['meshgate import docker-compose.yml -o architecture.yaml', 'meshgate import k8s/ | meshgate lint -']))
    .action(async (inputs: string[], opts) => {
      const { runImport } = await import('./commands/import.js');
      setExit(await runImport(inputs, opts, io));
    });

  program
    .command('lint')
    .description('lint architecture YAML (meshgate, compose, Kubernetes) for gateway and mesh problems')
    .argument('<input...>', 'files or directories; - for stdin')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['stylish', 'json', 'sarif', 'junit', 'github']).default('stylish'))
    .option('-o, --output <file>', 'write the report to a file instead of stdout')
    .addOption(new Option('--fail-on <severity>', 'lowest severity that fails the run').choices(['error', 'warning', 'info']).default('error'))
    .option('--max-warnings <n>', 'fail when there are more warnings than this', intOption('--max-warnings', 0))
    .option('--config <file>', 'use this config file instead of looking for .meshgate.yaml')
    .option('--rules <dir>', 'load custom lint rules from this directory (repeatable)', collect, [])
    .option('--answers <file>', 'answers that some rules check against (e.g. mandated mTLS)')
    .addOption(maxBytes)
    .addHelpText('after', helpAfter(['meshgate lint deploy/ -f github', 'meshgate lint compose.yaml --fail-on warning -f sarif -o lint.sarif']))
    .action(async (inputs: string[], opts) => {
      const { runLint } = await import('./commands/lint.js');
      setExit(await runLint(inputs, opts, io));
    });

  program
    .command('explain-call')
    .description('show every policy object evaluated for one call (Istio, Linkerd, NetworkPolicy) and why it is allowed or denied')
    .argument('<from>', 'the caller: NAME, NAMESPACE/NAME or NAME.NAMESPACE (a service or a workload)')
    .argument('<to>', 'the callee, named the same way')
    .argument('<input...>', 'Kubernetes manifests or directories (rendered Helm or Kustomize output too); - for stdin')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--port <n>', 'the callee pod port (default: the one the declared call dials)', intOption('--port', 1))
    .option('--method <method>', 'an HTTP method, for policies that match on it')
    .option('--path <path>', 'an HTTP path, for policies that match on it')
    .addOption(maxBytes)
    .addHelpText('after', helpAfter(['meshgate explain-call frontend cart k8s/', 'meshgate explain-call web/frontend shop/cart k8s/ --path /cart -f json']))
    .action(async (from: string, to: string, inputs: string[], opts) => {
      const { runExplainCall } = await import('./commands/explain-call.js');
      setExit(await runExplainCall(from, to, inputs, opts, io));
    });

  program
    .command('generate')
    .description('write starter configs for the recommended setup')
    .usage('--out <dir> [options] <input...>')
    .argument('<input...>', 'answers file or architecture (meshgate, compose, Kubernetes)')
    .requiredOption('--out <dir>', '(required) directory to write into, all files or none; - writes one multi-document stream to stdout')
    .option('-t, --target <target>', 'gateway-api | kong | nginx | istio | linkerd | ingress (repeatable; default: follow the recommendation)', collect, [])
    .option('--answers <file>', 'answers for what an architecture cannot show')
    .option('--dry-run', 'list what would be written, write nothing', false)
    .option('--force', 'overwrite existing files', false)
    .addOption(maxBytes)
    .addHelpText('after', helpAfter(['meshgate generate answers.yaml --out configs', 'meshgate generate compose.yaml --out - -t kong -t linkerd | less']))
    .action(async (inputs: string[], opts) => {
      const { runGenerate } = await import('./commands/generate.js');
      setExit(await runGenerate(inputs, opts, io));
    });

  program
    .command('report')
    .description('write an Architecture Decision Record (Markdown or self-contained HTML) with a topology diagram')
    .argument('<input...>', 'answers file or architecture')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['markdown', 'html']).default('markdown'))
    .option('-o, --output <file>', 'write the record here instead of stdout')
    .option('--answers <file>', 'answers for what an architecture cannot show')
    .option('--force', 'overwrite the output file if it exists', false)
    .addOption(maxBytes)
    .addHelpText(
      'after',
      helpAfter(
        ['meshgate report architecture.yaml -o docs/adr/0007-gateway-and-mesh.md', 'meshgate report answers.yaml -f html -o decision.html'],
        [['SOURCE_DATE_EPOCH', 'the record\'s date (seconds), for reproducible output']],
      ),
    )
    .action(async (inputs: string[], opts) => {
      const { runReport } = await import('./commands/report.js');
      setExit(await runReport(inputs, opts, io));
    });

  program
    .command('diagram')
    .description('draw the topology with the recommended gateway and mesh')
    .argument('<input...>', 'answers file or architecture')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['mermaid', 'dot', 'svg']).default('mermaid'))
    .option('-o, --output <file>', 'write the diagram here instead of stdout')
    .option('--answers <file>', 'answers for what an architecture cannot show')
    .option('--force', 'overwrite the output file if it exists', false)
    .addOption(maxBytes)
    .addHelpText('after', helpAfter(['meshgate diagram architecture.yaml > topology.mmd', 'meshgate diagram k8s/ -f svg -o topology.svg']))
    .action(async (inputs: string[], opts) => {
      const { runDiagram } = await import('./commands/diagram.js');
      setExit(await runDiagram(inputs, opts, io));
    });

  program
    .command('completion')
    .description('print a shell completion script, built from these commands and options')
    .addArgument(new Argument('<shell>', 'the shell to complete in').choices(['bash', 'zsh', 'fish']))
    .addHelpText('after', helpAfter(['meshgate completion zsh > "${fpath[1]}/_meshgate"', 'meshgate completion fish > ~/.config/fish/completions/meshgate.fish']))
    .action(async (shell: 'bash' | 'zsh' | 'fish') => {
      const { runCompletion } = await import('./commands/completion.js');
      setExit(await runCompletion(shell, program, VERSION, io));
    });

  return program;
}

/** Runs meshgate with argv (without node and script) and returns the exit code. */
export async function run(argv: string[], io: Io): Promise<number> {
  let exitCode: number = EXIT.ok;
  const program = createProgram(io, (code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (err) {
    return exitCodeForError(err, io);
  }
}

/** The one mapping from a thrown error to what the user sees and the exit code. */
export function exitCodeForError(err: unknown, io: Io): number {
  if (err instanceof CommanderError) {
    if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return EXIT.ok;
    // commander has already printed its message; our own option parsers throw UserError inside it.
    const cause = (err as CommanderError & { cause?: unknown }).cause;
    if (cause instanceof UserError) io.stderr(renderUserError(cause, io.columns));
    return EXIT.usage;
  }
  if (err instanceof UserError) {
    io.stderr(renderUserError(err, io.columns));
    return err.exitCode;
  }
  if (err instanceof CancelledError || (err as Error)?.name === 'ExitPromptError' || (err as Error)?.name === 'AbortPromptError') {
    io.stderr('meshgate: cancelled\n');
    return EXIT.interrupted;
  }
  io.stderr(internalErrorText(err, io.env, io.columns));
  return EXIT.usage;
}

/**
 * An error meshgate did not expect is its own bug, never the user's input: one line saying what
 * happened, one saying where to report it. The stack is for the report, on request.
 */
export function internalErrorText(err: unknown, env: Record<string, string | undefined>, columns?: number): string {
  const e = err as Error | undefined;
  const what = (e?.message ?? String(err)).split('\n')[0]!;
  const stack = env['MESHGATE_DEBUG'] && e?.stack ? `${e.stack}\n` : '';
  const pointer =
    `This is a bug in meshgate ${VERSION}, not a problem with your input: please report it with the command you ran and its input` +
    `${stack ? '' : ' (run it again with MESHGATE_DEBUG=1 to include the stack trace)'}.`;
  return `${wrapMessage(`meshgate: internal error: ${visible(what)}`, columns)}\n${stack}${wrapMessage(pointer, columns, '')}\n`;
}

/** What stdout failing (other than a closed pipe) is reported as: one line, exit 2. */
export function outputFailureText(err: NodeJS.ErrnoException): string {
  return `meshgate: cannot write to standard output: ${visible(describeSystemError(err))}; the output is incomplete\n`;
}

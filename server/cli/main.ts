import { Command, Option } from 'commander';
import { packageVersion } from '../paths';
import { registerCoreCommands } from './core-commands';
import { moduleCommands } from './module-commands';
import { CliExit, exitAfterOutput } from './support';
import { registerUserCommands } from './user-commands';

/**
 * `shirube` — the command line. Commands run in-process against the configured database with a
 * system actor, and every write they make lands in the audit trail like a write from the UI.
 */
export function buildProgram(): Command {
  const program = new Command('shirube')
    .description('しるべ — 地方公共団体の情報セキュリティポリシー運用システム (Shirube)')
    .version(packageVersion, '-v, --version')
    .addOption(new Option('--lang <lang>', '出力の言語 / output language').choices(['ja', 'en']).default('ja'))
    // The program's options are read only before the command name, so that a command's own
    // --version (policy export, policy compare) is the command's and not the program version.
    // --lang may still be written anywhere: hoistGlobalOptions() moves it to the front.
    .enablePositionalOptions()
    .showHelpAfterError()
    // Set before the subcommands are created so that they inherit it (bad options exit with 2).
    .exitOverride();
  registerCoreCommands(program);
  registerUserCommands(program);
  for (const register of moduleCommands) register(program);
  return program;
}

/** Move `--lang X` / `--lang=X`, wherever it was written, before the command name. */
export function hoistGlobalOptions(argv: string[]): string[] {
  const [node, script, ...args] = argv;
  const hoisted: string[] = [];
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--') {
      rest.push(...args.slice(i));
      break;
    }
    if (a === '--lang' && i + 1 < args.length) {
      hoisted.push(a, args[++i]);
    } else if (a.startsWith('--lang=')) hoisted.push(a);
    else rest.push(a);
  }
  return [node, script, ...hoisted, ...rest];
}

export async function runCli(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(hoistGlobalOptions(argv));
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (e) {
    if (e instanceof CliExit) return e.code;
    const ce = e as { code?: string; exitCode?: number };
    if (ce.code === 'commander.helpDisplayed' || ce.code === 'commander.version' || ce.code === 'commander.help') return 0;
    if (typeof ce.exitCode === 'number' && ce.code?.startsWith('commander.')) return ce.exitCode === 1 ? 2 : ce.exitCode;
    throw e;
  }
}

const isMain = process.argv[1] && /(cli|main)\.(ts|js)$/.test(process.argv[1]);
if (isMain) {
  runCli(process.argv).then(
    (code) => {
      if (code !== 0) return exitAfterOutput(code);
    },
    (e) => {
      process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      return exitAfterOutput(1);
    },
  );
}

/**
 * The one argument layer of every CLI here (DESIGN.md, style point 11), over `node:util` `parseArgs`:
 * `--flag value` and `--flag=value` both work, `--help` prints usage and exits 0 before any work, and errors are one
 * line on stderr with no stack trace. Exit codes mean the same everywhere: 0 ok, 1 the check found problems, 2 a
 * usage or config error.
 */
import { parseArgs } from "node:util";
import "../../app/src/quietSdk";
import { didYouMean } from "../../components/suggest";

export const EXIT_OK = 0;
export const EXIT_PROBLEMS = 1;
export const EXIT_USAGE = 2;

/** A bad argument or a config error: exit 2, with this one-line message. */
export class UsageError extends Error {}

interface OptionSpec {
  readonly type: "string" | "boolean";
  readonly multiple?: boolean;
  readonly short?: string;
}
export type OptionSpecs = Readonly<Record<string, OptionSpec>>;

export interface CliSpec<O extends OptionSpecs> {
  /** The name errors start with (`plan: ...`). */
  readonly name: string;
  /** The whole `--help` text: a usage line, then one line per option. */
  readonly usage: string;
  readonly options: O;
  readonly allowPositionals?: boolean;
}

type Value<S extends OptionSpec> = S["type"] extends "boolean"
  ? S["multiple"] extends true
    ? boolean[]
    : boolean
  : S["multiple"] extends true
    ? string[]
    : string;
export type Values<O extends OptionSpecs> = { [K in keyof O]?: Value<O[K]> };

/** Thrown by `parseCli` on `--help`; `runCli` prints the usage and exits 0. */
export class HelpRequested extends Error {
  constructor(readonly usage: string) {
    super("help requested");
  }
}

/** `--help` or `-h` before a `--` terminator: help wins over every other argument, valid or not. */
function wantsHelp(argv: readonly string[]): boolean {
  const end = argv.indexOf("--");
  return (end < 0 ? argv : argv.slice(0, end)).some((a) => a === "--help" || a === "-h");
}

/** Parses `argv` against the spec, or throws a UsageError naming the argument (or HelpRequested). */
export function parseCli<O extends OptionSpecs>(
  spec: CliSpec<O>,
  argv: readonly string[],
): { values: Values<O>; positionals: string[] } {
  if (wantsHelp(argv)) throw new HelpRequested(spec.usage);
  try {
    const parsed = parseArgs({
      args: [...argv],
      options: spec.options as Record<string, OptionSpec>,
      strict: true,
      allowPositionals: spec.allowPositionals ?? false,
    });
    return { values: parsed.values as Values<O>, positionals: parsed.positionals };
  } catch (e) {
    throw new UsageError(oneLine(e as Error & { code?: string }, Object.keys(spec.options)));
  }
}

/**
 * `parseCli` for a main that has no `runCli` around it: `--help` prints the usage and exits 0, a usage error prints
 * one line and exits 2, both before the caller does any work.
 */
export function parseOrExit<O extends OptionSpecs>(
  spec: CliSpec<O>,
  argv: readonly string[],
): { values: Values<O>; positionals: string[] } {
  try {
    return parseCli(spec, argv);
  } catch (e) {
    if (e instanceof HelpRequested) process.stdout.write(`${e.usage}\n`);
    else process.stderr.write(`${spec.name}: ${(e as Error).message}\n`);
    process.exit(e instanceof HelpRequested ? EXIT_OK : EXIT_USAGE);
  }
}

/** parseArgs' messages, shortened to the one line a user needs (they are written for programmers). */
function oneLine(e: Error & { code?: string }, known: string[]): string {
  const flag = /'(-{1,2}[^' ]+)/.exec(e.message)?.[1] ?? "";
  const flags = known.map((k) => `--${k}`);
  switch (e.code) {
    case "ERR_PARSE_ARGS_UNKNOWN_OPTION":
      return `unknown option ${flag}${didYouMean(flag.split("=")[0], flags) || `; see --help`}`;
    case "ERR_PARSE_ARGS_INVALID_OPTION_VALUE":
      return /does not take an argument/.test(e.message)
        ? `${flag} takes no value`
        : `${flag} needs a value`;
    case "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL":
      return `unexpected argument ${/'([^']*)'/.exec(e.message)?.[1] ?? ""}; see --help`;
    default:
      return e.message;
  }
}

/**
 * Runs a CLI's main and sets the exit code. Errors become one line on stderr: a UsageError (or an error whose
 * `exitCode` is 2, such as a config error) exits 2; anything else exits 1. `DEBUG=1` adds the stack.
 */
export function runCli(name: string, main: () => Promise<number> | number): void {
  const fail = (e: unknown) => {
    if (e instanceof HelpRequested) {
      process.stdout.write(e.usage.endsWith("\n") ? e.usage : `${e.usage}\n`);
      return EXIT_OK;
    }
    const err = e as Error & { exitCode?: number };
    process.stderr.write(`${name}: ${err?.message ?? String(e)}\n`);
    if (process.env.DEBUG && err?.stack) process.stderr.write(`${err.stack}\n`);
    return e instanceof UsageError || err?.exitCode === EXIT_USAGE ? EXIT_USAGE : EXIT_PROBLEMS;
  };
  let result: Promise<number>;
  try {
    result = Promise.resolve(main());
  } catch (e) {
    result = Promise.reject(e);
  }
  // exitCode, not exit(): a large JSON document on a pipe must be flushed before the process ends.
  result.then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.exitCode = fail(e);
    },
  );
}

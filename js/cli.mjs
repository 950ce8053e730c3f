#!/usr/bin/env node
// `monkey`, the command-line interface of the npm package: runs a Monkey program or a
// REPL on the WebAssembly build. Its output contract matches the native CLI's: stdout is
// exactly what the program's `puts` printed; errors go to stderr with exit code 1
// (2 for a bad command line); dumps and statistics go to stderr.

import { readFileSync } from 'node:fs';
import { getSystemErrorMap, parseArgs } from 'node:util';
import { compile, init, run, TIERS, version } from './index.js';
import { startRepl } from './repl.mjs';

const HELP = `Usage:
  monkey run FILE [options]   run a Monkey program
  monkey repl                 read and run entries; globals persist between them
  monkey --help | --version

Options of run:
  --tier TIER       ${TIERS.join(', ')} (default: auto)
  --max-steps N     stop with "step limit exceeded" after N loop iterations and calls
  --stats           print run statistics to stderr
  --dump=bytecode   print the bytecode listing to stderr before running

  -h, --help        show this help
  -V, --version     print the version

stdout carries exactly what the program's puts printed. Errors go to stderr, with
exit code 1 (2 for a bad command line).

Examples:
  monkey run bench/programs/fib30.monkey
  monkey run program.monkey --tier interp --stats
  monkey run program.monkey --dump=bytecode --max-steps 1000000
  echo 'let x = 20; x * 2 + 2' | monkey repl
`;

const DUMPS = ['bytecode'];

/** A failure reported as `monkey: message` with an exit code; usage errors (2) add a hint. */
class CliError extends Error {
  constructor(message, exitCode) {
    super(message);
    this.exitCode = exitCode;
  }
}

/** A command-line mistake. */
class UsageError extends CliError {
  constructor(message) {
    super(`${message}\nTry 'monkey --help'.`, 2);
  }
}

function parseCommandLine(argv) {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        tier: { type: 'string' },
        'max-steps': { type: 'string' },
        stats: { type: 'boolean' },
        dump: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'V' },
      },
    });
  } catch (err) {
    throw new UsageError(err.message);
  }
  const { values, positionals } = parsed;
  const [command, ...rest] = positionals;
  if (values.help || values.version) return { command: values.help ? 'help' : 'version' };

  if (command === undefined) throw new UsageError('missing command: run or repl');
  if (command !== 'run' && command !== 'repl') throw new UsageError(`unknown command '${command}'`);
  if (command === 'run' && rest.length !== 1) throw new UsageError('run takes exactly one FILE');
  if (command === 'repl') {
    const extra = [...rest, ...Object.keys(values).map((key) => `--${key}`)];
    if (extra.length > 0) throw new UsageError(`repl takes no arguments, got ${extra.join(' ')}`);
    return { command };
  }

  const options = {};
  if (values.tier !== undefined) {
    if (!TIERS.includes(values.tier)) throw new UsageError(`--tier must be one of ${TIERS.join(', ')}`);
    options.tier = values.tier;
  }
  if (values['max-steps'] !== undefined) {
    if (!/^\d+$/.test(values['max-steps'])) throw new UsageError('--max-steps must be a non-negative integer');
    options.maxSteps = Number(values['max-steps']);
  }
  const dumps = values.dump === undefined ? [] : values.dump.split(',');
  for (const dump of dumps) {
    if (!DUMPS.includes(dump)) throw new UsageError(`--dump=${dump} is not available (available: ${DUMPS.join(', ')})`);
  }
  return { command, file: rest[0], options, stats: Boolean(values.stats), dumps };
}

function readSource(file) {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    // "no such file or directory" rather than "ENOENT: no such file ..., open 'FILE'".
    const reason = getSystemErrorMap().get(err.errno)?.[1] ?? err.message;
    throw new CliError(`cannot read ${file}: ${reason}`, 1);
  }
}

/** `stats` as aligned `key  value` lines; nested objects become dotted keys (`vm.calls`). */
function formatStats(stats) {
  const entries = [];
  const flatten = (object, prefix) => {
    for (const [key, value] of Object.entries(object)) {
      if (value !== null && typeof value === 'object') flatten(value, `${prefix}${key}.`);
      else entries.push([`${prefix}${key}`, String(value)]);
    }
  };
  flatten(stats, '');
  const width = Math.max(0, ...entries.map(([key]) => key.length));
  return `stats:\n${entries.map(([key, value]) => `  ${key.padEnd(width)}  ${value}\n`).join('')}`;
}

function runFile({ file, options, stats, dumps }) {
  const source = readSource(file);
  if (dumps.includes('bytecode')) {
    try {
      process.stderr.write(`${compile(source).trimEnd()}\n`);
    } catch (err) {
      process.stderr.write(`${err.message}\n`);
      process.exitCode = 1;
      return;
    }
  }
  const outcome = run(source, options);
  process.stdout.write(outcome.stdout);
  if (stats) process.stderr.write(formatStats(outcome.stats));
  if (outcome.error !== null) {
    process.stderr.write(`${outcome.error}\n`);
    process.exitCode = 1;
  }
}

async function main(argv) {
  const args = parseCommandLine(argv);
  if (args.command === 'help') {
    process.stdout.write(HELP);
    return;
  }
  await init();
  if (args.command === 'version') console.log(`monkey-jit ${version()}`);
  else if (args.command === 'run') runFile(args);
  else await startRepl();
}

try {
  await main(process.argv.slice(2));
} catch (err) {
  if (!(err instanceof CliError)) throw err;
  console.error(`monkey: ${err.message}`);
  process.exitCode = err.exitCode;
}

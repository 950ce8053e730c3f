// The REPL of the node CLI (`monkey repl`): reads entries with node:readline and
// evaluates each in one Session, so globals persist; prints what the entry printed,
// then its value (unless null) on stdout, or its error on stderr. An entry continues
// over lines while a bracket or a string is open, as in the native REPL.

import { readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Session, version } from './index.js';

// Not the native REPL's ~/.monkey_history: rustyline writes its own file format there.
const HISTORY_FILE = join(homedir(), '.monkey_jit_history');
const HISTORY_SIZE = 1000;

/**
 * Whether an entry is complete: every bracket closed and no string left open. Reads the
 * text as the lexer would, skipping strings and `//` comments.
 */
export function isComplete(text) {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') {
      inString = true;
    } else if (c === '/' && text[i + 1] === '/') {
      const end = text.indexOf('\n', i);
      if (end === -1) break;
      i = end;
    } else if (c === '(' || c === '[' || c === '{') {
      depth++;
    } else if (c === ')' || c === ']' || c === '}') {
      depth--;
    }
  }
  return !inString && depth <= 0;
}

function loadHistory() {
  try {
    // readline wants the newest entry first; the file has it last.
    return readFileSync(HISTORY_FILE, 'utf8').split('\n').filter(Boolean).reverse().slice(0, HISTORY_SIZE);
  } catch {
    return [];
  }
}

function saveHistory(history) {
  try {
    writeFileSync(HISTORY_FILE, `${[...history].reverse().join('\n')}\n`);
  } catch {
    // History is a convenience: a read-only home directory must not stop the REPL.
  }
}

/**
 * Runs the REPL until end of input. Prompts, the banner and the history file are used
 * only when input and output are a terminal, so that piped input gives plain output.
 * @param {{ input?: NodeJS.ReadStream, output?: NodeJS.WriteStream, errors?: NodeJS.WriteStream }} [streams]
 */
export async function startRepl({ input = process.stdin, output = process.stdout, errors = process.stderr } = {}) {
  const interactive = Boolean(input.isTTY && output.isTTY);
  const session = new Session();
  const rl = createInterface({
    input,
    output,
    terminal: interactive,
    history: interactive ? loadHistory() : [],
    historySize: HISTORY_SIZE,
    removeHistoryDuplicates: true,
  });

  let pending = []; // the lines of an entry that is not complete yet
  const prompt = () => {
    if (!interactive) return;
    rl.setPrompt(pending.length ? '.. ' : '>> ');
    rl.prompt();
  };
  const evaluate = (entry) => {
    // Leave raw mode while the entry runs, so that Ctrl-C reaches the process as SIGINT
    // and ends a runaway program: a running wasm call cannot be interrupted otherwise.
    if (interactive) input.setRawMode(false);
    const { stdout, result, error } = session.eval(entry);
    if (interactive) input.setRawMode(true);
    output.write(stdout);
    if (error !== null) errors.write(`${error}\n`);
    else if (result !== 'null') output.write(`${result}\n`);
  };

  rl.on('history', saveHistory); // emitted in terminal mode only
  rl.on('SIGINT', () => {
    // Ctrl-C drops an unfinished entry, or leaves the REPL at an empty prompt.
    if (pending.length === 0) {
      rl.close();
    } else {
      pending = [];
      output.write('\n');
      prompt();
    }
  });

  if (interactive) {
    output.write(`monkey-jit ${version()}: a line with unbalanced brackets continues. Ctrl-D exits.\n`);
  }
  prompt();
  for await (const line of rl) {
    if (pending.length > 0 || line.trim() !== '') {
      pending.push(line);
      const entry = pending.join('\n');
      if (isComplete(entry)) {
        pending = [];
        evaluate(entry);
      }
    }
    prompt();
  }
  // Input ended inside an unfinished entry: evaluate it anyway, to report what is wrong.
  if (pending.length > 0) evaluate(pending.join('\n'));
  if (interactive) output.write('\n');
}

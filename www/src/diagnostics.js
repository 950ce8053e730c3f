// Error strings of the API as positions. `run()` returns syntax and compile errors one
// per line as `line:col: message`, and a runtime error as `runtime error at line:col:
// message`; `col` counts characters (Unicode scalar values), not UTF-16 code units.

/** `[{ line, col, message, kind }]` for each line of `error`; line/col null if it has none. */
export function parseErrors(error) {
  if (!error) return [];
  return error.split('\n').filter(Boolean).map((text) => {
    let m = /^runtime error at (\d+):(\d+): (.*)$/.exec(text);
    if (m) return { line: +m[1], col: +m[2], message: m[3], kind: 'runtime', text };
    m = /^(\d+):(\d+): (.*)$/.exec(text);
    if (m) return { line: +m[1], col: +m[2], message: m[3], kind: 'syntax', text };
    return { line: null, col: null, message: text, kind: 'other', text };
  });
}

/**
 * The UTF-16 range in `lineText` that column `col` (1-based, in characters) points at:
 * the whole identifier or number there, else one character.
 */
export function columnRange(lineText, col) {
  let from = 0;
  for (let chars = 1; chars < col && from < lineText.length; chars++) {
    from += lineText.codePointAt(from) > 0xffff ? 2 : 1;
  }
  from = Math.min(from, lineText.length);
  const word = /^[A-Za-z0-9_]+/.exec(lineText.slice(from));
  const to = word ? from + word[0].length : Math.min(from + 1, lineText.length);
  return { from, to };
}

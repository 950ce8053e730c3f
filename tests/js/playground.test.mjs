// The playground (www/) in headless Chromium: built into a temporary folder with
// www/build.mjs, served by www/serve.mjs on a random localhost port (as `npm run
// playground` serves www/dist), and used as a person would: examples, Run and
// Ctrl+Enter, the trace tier's panes and events, stepping through the optimizer's
// passes, a re-optimized trace, the template tier's functions, error markers, Stop, the
// wall-clock timeout, Compare tiers, shared links, and a phone-sized dark page.
// Screenshots go to test-artifacts/.

import assert from 'node:assert/strict';
import http from 'node:http';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { launchChromium } from './fixtures/chromium.mjs';
import { tiers } from '../../js/index.js';
import { buildPlayground } from '../../www/build.mjs';
import { serveStatic } from '../../www/serve.mjs';
import { decodeHash, encodeHash } from '../../www/src/share.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const ARTIFACTS = join(ROOT, 'test-artifacts');
const HAS_TRACE = tiers().includes('trace');
const HAS_TEMPLATE = tiers().includes('template');

const tmp = mkdtempSync(join(tmpdir(), 'monkey-playground-'));

// Hooks time out too: a browser that does not start or close must fail the suite, not
// hang it (a full run once hung in this file for 12 minutes until killed: the tests
// have timeouts, the hooks had none).
const HOOK = { timeout: 120_000 };

let server;
let origin;
let context;

before(async () => {
  const site = await buildPlayground({ outdir: join(tmp, 'site'), quiet: true });
  server = await serveStatic(site);
  origin = `http://127.0.0.1:${server.address().port}`;
  context = await launchChromium(join(tmp, 'chromium-profile'), { viewport: { width: 1280, height: 800 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
  mkdirSync(ARTIFACTS, { recursive: true });
}, HOOK);

// The folder goes once the browser has closed: removed in a hook of its own, registered
// first and so run first, it met a Chromium still writing its profile (ENOTEMPTY), and
// the browser, never closed, kept the test process alive.
after(async () => {
  await context?.close();
  server?.close();
  rmSync(tmp, { recursive: true, force: true });
}, HOOK);

/**
 * Opens the playground (with `hash`), waits until it can run, and collects page errors;
 * `init` runs in the page before its own scripts.
 */
async function open(hash = '', { init } = {}) {
  const page = await context.newPage();
  if (init) await page.addInitScript(init);
  const errors = [];
  page.on('pageerror', (err) => errors.push(err.message));
  page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
  await page.goto(`${origin}/${hash}`);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 20_000 });
  return { page, errors };
}

/** Replaces the editor's text (as a paste would: no auto-closed brackets). */
async function setCode(page, code) {
  await page.click('.cm-content');
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.insertText(code);
}

/** The editor's text. */
function getCode(page) {
  return page.evaluate(() => [...document.querySelectorAll('.cm-line')].map((line) => line.textContent).join('\n'));
}

/** Clicks `selector` (Run by default) and waits until that run or comparison has finished. */
async function runAndWait(page, selector = '#run') {
  const before = Number((await page.getAttribute('body', 'data-finished')) ?? 0);
  await page.click(selector);
  await page.waitForFunction((n) => Number(document.body.dataset.finished ?? 0) > n, before, { timeout: 30_000 });
}

/** The text of every row of a JIT pane, after showing its tab (panes render when shown). */
async function paneRows(page, tab) {
  await page.click(`#tab-${tab}`);
  return page.$$eval(`#pane-${tab} .row`, (rows) => rows.map((row) => row.textContent));
}

// A page that stops answering must fail the suite, not hang it.
describe('playground', { timeout: 120_000 }, () => {
  test('an example runs and shows its output, result and timings', async () => {
    const { page, errors } = await open();
    assert.match(await getCode(page), /let sum = 0;/, 'it starts with the seed loop');
    const tierNames = await page.$$eval('#tier option', (options) => options.map((o) => o.value));
    assert.deepEqual(tierNames, tiers(), 'the tier menu is tiers()');
    assert.ok((await page.$$('#examples option')).length > 12);

    await page.selectOption('#examples', 'hello');
    assert.match(await getCode(page), /^\/\/ A tour of Monkey/);
    await runAndWait(page);
    assert.equal(await page.textContent('#stdout'), 'Hello, Monkey!\n3\nGo\nMonkey\n2015\nHi, there\n[1, 4, 9, 16, 25]\n3 2 1 liftoff\n3\n');
    assert.equal(await page.textContent('#result'), '⇒ FUNCTION');
    assert.equal(await page.textContent('#error'), '');
    assert.match(await page.textContent('#stats'), /parse .* · compile .* · run .* · wall /);
    assert.ok((await paneRows(page, 'bytecode')).some((row) => /^fn <main>\(\)/.test(row)));

    // Ctrl+Enter in the editor runs too.
    await setCode(page, 'puts(6 * 7);\n"done"');
    await page.keyboard.press('ControlOrMeta+Enter');
    await page.waitForFunction(() => document.querySelector('#result').textContent === '⇒ done');
    assert.equal(await page.textContent('#stdout'), '42\n');
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('the page and its worker are cross-origin isolated, so timings are finer than 100 µs', async () => {
    const { page, errors } = await open();
    assert.equal(await page.evaluate(() => crossOriginIsolated), true, 'serve.mjs sends COOP and COEP');
    await runAndWait(page);
    assert.equal(await page.textContent('#error'), '');
    const workers = page.workers();
    assert.equal(workers.length, 1);
    assert.equal(await workers[0].evaluate(() => self.crossOriginIsolated), true, 'the worker (where the VM measures) too');
    // The smallest step performance.now() takes in the worker: 100 µs when not isolated.
    const stepMs = await workers[0].evaluate(() => {
      let smallest = Infinity;
      for (let i = 0, steps = 0, last = performance.now(); i < 1e6 && steps < 20; i++) {
        const now = performance.now();
        if (now > last) (smallest = Math.min(smallest, now - last)), steps++;
        last = now;
      }
      return smallest;
    });
    assert.ok(stepMs < 0.05, `performance.now() steps by ${stepMs} ms`);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('served from a subfolder, the page works; the folder without its trailing slash redirects to it', async () => {
    const parent = await serveStatic(tmp); // the site is its subfolder `site`
    try {
      const base = `http://127.0.0.1:${parent.address().port}`;
      const response = await fetch(`${base}/site?x=1`, { redirect: 'manual' });
      assert.equal(response.status, 301);
      assert.equal(response.headers.get('location'), './site/?x=1');
      // Never to another host: a Location built from the request's path was
      // `//evil.example/…` for `/.//evil.example/x/..%2F..` (found in review).
      const raw = await new Promise((resolve, reject) => {
        const request = http.get({ host: '127.0.0.1', port: parent.address().port, path: '/.//evil.example/x/..%2F..' }, (r) => { r.resume(); resolve(r); });
        request.on('error', reject);
      });
      assert.ok(!(raw.headers.location ?? '').startsWith('//'), raw.headers.location);
      const page = await context.newPage();
      const errors = [];
      page.on('pageerror', (err) => errors.push(err.message));
      await page.goto(`${base}/site#code=${encodeHash({ code: 'puts(5);' }).split('code=')[1]}`);
      await page.waitForSelector('body[data-ready="true"]', { timeout: 20_000 });
      assert.equal(new URL(page.url()).pathname, '/site/');
      await runAndWait(page);
      assert.equal(await page.textContent('#stdout'), '5\n', 'the hash survives the redirect');
      assert.deepEqual(errors, []);
      await page.close();
    } finally {
      parent.close();
    }
  });

  test('a .wasm that cannot be loaded (404) is named in the status line', async () => {
    const page = await context.newPage();
    await page.route('**/monkey_jit_bg.wasm', (route) => route.fulfill({ status: 404, contentType: 'text/plain', body: 'not found\n' }));
    await page.goto(`${origin}/`);
    await page.waitForFunction(() => document.querySelector('#status').dataset.kind === 'error');
    assert.match(await page.textContent('#status'), /^Could not start: could not load monkey_jit_bg\.wasm \(http:\/\/127\.0\.0\.1:\d+\/monkey_jit_bg\.wasm\): HTTP 404/);
    assert.equal(await page.isDisabled('#run'), true);
    await page.close();
  });

  test('a worker that cannot start says why (404, or a script that throws as it loads) and what to do; Run and Compare stay disabled', async () => {
    // Chromium's error event for a module worker that does not start has no message
    // for any of these: the page asks for the script again to tell them apart.
    const cases = [
      [{ status: 404, contentType: 'text/plain', body: 'not found\n' }, /did not load: HTTP 404 Not Found\./],
      [{ status: 200, contentType: 'text/javascript', body: 'throw new Error("broken build");\n' }, /loaded but failed as it started \(the browser's console says why\)\./],
    ];
    for (const [response, expected] of cases) {
      const page = await context.newPage();
      await page.route('**/worker.js', (route) => route.fulfill(response));
      await page.goto(`${origin}/`);
      await page.waitForFunction(() => document.querySelector('#status').dataset.kind === 'error');
      const status = await page.textContent('#status');
      assert.match(status, /^Could not start: the playground's worker \(http:\/\/127\.0\.0\.1:\d+\/worker\.js\) /, status);
      assert.match(status, expected, status);
      assert.match(status, /Reload the page; if that does not help, rebuild the page \(npm run build:www\)\.$/, status);
      assert.doesNotMatch(status, /unknown error/);
      assert.equal(await page.isDisabled('#run'), true);
      assert.equal(await page.isDisabled('#compare'), true);
      // Ctrl+Enter does not run either.
      await page.click('.cm-content');
      await page.keyboard.press('ControlOrMeta+Enter');
      assert.equal(await page.textContent('#status'), status);
      await page.close();
    }
  });

  test('trace tier: IR, optimized IR and JS panes, a compiled trace in the events, linked lines', { skip: !HAS_TRACE && 'this build has no trace tier' }, async () => {
    const { page, errors } = await open();
    await page.selectOption('#tier', 'trace');
    await page.selectOption('#examples', 'loop-sum');
    await runAndWait(page);
    assert.equal(await page.textContent('#result'), '⇒ 49995000');
    assert.match(await page.textContent('#stats'), /JIT compile .* \(1 trace\)/);

    const ir = await paneRows(page, 'ir');
    assert.ok(ir.some((row) => /^---- TRACE 0 IR/.test(row)) && ir.some((row) => /GuardTrue/.test(row)), 'recorded IR');
    const opt = await paneRows(page, 'ir-opt');
    assert.ok(opt.some((row) => /---- LOOP/.test(row)) && opt.some((row) => /Phi/.test(row)), 'optimized IR');
    const js = await paneRows(page, 'js');
    assert.ok(js.some((row) => /for \(;;\)/.test(row)), 'generated JavaScript');

    await page.click('#tab-events');
    const kinds = await page.$$eval('#pane-events td.kind', (cells) => cells.map((cell) => cell.textContent));
    assert.ok(kinds.includes('loop-hot') && kinds.includes('trace-compile'), kinds.join(', '));
    assert.match(await page.textContent('#pane-events tr.event-trace-compile'), /trace 0 in <main>: \d+ IR → \d+ after optimization/);

    // Clicking `sum = sum + i;` (line 8) highlights what came from it in every pane.
    const line = (await getCode(page)).split('\n').indexOf('  sum = sum + i;') + 1;
    await page.click(`.cm-line >> nth=${line - 1}`);
    await page.mouse.move(0, 0); // the pointer off the editor: the cursor line counts
    for (const tab of ['bytecode', 'ir', 'passes', 'ir-opt', 'js']) {
      await page.click(`#tab-${tab}`);
      const lit = await page.$$eval(`#pane-${tab} .row.hl`, (rows) => rows.map((row) => row.textContent));
      assert.ok(lit.length > 0, `${tab}: rows of line ${line} are highlighted`);
      if (tab === 'bytecode') assert.ok(lit.every((row) => row.includes(` ${line}:`)), lit.join('\n'));
      if (tab === 'js') assert.ok(lit.some((row) => /const v\d+ = p\d+ \+ p\d+;/.test(row)), lit.join('\n'));
    }
    assert.match(await page.textContent('#link-info'), new RegExp(`^Line ${line}: \\d+ bytecode · \\d+ IR · \\d+ at this pass step · \\d+ optimized IR · \\d+ trace JS$`));
    // ...and hovering a JS row of that line lights up the source line.
    await page.hover('#pane-js .row.hl >> nth=0');
    assert.equal(await page.textContent('.cm-linked-line'), '  sum = sum + i;');
    await page.click('#tab-template');
    assert.equal(await page.textContent('#pane-template .empty'), 'The trace tier never compiles whole functions. Choose template or auto and run again.');

    await page.screenshot({ path: join(ARTIFACTS, 'playground-trace.png') });
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('Passes: step through the optimizer with the changed rows marked; the bytecode comes from the same run', { skip: !HAS_TRACE && 'this build has no trace tier' }, async () => {
    // Count the runs the page asks its worker for: one per Run, the listing included.
    const countRuns = () => {
      const post = Worker.prototype.postMessage;
      window.runsPosted = 0;
      Worker.prototype.postMessage = function (message, ...rest) {
        if (message?.type === 'run') window.runsPosted++;
        return post.call(this, message, ...rest);
      };
    };
    const { page, errors } = await open('', { init: countRuns });
    await page.selectOption('#tier', 'trace');
    await page.selectOption('#examples', 'loop-sum');
    await runAndWait(page);
    assert.equal(await page.evaluate(() => window.runsPosted), 1);
    assert.ok((await paneRows(page, 'bytecode')).some((row) => /^\s+\d+\s+8:\d+\s+Add/.test(row)), 'the listing, from the run');

    await page.click('#tab-passes');
    assert.deepEqual(await page.$$eval('#pass-run option', (o) => o.map((x) => x.textContent)), ['trace 0 (fn <main>, line 7)']);
    const names = await page.$$eval('#pass-steps button', (buttons) => buttons.map((b) => b.textContent));
    assert.equal(names[0], 'recorded');
    assert.ok(names.includes('peel') && names.at(-1) === 'dce', names.join(' '));
    const current = () => page.$eval('#pass-steps [aria-current="step"]', (b) => Number(b.dataset.step));
    const rows = () => page.$$eval('#pane-passes .row', (r) => r.map((row) => row.textContent));
    const marked = () => page.$$eval('#pane-passes .row.diff-added, #pane-passes .row.diff-changed, #pane-passes .row.diff-removed', (r) => r.length);

    assert.equal(await current(), 0);
    assert.match(await page.textContent('#pass-summary'), /^Step 1 of \d+: as recorded\. \d+ instructions, \d+ snapshots\.$/);
    assert.equal(await marked(), 0, 'nothing is marked in the recorded IR');
    assert.equal(await page.isDisabled('#pass-prev'), true);
    let before = await rows();

    // Step with the buttons, then with the keyboard; each step's IR differs from the last.
    await page.click('#pass-next');
    assert.match(await page.textContent('#pass-summary'), new RegExp(`^Step 2 of ${names.length}: after ${names[1]} \\(.+\\)\\. .*\\d+ (changed|removed|added).* since recorded\\.$`));
    let after = await rows();
    assert.notDeepEqual(after, before);
    assert.ok((await marked()) > 0, 'the changes are marked');
    const removed = await page.$$eval('#pane-passes .row.diff-removed', (r) => r.map((row) => [row.dataset.mark, getComputedStyle(row).textDecorationLine]));
    assert.ok(removed.length > 0 && removed.every(([mark, line]) => mark === '−' && line === 'line-through'), JSON.stringify(removed));
    const changed = await page.$eval('#pane-passes .row.diff-changed', (row) => [row.dataset.mark, row.title, getComputedStyle(row).backgroundColor]);
    assert.equal(changed[0], '~');
    assert.match(changed[1], /^changed; was: \d{4} /);
    assert.notEqual(changed[2], 'rgba(0, 0, 0, 0)', 'changed rows have a background');

    await page.focus('#pass-steps [aria-current="step"]');
    for (let step = 2; step < names.length; step++) {
      before = after;
      await page.keyboard.press('ArrowRight');
      assert.equal(await current(), step);
      assert.equal(await page.evaluate(() => document.activeElement.getAttribute('aria-current')), 'step', 'focus follows the step');
      after = await rows();
      assert.notDeepEqual(after, before, `${names[step]} changed the IR`);
      assert.ok((await marked()) > 0, `${names[step]}: its changes are marked`);
    }
    assert.equal(await page.isDisabled('#pass-next'), true);
    assert.ok(after.some((row) => /^---- LOOP/.test(row)), 'the last step is the optimized IR');
    await page.keyboard.press('Home');
    assert.equal(await current(), 0);
    await page.keyboard.press('End');
    assert.equal(await current(), names.length - 1);
    await page.keyboard.press('ArrowLeft');
    assert.equal(await current(), names.length - 2);

    // Linked lines work at every step: `sum = sum + i;` (line 8) and back.
    const line = (await getCode(page)).split('\n').indexOf('  sum = sum + i;') + 1;
    await page.click(`.cm-line >> nth=${line - 1}`);
    await page.mouse.move(0, 0);
    await page.click('#tab-passes');
    const lit = await page.$$eval('#pane-passes .row.hl', (r) => r.map((row) => row.textContent));
    assert.ok(lit.some((row) => / Add /.test(row)), lit.join('\n'));
    assert.match(await page.textContent('#link-info'), /· \d+ at this pass step ·/);
    await page.hover('#pane-passes .row.hl >> nth=0');
    assert.equal(await page.textContent('.cm-linked-line'), '  sum = sum + i;');
    await page.screenshot({ path: join(ARTIFACTS, 'playground-passes.png') });

    // A program that does not parse: no listing, no passes, and the panes say why.
    await setCode(page, 'let x = ;');
    await runAndWait(page);
    assert.equal(await page.evaluate(() => window.runsPosted), 2);
    assert.equal(await page.isHidden('#pass-tools'), true);
    assert.equal(await page.textContent('#pane-passes .empty'), 'No traces: the program does not compile.');
    await page.click('#tab-bytecode');
    assert.equal(await page.textContent('#pane-bytecode .empty'), 'No bytecode: the program does not compile.');
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('a re-optimized trace: the panes show its newest code, the replaced versions on demand', { skip: !HAS_TRACE && 'this build has no trace tier' }, async () => {
    const { page, errors } = await open();
    await page.selectOption('#tier', 'trace');
    await page.selectOption('#examples', 'side-write');
    await runAndWait(page);
    assert.equal(await page.textContent('#stdout'), 'scale: 21\n');

    await page.click('#tab-events');
    const compiles = await page.$$eval('#pane-events tr.event-trace-compile', (r) => r.map((row) => row.textContent));
    assert.equal(compiles.length, 2);
    assert.match(compiles[1], /trace 0 in <main> re-optimized/);
    // Exits and side traces carry their line: where the interpreter resumed.
    const exits = await page.$$eval('#pane-events tr.event-trace-exit, #pane-events tr.event-side-trace', (r) => r.map((row) => [row.dataset.line, row.textContent]));
    assert.ok(exits.length >= 2 && exits.every(([line]) => Number(line) > 0), JSON.stringify(exits));
    assert.ok(exits.some(([line, text]) => line === '12' && /pc \d+ in <main>/.test(text)), 'the side path starts at the `if` (line 12)');

    const heads = (tab) => page.$$eval(`#pane-${tab} .row.head`, (r) => r.map((row) => [row.textContent, row.classList.contains('old')]));
    await page.click('#tab-ir-opt');
    assert.deepEqual(await heads('ir-opt'), [
      ['---- TRACE 0 (re-optimized to carry what a side path writes) IR after optimization', false],
      ['---- TRACE 0 SIDE TRACE from exit 16 after optimization', false],
    ]);
    await page.click('#tab-js');
    assert.deepEqual(await heads('js'), [['---- TRACE 0 JS with 1 side trace(s)', false]]);
    assert.equal(await page.textContent('#pane-js .replaced-count'), '(1)');
    await page.check('#pane-js .show-replaced');
    assert.deepEqual((await heads('js')).map(([, old]) => old), [true, false]);
    await page.click('#tab-ir-opt');
    assert.equal(await page.isChecked('#pane-ir-opt .show-replaced'), true, 'one setting for both panes');
    assert.deepEqual((await heads('ir-opt')).map(([, old]) => old), [true, false, false]);

    await page.click('#tab-passes');
    assert.deepEqual(await page.$$eval('#pass-run option', (o) => o.map((x) => x.textContent)), [
      'trace 0 (fn <main>, line 11) (replaced)',
      'trace 0: re-optimized (fn <main>, line 11)',
      'trace 0: side trace from exit 16',
    ]);
    await page.selectOption('#pass-run', '2');
    assert.match(await page.textContent('#pass-summary'), /^Step 1 of \d+: after fwd .*\(the side trace as recorded is not in the dump\)\.$/);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('template tier: Template JS lists the compiled functions and shows their code, linked to the source', { skip: !HAS_TEMPLATE && 'this build has no template tier' }, async () => {
    const { page, errors } = await open();
    await page.selectOption('#examples', 'cold-code');
    assert.match(await page.textContent('#status'), /^Try the template tier/, 'the example says which tier to try');
    await page.selectOption('#tier', 'template');
    await runAndWait(page);
    assert.equal(await page.textContent('#error'), '');
    assert.match(await page.textContent('#stats'), /template compile .* \(49 functions\)/);
    assert.equal(await page.textContent('#tab-template .badge'), '49');

    // The list: every function, in the order they were compiled, with sizes and times.
    const rows = await paneRows(page, 'template');
    assert.match(await page.textContent('#template-summary'), /^49 functions compiled: [\d,]+ bytecode instructions → [\d,]+ bytes of JavaScript; stencils .*, new Function .*\.$/);
    const list = await page.$$eval('#template-list tr', (trs) => trs.map((tr) => [...tr.children].map((td) => td.textContent)));
    assert.equal(list.length, 49);
    assert.deepEqual(list.slice(0, 3).map(([name]) => name), ['<main>', 'f0', 'f1']);
    for (const [, line, instructions, bytes, us] of list) {
      assert.match(line, /^\d+$/);
      assert.match(instructions, /^[\d,]+$/);
      assert.match(bytes, /^[\d,]+$/);
      assert.match(us, /^[\d.]+ (µs|ms)$/);
    }
    // <main> is defined on no line: its first line of code stands for it (not line 1, a comment).
    const firstCode = (await getCode(page)).split('\n').findIndex((text) => text.trim() !== '' && !text.trim().startsWith('//')) + 1;
    assert.ok(firstCode > 1);
    assert.equal(list[0][1], String(firstCode));
    // The first function's code: its header, then each instruction after its comment.
    assert.match(rows[0], /^---- TEMPLATE <main> \(function 0, \d+ instructions, \d+ bytes\)$/);
    const comments = await page.$$eval('#pane-template .row.comment', (r) => r.map((row) => row.textContent));
    assert.ok(comments.length > 100 && comments.every((c) => /^\/\* \d{4} \w+( \(\w+\))? \d+:\d+ \*\/$/.test(c)), comments.slice(0, 3).join('\n'));

    // Choosing a function shows its code; ↑/↓ move through the list.
    const head = () => page.textContent('#pane-template .row.head');
    await page.click('#template-list button >> text=f1');
    assert.match(await head(), /^---- TEMPLATE f1 \(function 2, /);
    await page.keyboard.press('ArrowDown');
    assert.equal(await page.evaluate(() => document.activeElement.textContent), 'f2');
    assert.match(await head(), /^---- TEMPLATE f2 \(function 3, /);

    // Clicking the line that defines f4 shows f4's code, all of it from that line...
    const code = (await getCode(page)).split('\n');
    const line = code.findIndex((text) => text.startsWith('let f4 = fn')) + 1;
    await page.click(`.cm-line >> nth=${line - 1}`);
    await page.mouse.move(0, 0);
    await page.click('#tab-template');
    assert.equal(await page.textContent('#template-list button[aria-current="true"]'), 'f4');
    const lit = await page.$$eval('#pane-template .row.hl.comment', (r) => r.map((row) => row.textContent));
    assert.ok(lit.length > 0 && lit.every((c) => c.includes(` ${line}:`)), lit.join('\n'));
    assert.match(await page.textContent('#link-info'), new RegExp(`^Line ${line}: \\d+ bytecode · \\d+ template JS$`));
    // ...and <main>, which creates the closure there, is marked in the list too.
    const marked = await page.$$eval('#template-list tr.hl button', (b) => b.map((button) => button.textContent));
    assert.deepEqual(marked, ['<main>', 'f4']);
    // Hovering a row lights up its source line.
    await page.hover('#pane-template .row.hl >> nth=1');
    assert.equal(await page.textContent('.cm-linked-line'), code[line - 1]);

    // The events say what each compilation cost; the trace panes say where to look.
    await page.click('#tab-events');
    const compiled = await page.$$eval('#pane-events tr.event-template-compile', (r) => r.map((row) => row.textContent));
    assert.equal(compiled.length, 49);
    assert.equal(await page.$eval('#pane-events tr.event-template-compile', (row) => row.dataset.line ?? null), null, '<main>: no line');
    assert.match(compiled[1], /f0 \(function 1\): 6 instructions → \d+ bytes of JS, stencils .* \+ new Function /);
    await page.click('#tab-ir');
    assert.match(await page.textContent('#pane-ir .empty'), /^The template tier compiles whole functions, not traces: see Template JS/);
    await page.click('#tab-template');
    await page.screenshot({ path: join(ARTIFACTS, 'playground-template.png') });
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('linked rows further down a pane: ◀ n of m ▶ steps through them, each scrolled into view; a block that fits is shown whole', async () => {
    const { page, errors } = await open();
    // Line 1's rows are at both ends of the listing: in <main>, which creates the
    // closure, and in f's code after the 60 lines of globals.
    const globals = Array.from({ length: 60 }, (_, i) => `let a${i} = ${i};`);
    const sum = Array.from({ length: 8 }, (_, i) => `a${i + 1}`).join(' + ');
    await setCode(page, ['let f = fn(x) { x * 2 };', ...globals, '// (no code)', 'f(3);', `let z = ${sum};`].join('\n'));
    await runAndWait(page);
    assert.equal(await page.textContent('#error'), '');
    await page.click('#tab-bytecode');
    // Which of the pane's highlighted rows are wholly in view, and which is current.
    const lit = () => page.$$eval('#pane-bytecode .row.hl', (rows) => rows.map((row) => {
      const box = row.closest('.pane').getBoundingClientRect();
      const r = row.getBoundingClientRect();
      return { shown: r.top >= box.top && r.bottom <= box.bottom, current: row.classList.contains('current') };
    }));
    const position = () => page.textContent('#link-pos');

    // (The editor shows only the lines in view: move the cursor by keyboard.)
    await page.click('.cm-content');
    await page.mouse.move(0, 0);
    await page.keyboard.press('ControlOrMeta+Home');
    let rows = await lit();
    const m = rows.length;
    assert.ok(m >= 4, `line 1 has rows in <main> and in f (${m})`);
    assert.equal(await page.isVisible('#link-step'), true, 'the stepper shows for more than one row');
    assert.equal(await position(), `1 of ${m}`);
    assert.equal(await page.getAttribute('#link-next', 'aria-label'), 'Next row from line 1 in this tab');
    assert.ok(rows[0].shown && rows[0].current, 'the first is in view and current');
    assert.equal(rows.at(-1).shown, false, "f's rows are further down");
    // Next, to the end: each row in turn is current and in view.
    for (let k = 2; k <= m; k++) {
      await page.click('#link-next');
      assert.equal(await position(), `${k} of ${m}`);
      rows = await lit();
      assert.ok(rows[k - 1].shown && rows[k - 1].current, `row ${k} is in view and current`);
      assert.equal(rows.filter((r) => r.current).length, 1);
    }
    assert.equal(rows[0].shown, false, 'the pane scrolled down to them');
    assert.equal(await page.textContent('#link-announce'), `Row ${m} of ${m} from line 1.`);
    // ...and round: after the last, the first; before the first, the last.
    await page.click('#link-next');
    assert.equal(await position(), `1 of ${m}`);
    assert.ok((await lit())[0].shown);
    await page.click('#link-prev');
    assert.equal(await position(), `${m} of ${m}`);
    assert.ok((await lit()).at(-1).shown);

    // The last line (16 rows together, below the fold): moving the cursor there shows
    // all of them, not only the first at the pane's bottom edge.
    await page.click('#link-prev'); // scrolled away from them, to the top
    await page.click('.cm-content');
    await page.keyboard.press('ControlOrMeta+End');
    rows = await lit();
    assert.ok(rows.length >= 16, `${rows.length} rows`);
    assert.deepEqual(rows.map((r) => r.shown), rows.map(() => true));

    // A line with no rows (a comment): no stepper.
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowUp');
    assert.equal((await lit()).length, 0);
    assert.equal(await page.isVisible('#link-step'), false);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('the Events tab steps through the events of the linked line too', { skip: !HAS_TRACE && 'this build has no trace tier' }, async () => {
    const { page, errors } = await open();
    await page.selectOption('#tier', 'trace');
    await setCode(page, 'let s = 0;\nfor (i in 0..1000) { s = s + i; }\ns');
    await runAndWait(page);
    await page.click('.cm-line >> nth=1');
    await page.mouse.move(0, 0);
    await page.click('#tab-events');
    const lit = await page.$$eval('#pane-events tr.hl', (rows) => rows.length);
    assert.ok(lit >= 2, `${lit} events on line 2`);
    assert.equal(await page.textContent('#link-pos'), `1 of ${lit}`);
    await page.click('#link-next');
    assert.equal(await page.textContent('#link-pos'), `2 of ${lit}`);
    assert.deepEqual(await page.$$eval('#pane-events tr.hl', (rows) => rows.map((row) => row.classList.contains('current'))), Array.from({ length: lit }, (_, i) => i === 1));
    // Compare has no rows of a line.
    await page.click('#tab-compare');
    assert.equal(await page.isVisible('#link-step'), false);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('moving the cursor by keyboard follows the cursor, not the line under the resting pointer', { skip: !HAS_TEMPLATE && 'this build has no template tier' }, async () => {
    const { page, errors } = await open();
    await page.selectOption('#examples', 'hanoi');
    await page.selectOption('#tier', 'template');
    await runAndWait(page);
    await page.click('#tab-template');
    await page.click('#template-list button >> text=<main>');
    const code = (await getCode(page)).split('\n');
    const target = code.findIndex((text) => text.includes('check = (check')) + 1;
    // The pointer rests on a comment line of the editor while the keyboard moves the cursor.
    await page.focus('.cm-content');
    await page.hover('.cm-line >> nth=4');
    await page.keyboard.press('ControlOrMeta+Home');
    for (let line = 1; line < target; line++) await page.keyboard.press('ArrowDown');
    assert.match(await page.textContent('#link-info'), new RegExp(`^Line ${target}: `));
    assert.equal(await page.textContent('#template-list button[aria-current="true"]'), 'hanoi');
    // Moving the pointer to another line makes it count again.
    await page.hover('.cm-line >> nth=5');
    assert.match(await page.textContent('#link-info'), /^Line 6: /);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('syntax and runtime errors are marked at their line:col in the editor', async () => {
    const { page } = await open();
    await setCode(page, 'let x = 1;\nputs(x + y);\n');
    await runAndWait(page);
    assert.equal(await page.textContent('#error'), '2:10: identifier not found: y');
    assert.equal(await page.textContent('.cm-lintRange-error'), 'y');

    // At the end of the input (EOF) the last character before it is underlined.
    await setCode(page, 'let x = 1;\nputs(x');
    await runAndWait(page);
    assert.equal(await page.textContent('#error'), '2:7: expected next token to be ), got EOF instead');
    assert.equal(await page.textContent('.cm-lintRange-error'), 'x');
    await setCode(page, 'let s = "😀";\nlet y = (s + \n\n');
    await runAndWait(page);
    assert.match(await page.textContent('#error'), /^4:1: /);
    assert.equal(await page.textContent('.cm-lintRange-error'), '+');

    await setCode(page, 'let a = [1, 2];\nputs("before");\na[5] = 3;\n');
    await runAndWait(page);
    assert.equal(await page.textContent('#stdout'), 'before\n');
    assert.equal(await page.textContent('#error'), 'runtime error at 3:2: index out of range: 5 (length 2)');
    assert.equal(await page.$$eval('.cm-lintRange-error', (marks) => marks.length), 1);
    await page.close();
  });

  test('an error off screen: the run scrolls the editor to it, and its line:col in the output is a link to it', async () => {
    const { page, errors } = await open();
    const lines = Array.from({ length: 130 }, (_, i) => `let a${i} = ${i};`);
    lines.push('puts(a3 + "x");');
    await setCode(page, lines.join('\n'));
    await page.keyboard.press('ControlOrMeta+Home');
    const markerVisible = () => page.evaluate(() => {
      const mark = document.querySelector('.cm-lintRange-error');
      if (!mark) return false;
      const [m, s] = [mark.getBoundingClientRect(), document.querySelector('.cm-scroller').getBoundingClientRect()];
      return m.top >= s.top && m.bottom <= s.bottom;
    });
    await runAndWait(page);
    assert.equal(await page.textContent('#error'), 'runtime error at 131:9: type mismatch: INTEGER + STRING');
    assert.equal(await markerVisible(), true, 'the editor scrolled to the error');
    assert.match(await page.textContent('#link-info'), /^Line 1: /, 'the cursor stays where it was');
    // Scroll back to the top, then follow the link.
    await page.$eval('.cm-scroller', (el) => (el.scrollTop = 0));
    await page.waitForFunction(() => !document.querySelector('.cm-lintRange-error'));
    assert.equal(await page.textContent('#error .error-link'), '131:9');
    await page.click('#error .error-link');
    assert.equal(await markerVisible(), true);
    await page.mouse.move(0, 0);
    assert.match(await page.textContent('#link-info'), /^Line 131: /);
    assert.equal(await page.evaluate(() => document.activeElement.classList.contains('cm-content')), true, 'the editor has the focus');
    await page.keyboard.type('1');
    assert.equal(await page.textContent('.cm-activeLine'), 'puts(a3 1+ "x");', 'the cursor is at column 9, the +');
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('while (true) {}: Stop ends it and the next run works; the timeout and step limit end it too', async () => {
    const { page, errors } = await open();
    await page.selectOption('#tier', 'interp');
    await page.fill('#max-steps', '');
    await page.fill('#timeout', '');
    await setCode(page, 'while (true) {}');
    await page.click('#run');
    await page.waitForTimeout(500);
    assert.match(await page.textContent('#status'), /^Running… \d/);
    assert.equal(await page.isDisabled('#run'), true);
    const before = Number(await page.getAttribute('body', 'data-finished'));
    await page.click('#stop');
    await page.waitForFunction((n) => Number(document.body.dataset.finished) > n, before);
    assert.equal(await page.textContent('#error'), 'Stopped.');

    await setCode(page, 'puts("again");');
    await runAndWait(page);
    assert.equal(await page.textContent('#stdout'), 'again\n');
    assert.equal(await page.textContent('#error'), '');

    await setCode(page, 'while (true) {}');
    await page.fill('#timeout', '0.5');
    await runAndWait(page);
    assert.match(await page.textContent('#error'), /^Stopped after 0\.5 s: the wall-clock limit/);

    await page.fill('#max-steps', '1000');
    await page.fill('#timeout', '10');
    await runAndWait(page);
    assert.equal(await page.textContent('#error'), 'runtime error at 1:1: step limit exceeded');
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('option fields out of range are caught by the form, before a run: Timeout past 2^31 − 1 ms, counts past 2^53 − 1; Enter in a field runs', async () => {
    const { page, errors } = await open();
    await setCode(page, 'puts(1);');
    const attempt = async (field, value) => {
      const before = await page.getAttribute('body', 'data-finished');
      await page.fill(field, value);
      await page.click('#run');
      await page.waitForTimeout(300);
      assert.equal(await page.getAttribute('body', 'data-finished'), before, `${field} = ${value}: no run`);
      return page.$eval(field, (input) => [input.validity.rangeOverflow, input.validationMessage]);
    };
    // 3,000,000 s is past what setTimeout can wait: it used to fire at once.
    let [overflow, message] = await attempt('#timeout', '3000000');
    assert.equal(overflow, true);
    assert.match(message, /2147483/);
    await page.fill('#timeout', '2147483');
    await runAndWait(page);
    assert.equal(await page.textContent('#stdout'), '1\n', 'the longest timeout runs');
    for (const field of ['#hot-loop', '#hot-func', '#max-steps']) {
      [overflow, message] = await attempt(field, '9007199254740992');
      assert.equal(overflow, true, field);
      assert.match(message, /9007199254740991/, field);
      await page.fill(field, '9007199254740991');
      await runAndWait(page);
      assert.equal(await page.textContent('#error'), '', `${field}: the largest value run() takes`);
    }
    // Enter in a field runs, once the field is valid.
    let before = Number(await page.getAttribute('body', 'data-finished'));
    await page.fill('#hot-loop', '-1');
    await page.press('#hot-loop', 'Enter');
    await page.waitForTimeout(300);
    assert.equal(Number(await page.getAttribute('body', 'data-finished')), before, 'an invalid field: no run');
    await setCode(page, 'puts(2);');
    for (const field of ['#hot-loop', '#hot-func', '#max-steps', '#timeout']) {
      if (field === '#hot-loop') await page.fill(field, '50');
      before = Number(await page.getAttribute('body', 'data-finished'));
      await page.press(field, 'Enter');
      await page.waitForFunction((n) => Number(document.body.dataset.finished) > n, before);
      assert.equal(await page.textContent('#stdout'), '2\n', `Enter in ${field} runs`);
      await page.$eval('#stdout', (el) => (el.textContent = ''));
    }
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('Compare tiers charts every tier of tiers() with its ratio to interp', async () => {
    const { page } = await open();
    await runAndWait(page, '#compare');
    const rows = await page.$$eval('#pane-compare .chart li', (items) => items.map((item) => item.getAttribute('aria-label')));
    assert.equal(rows.length, tiers().length);
    assert.match(rows[0], /^interp: [\d.]+ (µs|ms|s), baseline$/);
    for (const row of rows.slice(1)) assert.match(row, /^\w+: [\d.]+ (µs|ms|s), [\d.]+× (faster|slower) than interp$/);
    assert.equal(await page.$$eval('#pane-compare .chart-bar', (bars) => bars.length), tiers().length);
    await page.close();
  });

  test("Compare tiers: a median of 0 µs (under the clock's resolution) gives no ratio, not Infinity× or NaN×", async () => {
    // The worker's results, with the times of the tiers in window.zeroTiers set to 0.
    const zeroTimes = () => {
      const desc = Object.getOwnPropertyDescriptor(Worker.prototype, 'onmessage');
      Object.defineProperty(Worker.prototype, 'onmessage', {
        get: desc.get,
        set(handler) {
          desc.set.call(this, (event) => {
            const stats = event.data?.outcome?.stats;
            if (stats && window.zeroTiers.includes(stats.tier)) Object.assign(stats, { parseUs: 0, compileUs: 0, runUs: 0 });
            handler.call(this, { data: event.data });
          });
        },
      });
    };
    const { page, errors } = await open('', { init: zeroTimes });
    const labels = () => page.$$eval('#pane-compare .chart li', (items) => items.map((item) => item.getAttribute('aria-label')));
    await page.evaluate((others) => (window.zeroTiers = others), tiers().filter((t) => t !== 'interp'));
    await runAndWait(page, '#compare');
    let rows = await labels();
    assert.match(rows[0], /^interp: [\d.]+ (µs|ms|s), baseline$/);
    for (const row of rows.slice(1)) assert.match(row, /^\w+: 0 µs, too fast to compare with interp$/);
    await page.evaluate((all) => (window.zeroTiers = all), tiers());
    await runAndWait(page, '#compare');
    rows = await labels();
    assert.equal(rows[0], 'interp: 0 µs, baseline');
    for (const row of rows.slice(1)) assert.match(row, /^\w+: 0 µs, too fast to compare with interp$/);
    assert.doesNotMatch(await page.textContent('#pane-compare'), /Infinity|NaN/);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('views out of date are marked: the Compare chart after a code change or a Run, the panes after an options change or a failed run', async () => {
    const { page, errors } = await open();
    const stale = async () => ((await page.isHidden('#stale')) ? '' : page.textContent('#stale'));
    await page.selectOption('#tier', 'interp');
    await runAndWait(page, '#compare');
    assert.equal(await stale(), '');
    await setCode(page, 'puts(1);');
    await page.click('#tab-compare');
    assert.equal(await stale(), 'The code changed since this comparison.');
    // A Run shows the new code in the panes, not in the chart.
    await runAndWait(page);
    await page.click('#tab-bytecode');
    assert.equal(await stale(), '');
    await page.click('#tab-compare');
    assert.equal(await stale(), 'The code changed since this comparison.');
    await runAndWait(page, '#compare');
    assert.equal(await stale(), '');
    // The chart runs every tier: the tier does not matter to it; the other options do.
    await page.selectOption('#tier', tiers().at(-1));
    assert.equal(await stale(), '');
    await page.fill('#hot-loop', '7');
    assert.equal(await stale(), 'The options changed since this comparison.');
    await page.click('#tab-bytecode');
    assert.equal(await stale(), 'The options changed since this run.');
    await page.fill('#hot-loop', '50');
    await page.selectOption('#tier', 'interp');
    assert.equal(await stale(), '');
    // A run that does not finish leaves the panes as they were: they say so.
    await page.fill('#max-steps', '');
    await page.fill('#timeout', '0.3');
    await setCode(page, 'while (true) {}');
    await runAndWait(page);
    assert.match(await page.textContent('#error'), /^Stopped after 0\.3 s/);
    assert.equal(await stale(), 'The code changed since this run.');
    await setCode(page, 'puts(1);');
    assert.equal(await stale(), 'The options changed since this run.');
    await page.fill('#max-steps', '50000000');
    assert.equal(await stale(), 'The last run did not finish: these views are from the one before.');
    await runAndWait(page);
    assert.equal(await stale(), '');
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('Compare tiers stopped or timed out keeps the finished tiers and says which one did not finish', async () => {
    // Runs under window.holdTier never reach the worker: they wait for Stop or the timeout.
    const hold = () => {
      const post = Worker.prototype.postMessage;
      Worker.prototype.postMessage = function (message, ...rest) {
        if (message?.type === 'run' && message.options.tier === window.holdTier) return;
        return post.call(this, message, ...rest);
      };
    };
    const { page, errors } = await open('', { init: hold });
    const labels = () => page.$$eval('#pane-compare .chart li', (items) => items.map((item) => item.getAttribute('aria-label')));
    const all = tiers();
    const held = all.length > 2 ? 1 : all.length - 1;
    await page.evaluate((tier) => (window.holdTier = tier), all[held]);
    const before = Number(await page.getAttribute('body', 'data-finished'));
    await page.click('#compare');
    await page.waitForFunction((tier) => document.querySelector('#pane-compare .chart li.pending')?.getAttribute('aria-label')?.startsWith(`${tier}: …`), all[held]);
    await page.click('#stop');
    await page.waitForFunction((n) => Number(document.body.dataset.finished) > n, before);
    let rows = await labels();
    assert.equal(rows.length, all.length, rows.join('\n'));
    assert.match(rows[0], /^interp: [\d.]+ (µs|ms|s), baseline$/);
    for (const row of rows.slice(1, held)) assert.match(row, /^\w+: [\d.]+ (µs|ms|s), /);
    assert.equal(rows[held], `${all[held]}: stopped, stopped during its first run`);
    for (const [i, row] of rows.slice(held + 1).entries()) assert.equal(row, `${all[held + 1 + i]}: not run`);
    assert.match(await page.textContent('#pane-compare .chart-caption'), /median of 1 run per tier/);
    assert.equal(await page.textContent('#pane-compare .chart-note'), `Stopped during a run under ${all[held]}.`);
    const padding = await page.$eval('#pane-compare .chart-note', (p) => [p.getBoundingClientRect().left - p.parentElement.getBoundingClientRect().left, parseFloat(getComputedStyle(p).paddingLeft)]);
    assert.ok(padding[0] >= 8 && padding[1] >= 4, `the note is inset: ${padding}`);
    assert.equal(await page.textContent('#status'), 'Stopped.');

    // The timeout: the last tier times out, the others keep their times.
    await page.evaluate((tier) => (window.holdTier = tier), all.at(-1));
    await page.fill('#timeout', '0.5');
    await runAndWait(page, '#compare');
    rows = await labels();
    for (const row of rows.slice(0, -1)) assert.match(row, /^\w+: [\d.]+ (µs|ms|s), /);
    assert.equal(rows.at(-1), `${all.at(-1)}: timed out, timed out during its first run`);
    assert.match(await page.textContent('#pane-compare .chart-note'), new RegExp(`^${all.at(-1)}: stopped after 0\\.5 s: the wall-clock limit\\. Raise “Timeout”`));
    assert.equal(await page.textContent('#status'), 'Timed out.');
    await page.screenshot({ path: join(ARTIFACTS, 'playground-compare-timeout.png') });
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('Share puts code, tier and options in the URL; opening it restores them', async () => {
    const { page } = await open();
    await page.bringToFront(); // the Clipboard API wants a focused page
    const code = 'let greeting = "hello, 🐒";\nputs(greeting);';
    const tier = HAS_TRACE ? 'trace' : 'interp';
    await setCode(page, code);
    await page.selectOption('#tier', tier);
    await page.fill('#hot-loop', '7');
    await page.fill('#hot-func', '');
    await page.fill('#timeout', '2.5');
    await page.click('#share');
    await page.waitForSelector('#share-panel:not([hidden])');
    const url = await page.inputValue('#share-url');
    assert.equal(url, page.url());
    assert.deepEqual(decodeHash(new URL(url).hash), { code, tier, hotLoop: 7, hotFunc: null, maxSteps: 50_000_000, timeout: 2.5 });
    assert.equal(await page.textContent('#share-note'), 'Copied to the clipboard.');
    // A clipboard read can wait forever for focus: give it a deadline.
    const clipboard = page.evaluate(() => navigator.clipboard.readText());
    const deadline = new Promise((_, reject) => setTimeout(reject, 5000, new Error('the clipboard read did not finish')));
    assert.equal(await Promise.race([clipboard, deadline]), url);
    await page.close();

    const { page: opened, errors } = await open(new URL(url).hash);
    assert.equal(await getCode(opened), code);
    assert.equal(await opened.inputValue('#tier'), tier);
    assert.equal(await opened.inputValue('#hot-loop'), '7');
    assert.equal(await opened.inputValue('#hot-func'), '', 'an empty field stays empty');
    assert.equal(await opened.inputValue('#timeout'), '2.5');
    await runAndWait(opened);
    assert.equal(await opened.textContent('#stdout'), 'hello, 🐒\n');
    assert.deepEqual(errors, []);
    await opened.close();
  });

  test('broken shared links say so: an unreadable program, invalid or missing numbers (the defaults)', async () => {
    const valid = encodeHash({ code: 'puts("shared");' }).split('code=')[1];
    const truncated = encodeHash({ code: 'let a = 1;\nlet b = 2;\nputs(a + b);\n' + 'x'.repeat(50) }).split('code=')[1].slice(0, 20);
    const cases = [
      ['#code=!!!notlz', /^This link's program could not be read \(is the link cut short\?\): showing the default example\.$/],
      ['#code=', /^This link's program could not be read/],
      [`#hotLoop=9&code=${truncated}`, /^This link's program could not be read/],
    ];
    for (const [hash, status] of cases) {
      const { page, errors } = await open(hash);
      assert.match(await page.textContent('#status'), status, hash);
      assert.equal(await page.getAttribute('#status', 'data-kind'), 'warn');
      assert.match(await getCode(page), /let sum = 0;/, 'the default example');
      assert.equal(await page.inputValue('#examples'), 'loop-sum');
      assert.deepEqual(errors, []);
      await page.close();
    }
    // A link from before links carried Timeout left empty fields out: they stay empty
    // (no step limit), and Timeout is the page's default.
    {
      const { page, errors } = await open(`#hotLoop=7&code=${valid}`);
      assert.deepEqual(
        await Promise.all(['#hot-loop', '#hot-func', '#max-steps', '#timeout'].map((field) => page.inputValue(field))),
        ['7', '', '', '10'],
      );
      assert.deepEqual(errors, []);
      await page.close();
    }
    // Numbers: invalid ones and missing ones get the page's defaults, not an empty field.
    const { page, errors } = await open(`#tier=turbo&hotLoop=-5&maxSteps=1e400&timeout=10&code=${valid}`);
    assert.equal(await page.textContent('#status'), "This link's “Hot loop”, “Step limit” are not valid: using the default. This build has no 'turbo' tier; using 'auto'.");
    assert.equal(await getCode(page), 'puts("shared");');
    assert.deepEqual(
      await Promise.all(['#hot-loop', '#hot-func', '#max-steps', '#timeout'].map((field) => page.inputValue(field))),
      ['50', '100', '50000000', '10'],
    );
    // A link opened on the page (hashchange) is checked too, and a broken one keeps the program.
    await page.evaluate(() => (location.hash = '#timeout=&code=!!!'));
    await page.waitForFunction(() => document.querySelector('#status').textContent.startsWith("This link's program could not be read"));
    assert.match(await page.textContent('#status'), /: the editor keeps its program\.$/);
    assert.equal(await getCode(page), 'puts("shared");');
    assert.equal(await page.inputValue('#timeout'), '');
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('at phone width (390 px) the panes stack and nothing overflows; dark mode follows the system; at 375 px the share link has room', async () => {
    const { page } = await open();
    await page.setViewportSize({ width: 390, height: 844 });
    await page.emulateMedia({ colorScheme: 'dark' });
    await runAndWait(page);
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 390), 'no horizontal scrolling');
    const box = (selector) => page.$eval(selector, (el) => el.getBoundingClientRect().toJSON());
    const [editor, output, jit] = [await box('#editor'), await box('.output'), await box('.jit')];
    assert.ok(editor.bottom <= output.top && output.bottom <= jit.top, 'editor, output, JIT panel from top to bottom');
    for (const { left, right } of [editor, output, jit]) assert.ok(left >= 0 && right <= 390);
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    const [r, g, b] = background.match(/\d+/g).map(Number);
    assert.ok(r + g + b < 150, `a dark background, got ${background}`);
    // Rows off screen are not rendered (content-visibility): show the panel once first.
    await page.$eval('.jit', (el) => el.scrollIntoView());
    await page.evaluate(() => new Promise(requestAnimationFrame));
    assert.ok((await page.$$('#pane-bytecode .row')).length > 10);
    await page.screenshot({ path: join(ARTIFACTS, 'playground-phone-dark.png'), fullPage: true });
    // At 375 px the share link's field takes the panel's width (its note goes above it).
    await page.setViewportSize({ width: 375, height: 812 });
    await page.click('#share');
    await page.waitForSelector('#share-panel:not([hidden])');
    const [field, panel] = [await box('#share-url'), await box('#share-panel')];
    assert.ok(field.width >= 0.65 * panel.width, `the link field is ${field.width} px of ${panel.width}`);
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 375), 'no horizontal scrolling');
    await page.close();
  });
  test("dark mode: the editor's search panel (Ctrl+F) is readable, in the page's colours", async () => {
    const { page, errors } = await open();
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.click('.cm-content');
    await page.keyboard.press('ControlOrMeta+f');
    await page.waitForSelector('.cm-search');
    await page.keyboard.insertText('sum');
    // Each element's text against the colour behind it (its own, else its ancestors').
    const looks = await page.$$eval('.cm-panels, .cm-search .cm-textfield, .cm-search .cm-button, .cm-search label', (els) => {
      const rgba = (text) => (text.match(/[\d.]+/g) ?? []).map(Number);
      const luminance = ([r, g, b]) => {
        const c = [r, g, b].map((v) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
        return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
      };
      return els.map((el) => {
        let bg = el;
        while (bg && (rgba(getComputedStyle(bg).backgroundColor)[3] === 0)) bg = bg.parentElement;
        const style = getComputedStyle(el);
        const [a, b] = [luminance(rgba(style.color)), luminance(rgba(getComputedStyle(bg ?? document.body).backgroundColor))];
        const contrast = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
        return { what: `${el.className || el.tagName} ${el.textContent || el.name}`.trim(), contrast, backgroundImage: style.backgroundImage, background: luminance(rgba(getComputedStyle(bg ?? document.body).backgroundColor)) };
      });
    });
    assert.ok(looks.length >= 8, JSON.stringify(looks));
    for (const look of looks) {
      assert.equal(look.backgroundImage, 'none', `${look.what}: no light gradient`);
      assert.ok(look.contrast >= 4.5, `${look.what}: contrast ${look.contrast.toFixed(2)}`);
      assert.ok(look.background < 0.1, `${look.what}: on a dark background`);
    }
    await page.screenshot({ path: join(ARTIFACTS, 'playground-search-dark.png') });
    assert.deepEqual(errors, []);
    await page.close();
  });
});

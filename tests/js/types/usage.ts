// Type-checked by types.test.mjs (`tsc --noEmit`), never run: the declarations in
// js/index.d.ts, reached the way users reach them (`monkey-jit`, through package.json
// `exports`), accept the API's real uses and reject the mistakes marked @ts-expect-error.

import {
  compile,
  init,
  run,
  Session,
  tiers,
  version,
  type DumpKind,
  type EvalResult,
  type JitEvent,
  type RunOptions,
  type RunResult,
  type Tier,
} from 'monkey-jit';

export async function uses(wasm: Uint8Array, url: URL, module: WebAssembly.Module): Promise<void> {
  await init();
  await init(url);
  await init('/assets/monkey_jit_bg.wasm');
  await init(wasm);
  await init(wasm.buffer as ArrayBuffer);
  await init(module);
  await init(fetch(url));

  const options: RunOptions = { tier: 'trace', maxSteps: 1_000_000, maxHeap: 64 << 20, hotLoop: 2, hotFunc: 2, dump: ['ir-opt', 'js'], opt: '-peel' };
  const outcome: RunResult = run('puts(1)', options);
  const out: string = outcome.stdout;
  const result: string | null = outcome.result;
  const error: string | null = outcome.error;
  const ranIn: Tier = outcome.stats.tier;
  const micros: number = outcome.stats.parseUs + outcome.stats.compileUs + outcome.stats.runUs;
  const sizes: number = outcome.stats.functions + outcome.stats.bytecodeBytes;
  const jit: number = outcome.stats.traces + outcome.stats.jitCompileUs;
  const dump: string = outcome.dump;
  const { calls, loopIterations, heap } = outcome.stats.vm;
  const objects: number = heap.collections + heap.objectsAllocated + heap.objectsFreed + heap.peakObjects;
  console.log(out, result, error, ranIn, micros, sizes, jit, dump, calls, loopIterations, objects);

  run('1', { onEvent: describe });
  outcome.events.forEach(describe);

  const kinds: DumpKind[] = ['ir', 'ir-opt', 'js'];
  run('1', { dump: kinds });

  const listing: string = compile('1');
  const available: Tier[] = tiers();
  const crate: string = version();
  const session = new Session();
  const entry: EvalResult = session.eval('let x = 1; x');
  session.free();
  console.log(listing, available, crate, entry.stdout, entry.result, entry.error);
}

/** Narrowing on `kind` reaches each event's own fields. */
function describe(event: JitEvent): string {
  switch (event.kind) {
    case 'loop-hot':
      return `${event.func}:${event.line}:${event.col} pc ${event.pc}`;
    case 'trace-start':
      return `trace ${event.trace} at ${event.func}:${event.line} pc ${event.pc}`;
    case 'trace-abort':
      return `${event.func}:${event.line} pc ${event.pc}: ${event.reason}`;
    case 'trace-compile':
      return `trace ${event.trace} ${event.func}:${event.line}: ${event.irIns}/${event.irOptIns} ins, ${event.jsBytes} B in ${event.compileUs} µs`;
    case 'trace-exit':
      return `trace ${event.trace} exit ${event.exit} x${event.count}`;
    case 'side-trace':
      return `trace ${event.trace} on ${event.parent}/${event.exit}`;
    case 'blacklist':
      return `${event.func}:${event.line} pc ${event.pc}`;
    case 'template-compile':
      return `${event.func} (${event.proto}): ${event.instructions} instructions, ${event.jsBytes} B in ${event.codegenUs + event.jsUs} µs`;
    case 'template-fail':
      return `${event.func}: ${event.reason}`;
    case 'jit-unavailable':
      return event.reason;
  }
}

export function mistakes(): void {
  // @ts-expect-error: the source is a string
  run(42);
  // @ts-expect-error: not a tier
  run('1', { tier: 'fast' });
  // @ts-expect-error: unknown option
  run('1', { maxsteps: 10 });
  // @ts-expect-error: not a dump kind
  run('1', { dump: ['ast'] });
  // @ts-expect-error: counts are numbers
  run('1', { hotLoop: '10' });
  // @ts-expect-error: a result's error is a string or null, never undefined
  const error: string | undefined = run('1').error;
  void error;
  // @ts-expect-error: eval results carry no stats
  void new Session().eval('1').stats;
}

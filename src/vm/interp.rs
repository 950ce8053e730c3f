//! The dispatch loop.
//!
//! A `match` over the opcode byte with the current function's code, instruction
//! pointer, frame base and stack pointer held in locals; they are written back to the
//! frame only when a call needs them. Integer fast paths are inline; every other case
//! calls [`ops`], the shared definition of each operation. Steps are counted, and the
//! collector may run, only at loop back-edges and calls (the safepoints).

use std::fmt;

use super::arith;
use super::array::Array;
use super::builtins::Builtin;
use super::ops;
use super::value::Value;
use super::{Frame, RuntimeError, Vm, MAX_FRAMES, NO_CLOSURE};
use crate::bytecode::{Op, Program, Proto};
use crate::jit::ir::{Carried, FrameSnap, Snapshot, Ty};
use crate::jit::record::{Step, VmView, MAX_INLINE_DEPTH};
use crate::jit::tier::NESTED_EXIT;
use crate::jit::runtime;
use crate::jit::tier::Action;

/// How a function trace ended.
enum FnTrace {
    /// The call returned; its result is in the callee slot.
    Returned,
    /// An exit deep in its recursion: nothing happened; interpret the call from its entry.
    Abandoned,
    /// An exit at the outermost level: the interpreter resumes there, with this stack pointer.
    Exited(usize),
}

/// How the dispatch loop ended.
pub(crate) enum Flow {
    /// The program finished with this value.
    Done(Value),
    /// Recording started or stopped: run the other instantiation of the loop.
    Switch,
    /// One instruction ran ([`Vm::step`]); the top frame's pc and `saved_sp` say where
    /// the next one is.
    #[cfg_attr(not(native_tier), allow(dead_code))]
    Stepped,
}

/// The dispatch loop returns to [`Vm::run`], which calls it again at once, after every
/// this many loop iterations and calls of Monkey functions it ran. V8 first runs Wasm code
/// compiled by its baseline compiler (Liftoff) and tiers a function up to optimized code
/// (TurboFan) once it is hot, but only for the function's *next* call: a dispatch loop
/// entered once ran a whole program as baseline code, three times slower (a fresh
/// process ran loop_sum in 350 ms under interp, a warm one in 120 ms). Returning now
/// and then costs nothing measurable.
pub(crate) const REENTER_EVERY: u32 = 1 << 16;

#[inline(always)]
fn read_u8(code: &[u8], at: usize) -> usize {
    code[at] as usize
}

#[inline(always)]
fn read_u16(code: &[u8], at: usize) -> usize {
    u16::from_le_bytes([code[at], code[at + 1]]) as usize
}

#[inline(always)]
fn read_u32(code: &[u8], at: usize) -> usize {
    u32::from_le_bytes([code[at], code[at + 1], code[at + 2], code[at + 3]]) as usize
}

impl Vm {
    /// Whether the dispatch loop should return and be entered again now
    /// ([`REENTER_EVERY`]); counts one loop iteration or call.
    #[inline(always)]
    fn reentry_due(&mut self) -> bool {
        self.until_reentry -= 1;
        if self.until_reentry > 0 {
            return false;
        }
        self.until_reentry = REENTER_EVERY;
        true
    }

    /// The safepoint of a back-edge or a call: collect if the budget is spent (failing
    /// with `out of memory` when the live heap is over its limit).
    #[inline(always)]
    fn collect_if_wanted(&mut self, sp: usize) -> Result<(), String> {
        if self.heap.wants_collection() {
            self.collect_garbage(sp)
        } else {
            Ok(())
        }
    }

    /// Run top-level function `entry` of `program` to completion. Output of `puts` goes
    /// to `out`. Globals and the heap persist for the next run (REPL).
    pub fn run(&mut self, program: &Program, entry: u16, out: &mut dyn fmt::Write) -> Result<Value, RuntimeError> {
        self.load_program(program);
        let Some(main) = program.protos.get(entry as usize) else {
            return Err(RuntimeError { pos: Default::default(), message: format!("no function {entry}") });
        };
        self.frames.clear();
        if main.frame_size() > self.stack.len() && !self.grow_stack(main.frame_size()) {
            return Err(RuntimeError { pos: main.pos, message: "stack overflow".into() });
        }
        self.stack[..main.num_locals as usize].fill(Value::Null);
        self.frames.push(Frame { proto: entry.into(), closure: NO_CLOSURE, ip: 0, base: 0 });
        self.saved_sp = main.num_locals as usize;
        // Under `template` the top level runs as template code from the start.
        if self.tpl.as_ref().is_some_and(|t| t.eager()) && self.template_call(program, entry.into()) {
            match self.enter_template(program, entry.into(), 0, out) {
                Ok(sp) => self.saved_sp = sp,
                Err(e) => {
                    self.frames.clear();
                    return Err(e);
                }
            }
        }
        // Under `native` the whole program was compiled: start in native code.
        #[cfg(native_tier)]
        if self.native.is_some() {
            match self.enter_native(program, 0, out) {
                Ok(Some(crate::native::run::NativeEnd::Returned(value))) => {
                    self.frames.clear();
                    return Ok(value);
                }
                Ok(Some(crate::native::run::NativeEnd::Exited(sp))) => self.saved_sp = sp,
                Ok(None) => {}
                Err(e) => {
                    self.frames.clear();
                    return Err(e);
                }
            }
        }
        let result = loop {
            let recording = self.jit.as_ref().is_some_and(|j| j.recorder.is_some());
            if !recording {
                self.record_resume = usize::MAX;
            }
            let recording = recording && self.record_resume == usize::MAX;
            let flow = if recording { self.execute::<true, false>(program, out) } else { self.execute::<false, false>(program, out) };
            match flow {
                Ok(Flow::Switch | Flow::Stepped) => continue,
                Ok(Flow::Done(value)) => break Ok(value),
                Err(e) => break Err(e),
            }
        };
        self.frames.clear();
        if let Some(jit) = self.jit.as_mut() {
            jit.recorder = None;
        }
        self.record_resume = usize::MAX;
        result
    }

    /// Materialise constants added since the last run and make room for new globals.
    fn load_program(&mut self, program: &Program) {
        for constant in &program.constants[self.consts.len().min(program.constants.len())..] {
            let value = match constant {
                crate::bytecode::Constant::Int(n) => Value::Int(*n),
                crate::bytecode::Constant::Str(s) => self.heap.alloc_str(s.clone()),
            };
            self.consts.push(value);
        }
        if self.globals.len() < program.globals.len() {
            self.globals.resize(program.globals.len(), Value::Null);
        }
    }

    /// Run the one instruction at the top frame's pc (stack pointer `saved_sp`): the
    /// native tier's slow path. A call of a Monkey function pushes the callee's frame and
    /// stops there; the tiers' hooks do not run.
    /// Never inlined: the slow path recurses through native calls, and its own frame must
    /// stay small (the dispatch loop's is large).
    #[cfg(native_tier)]
    #[inline(never)]
    pub(crate) fn step(&mut self, program: &Program, out: &mut dyn fmt::Write) -> Result<Flow, RuntimeError> {
        self.execute::<false, true>(program, out)
    }

    /// The dispatch loop. With `RECORD`, the trace recorder sees every instruction before
    /// it executes; the normal instantiation has no recording code at all. Returns
    /// [`Flow::Switch`] to change instantiation (recording starts or stops). With `STEP`
    /// it returns [`Flow::Stepped`] after one instruction.
    fn execute<const RECORD: bool, const STEP: bool>(&mut self, program: &Program, out: &mut dyn fmt::Write) -> Result<Flow, RuntimeError> {
        let Some(&frame) = self.frames.last() else { return Ok(Flow::Done(Value::Null)) };
        let mut proto_index = frame.proto;
        let mut proto: &Proto = &program.protos[proto_index as usize];
        let mut code: &[u8] = &proto.code;
        let mut ip = frame.ip as usize;
        let mut base = frame.base as usize;
        let mut closure = frame.closure;
        let mut sp = self.saved_sp;

        macro_rules! fail {
            ($pc:expr, $msg:expr) => {
                return Err(RuntimeError { pos: proto.pos_at($pc), message: $msg.into() })
            };
        }
        macro_rules! push {
            ($v:expr) => {{
                let v = $v;
                self.stack[sp] = v;
                sp += 1;
            }};
        }
        // Replace the two operands on top with the result of `$fast` or the slow path.
        macro_rules! binary {
            ($pc:expr, $op:expr, |$x:ident, $y:ident| $fast:expr) => {{
                let (a, b) = (self.stack[sp - 2], self.stack[sp - 1]);
                let result = match (a, b) {
                    (Value::Int($x), Value::Int($y)) => $fast,
                    _ => match ops::binary(&mut self.heap, $op, a, b) {
                        Ok(v) => v,
                        Err(e) => fail!($pc, e),
                    },
                };
                sp -= 1;
                self.stack[sp - 1] = result;
            }};
        }
        macro_rules! step {
            ($pc:expr) => {{
                if self.steps_left == 0 {
                    fail!($pc, "step limit exceeded");
                }
                self.steps_left -= 1;
            }};
        }

        // Leave the loop to switch instantiations, resuming later at `$pc`.
        macro_rules! switch {
            ($pc:expr) => {{
                if let Some(f) = self.frames.last_mut() {
                    f.ip = $pc as u32;
                }
                self.saved_sp = sp;
                return Ok(Flow::Switch);
            }};
        }

        // Continue in the top frame (where a trace exit left the interpreter).
        macro_rules! resume_top_frame {
            ($sp:expr) => {{
                let f = self.frames[self.frames.len() - 1];
                proto_index = f.proto;
                proto = &program.protos[proto_index as usize];
                code = &proto.code;
                ip = f.ip as usize;
                base = f.base as usize;
                closure = f.closure;
                sp = $sp;
            }};
        }

        let mut stepped = false;
        loop {
            if STEP {
                if stepped {
                    if let Some(f) = self.frames.last_mut() {
                        f.ip = ip as u32;
                    }
                    self.saved_sp = sp;
                    return Ok(Flow::Stepped);
                }
                stepped = true;
            }
            let pc = ip;
            if RECORD && self.record_step(program, proto_index, pc, sp) {
                switch!(pc);
            }
            let Some(op) = code.get(ip).and_then(|b| Op::from_byte(*b)) else {
                fail!(pc, format!("internal error: bad instruction at {pc}"));
            };
            ip += 1;
            match op {
                Op::Const => {
                    push!(self.consts[read_u16(code, ip)]);
                    ip += 2;
                }
                Op::Null => push!(Value::Null),
                Op::True => push!(Value::Bool(true)),
                Op::False => push!(Value::Bool(false)),
                Op::Pop => sp -= 1,
                Op::Dup2 => {
                    self.stack[sp] = self.stack[sp - 2];
                    self.stack[sp + 1] = self.stack[sp - 1];
                    sp += 2;
                }
                Op::Add => binary!(pc, op, |x, y| Value::Int(arith::add(x, y))),
                Op::Sub => binary!(pc, op, |x, y| Value::Int(arith::sub(x, y))),
                Op::Mul => binary!(pc, op, |x, y| Value::Int(arith::mul(x, y))),
                Op::Div | Op::Mod => binary!(pc, op, |x, y| match ops::int_arith(op, x, y) {
                    Ok(n) => Value::Int(n),
                    Err(e) => fail!(pc, e),
                }),
                Op::Eq => binary!(pc, op, |x, y| Value::Bool(x == y)),
                Op::NotEq => binary!(pc, op, |x, y| Value::Bool(x != y)),
                Op::Lt => binary!(pc, op, |x, y| Value::Bool(x < y)),
                Op::Gt => binary!(pc, op, |x, y| Value::Bool(x > y)),
                Op::LtEq => binary!(pc, op, |x, y| Value::Bool(x <= y)),
                Op::GtEq => binary!(pc, op, |x, y| Value::Bool(x >= y)),
                Op::Neg => match ops::negate(self.stack[sp - 1]) {
                    Ok(v) => self.stack[sp - 1] = v,
                    Err(e) => fail!(pc, e),
                },
                Op::Not => self.stack[sp - 1] = Value::Bool(!self.stack[sp - 1].truthy()),
                Op::ToBool => self.stack[sp - 1] = Value::Bool(self.stack[sp - 1].truthy()),

                Op::Jump => ip = read_u32(code, ip),
                Op::JumpIfFalse => {
                    sp -= 1;
                    if self.stack[sp].truthy() {
                        ip += 4;
                    } else {
                        ip = read_u32(code, ip);
                    }
                }
                Op::Loop => {
                    step!(pc);
                    self.stats.loop_iterations += 1;
                    if let Err(e) = self.collect_if_wanted(sp) {
                        fail!(pc, e);
                    }
                    let target = read_u32(code, ip);
                    // While recording, an inner loop the trace calls through its trace runs in
                    // that trace too (the recorder picks up where it leaves).
                    let frames = self.frames.len();
                    if !RECORD && self.record_resume != usize::MAX {
                        // A loop getting hot inside the recursive call a function trace's
                        // recorder skips: the loop's trace is worth more than the
                        // function's (which would keep it from being recorded).
                        if let Some(jit) = self.jit.as_deref_mut().filter(|j| j.loop_due(proto_index, read_u16(code, ip + 4) as u16)) {
                            jit.set_recording_aside(program, "set aside: a loop got hot in the recursive call it skips");
                            self.record_resume = usize::MAX;
                        }
                    }
                    let inner_running = RECORD && self.jit.as_ref().is_some_and(|j| j.recorder.as_ref().is_some_and(|r| r.running_inner_loop(frames)));
                    if !RECORD || inner_running {
                        if let Some(jit) = self.jit.as_deref_mut() {
                            match jit.on_back_edge(proto_index, read_u16(code, ip + 4) as u16) {
                                Action::Nothing | Action::Interpret => {}
                                Action::Record => {
                                    let loop_id = read_u16(code, ip + 4) as u16;
                                    if jit.start_recording(program, proto_index, loop_id, target as u32..pc as u32, base, (sp - base) as u32) {
                                        switch!(target);
                                    }
                                }
                                Action::Enter(id) => {
                                    if let Some((new_sp, record_side)) = self.enter_trace(program, id, base) {
                                        if record_side {
                                            // Resume where the trace left, recording a side trace.
                                            self.saved_sp = new_sp;
                                            return Ok(Flow::Switch);
                                        }
                                        resume_top_frame!(new_sp);
                                        continue;
                                    }
                                }
                            }
                        }
                    }
                    if !RECORD && self.tpl.is_some() && self.template_loop(program, proto_index, read_u16(code, ip + 4) as u16, target as u32) {
                        if let Some(f) = self.frames.last_mut() {
                            f.ip = target as u32;
                        }
                        let new_sp = self.enter_template(program, proto_index, target as u32, out)?;
                        resume_top_frame!(new_sp);
                        continue;
                    }
                    #[cfg(native_tier)]
                    if !RECORD && !STEP && self.native.is_some() {
                        if let Some(f) = self.frames.last_mut() {
                            f.ip = target as u32;
                        }
                        match self.enter_native(program, target as u32, out)? {
                            None => {}
                            Some(crate::native::run::NativeEnd::Exited(new_sp)) => {
                                resume_top_frame!(new_sp);
                                continue;
                            }
                            Some(crate::native::run::NativeEnd::Returned(result)) => {
                                let Some(caller_sp) = self.return_from_top(result) else { return Ok(Flow::Done(result)) };
                                resume_top_frame!(caller_sp);
                                continue;
                            }
                        }
                    }
                    if !RECORD && !STEP && self.reentry_due() {
                        switch!(target);
                    }
                    ip = target;
                }

                Op::GetGlobal => {
                    push!(self.globals[read_u16(code, ip)]);
                    ip += 2;
                }
                Op::SetGlobal => {
                    sp -= 1;
                    self.globals[read_u16(code, ip)] = self.stack[sp];
                    ip += 2;
                }
                Op::GetLocal => {
                    push!(self.stack[base + read_u16(code, ip)]);
                    ip += 2;
                }
                Op::SetLocal => {
                    sp -= 1;
                    self.stack[base + read_u16(code, ip)] = self.stack[sp];
                    ip += 2;
                }
                // A captured slot holds a cell once its `let` has run; before that (a `let`
                // skipped by a branch) it holds a plain value, which these read and write directly.
                Op::GetCell => {
                    let value = match self.stack[base + read_u16(code, ip)] {
                        Value::Cell(cell) => self.heap.cell(cell),
                        plain => plain,
                    };
                    push!(value);
                    ip += 2;
                }
                Op::SetCell => {
                    sp -= 1;
                    let slot = base + read_u16(code, ip);
                    match self.stack[slot] {
                        Value::Cell(cell) => self.heap.set_cell(cell, self.stack[sp]),
                        _ => self.stack[slot] = self.stack[sp],
                    }
                    ip += 2;
                }
                Op::MakeCell => {
                    ops::make_cell(&mut self.heap, &mut self.stack[base + read_u16(code, ip)]);
                    ip += 2;
                }
                Op::GetFree => {
                    let cell = self.heap.closure(closure).free[read_u16(code, ip)];
                    push!(self.heap.cell(cell));
                    ip += 2;
                }
                Op::SetFree => {
                    sp -= 1;
                    let cell = self.heap.closure(closure).free[read_u16(code, ip)];
                    self.heap.set_cell(cell, self.stack[sp]);
                    ip += 2;
                }
                Op::GetBuiltin => {
                    let Some(b) = u8::try_from(read_u8(code, ip)).ok().and_then(Builtin::from_id) else {
                        fail!(pc, "internal error: bad builtin id");
                    };
                    push!(Value::Builtin(b));
                    ip += 1;
                }

                Op::Closure => {
                    let index = read_u16(code, ip);
                    ip += 2;
                    let stack = &mut self.stack;
                    let value = ops::make_closure(&mut self.heap, index as u32, &program.protos[index].captures, closure, |heap, slot| {
                        ops::ensure_cell(heap, &mut stack[base + slot as usize])
                    });
                    push!(value);
                }
                Op::Call => {
                    let argc = read_u8(code, ip);
                    ip += 1;
                    step!(pc);
                    self.stats.calls += 1;
                    match self.stack[sp - 1 - argc] {
                        Value::Closure(callee) => {
                            let (index, new_base, new_sp) = match self.push_call_frame(program, callee, argc, sp, ip as u32) {
                                Ok(pushed) => pushed,
                                Err(e) => fail!(pc, e),
                            };
                            let target = &program.protos[index];
                            let mut record = false;
                            let mut interpret = false;
                            if !RECORD {
                                let depth = self.frames.len();
                                if let Some(jit) = self.jit.as_deref_mut() {
                                    match jit.on_call(index as u32, index as u32 == proto_index, depth) {
                                        Action::Nothing => {}
                                        Action::Interpret => interpret = true,
                                        Action::Record => record = true,
                                        Action::Enter(id) => match self.enter_function_trace(program, id, new_base) {
                                            FnTrace::Returned => {
                                                // The result is in the callee slot; the caller goes on.
                                                self.frames.pop();
                                                sp = new_base;
                                                continue;
                                            }
                                            FnTrace::Abandoned => {
                                                // Nothing observable happened: run the call here
                                                // (not in template code: its way down to where
                                                // the trace abandoned it is interpreted).
                                                self.stack[new_base + argc..new_sp].fill(Value::Null);
                                                interpret = true;
                                            }
                                            FnTrace::Exited(new_sp) => {
                                                if self.record_resume == usize::MAX && self.jit.as_ref().is_some_and(|j| j.recorder.is_some()) {
                                                    // A side trace is recorded from here.
                                                    self.saved_sp = new_sp;
                                                    return Ok(Flow::Switch);
                                                }
                                                resume_top_frame!(new_sp);
                                                continue;
                                            }
                                        },
                                    }
                                }
                            }
                            // The call is a safepoint, before the callee runs in any tier.
                            // Template code hands over at its first call while a collection
                            // is wanted: entered again before this check, recursion reached
                            // from straight-line code never collected, handing over at every
                            // call (found in review: 100x slower, and memory ran out).
                            if let Err(e) = self.collect_if_wanted(new_sp) {
                                fail!(pc, e);
                            }
                            if !RECORD && !record && !interpret && self.tpl.is_some() && self.template_call(program, index as u32) {
                                let new_sp = self.enter_template(program, index as u32, 0, out)?;
                                resume_top_frame!(new_sp);
                                continue;
                            }
                            proto_index = index as u32;
                            proto = target;
                            code = &proto.code;
                            ip = 0;
                            base = new_base;
                            closure = callee;
                            sp = new_sp;
                            #[cfg(native_tier)]
                            if !RECORD && !STEP && self.native.is_some() {
                                self.saved_sp = sp;
                                match self.enter_native(program, 0, out)? {
                                    None => {}
                                    Some(crate::native::run::NativeEnd::Exited(new_sp)) => {
                                        resume_top_frame!(new_sp);
                                        continue;
                                    }
                                    Some(crate::native::run::NativeEnd::Returned(result)) => {
                                        // The callee returned; the caller (this loop's frame) goes on.
                                        let Some(caller_sp) = self.return_from_top(result) else { return Ok(Flow::Done(result)) };
                                        resume_top_frame!(caller_sp);
                                        continue;
                                    }
                                }
                            }
                            if record {
                                if let Some(jit) = self.jit.as_deref_mut() {
                                    jit.start_function_recording(program, proto_index, base, (sp - base) as u32);
                                }
                                switch!(0);
                            }
                            if !RECORD && !STEP && self.reentry_due() {
                                switch!(0);
                            }
                        }
                        Value::Builtin(b) => {
                            let args = sp - argc;
                            let result = match b.call(&self.stack[args..sp], &mut self.heap, program, out) {
                                Ok(v) => v,
                                Err(e) => fail!(pc, e),
                            };
                            sp = args;
                            self.stack[sp - 1] = result;
                        }
                        other => fail!(pc, format!("not a function: {}", other.type_name())),
                    }
                }
                Op::Return => {
                    let result = self.stack[sp - 1];
                    let Some(caller_sp) = self.return_from_top(result) else { return Ok(Flow::Done(result)) };
                    resume_top_frame!(caller_sp);
                    if !RECORD && self.frames.len() == self.record_resume {
                        // The recursive call a function trace's recorder skipped returned:
                        // recording goes on here.
                        self.record_resume = usize::MAX;
                        switch!(ip);
                    }
                }

                Op::Array => {
                    let n = read_u16(code, ip);
                    ip += 2;
                    let items = self.stack[sp - n..sp].to_vec();
                    sp -= n;
                    push!(self.heap.alloc_array(items));
                }
                Op::Hash => {
                    let n = 2 * read_u16(code, ip);
                    ip += 2;
                    let hash = match ops::make_hash(&mut self.heap, &self.stack[sp - n..sp]) {
                        Ok(v) => v,
                        Err(e) => fail!(pc, e),
                    };
                    sp -= n;
                    push!(hash);
                }
                Op::CheckKey => {
                    if let Err(e) = ops::hash_key(&self.heap, self.stack[sp - 1]) {
                        fail!(pc, e);
                    }
                }
                Op::Index => {
                    let (container, index) = (self.stack[sp - 2], self.stack[sp - 1]);
                    let value = match (container, index) {
                        // Arrays of values and of integers inline, booleans out of line:
                        // merging values and booleans here made LLVM copy the value byte
                        // by byte through the stack (matmul 26% slower in the interpreter).
                        (Value::Array(r), Value::Int(i)) => match self.heap.array(r) {
                            Array::Values(items) => usize::try_from(i).ok().and_then(|i| items.get(i).copied()).unwrap_or(Value::Null),
                            Array::Ints(ints) => usize::try_from(i).ok().and_then(|i| ints.get(i)).map_or(Value::Null, Value::Int),
                            packed => packed.index(i),
                        },
                        _ => match ops::index(&mut self.heap, container, index) {
                            Ok(v) => v,
                            Err(e) => fail!(pc, e),
                        },
                    };
                    sp -= 1;
                    self.stack[sp - 1] = value;
                }
                Op::SetIndex => {
                    let (container, index, value) = (self.stack[sp - 3], self.stack[sp - 2], self.stack[sp - 1]);
                    if let Err(e) = ops::set_index(&mut self.heap, container, index, value) {
                        fail!(pc, e);
                    }
                    sp -= 3;
                }

                Op::IterInit => {
                    let (coll, cursor) = (read_u16(code, ip), read_u16(code, ip + 2));
                    ip += 4;
                    sp -= 1;
                    let iterable = self.stack[sp];
                    if !matches!(iterable, Value::Array(_) | Value::Str(_)) {
                        fail!(pc, format!("not iterable: {}", iterable.type_name()));
                    }
                    self.stack[base + coll] = iterable;
                    self.stack[base + cursor] = Value::Int(0);
                }
                Op::IterNext => {
                    let (coll, cursor) = (base + read_u16(code, ip), base + read_u16(code, ip + 2));
                    let Value::Int(at) = self.stack[cursor] else { fail!(pc, "internal error: bad iterator") };
                    let at = at as usize;
                    let next = match self.stack[coll] {
                        Value::Array(r) => match self.heap.array(r) {
                            Array::Values(items) => items.get(at).map(|v| (*v, at + 1)),
                            Array::Ints(ints) => ints.get(at).map(|n| (Value::Int(n), at + 1)),
                            packed => (at < packed.len()).then(|| (packed.index(at as i64), at + 1)),
                        },
                        Value::Str(r) => ops::next_char(&mut self.heap, r, at),
                        _ => None,
                    };
                    match next {
                        Some((value, advanced)) => {
                            self.stack[cursor] = Value::Int(advanced as i64);
                            push!(value);
                            ip += 8;
                        }
                        None => ip = read_u32(code, ip + 4),
                    }
                }
                Op::RangeCheck => {
                    let (a, b) = (self.stack[sp - 2], self.stack[sp - 1]);
                    if !matches!((a, b), (Value::Int(_), Value::Int(_))) {
                        fail!(pc, ops::operator_error("..", a, b));
                    }
                }
            }
        }
    }
}

impl Vm {
    /// `Return` from the top frame with `result`: pop the frame and put the result in its
    /// callee slot. Returns the caller's stack pointer, or `None` when that was the last
    /// frame (the run is over).
    #[inline(always)]
    fn return_from_top(&mut self, result: Value) -> Option<usize> {
        let done = self.frames.pop()?;
        self.frames.last()?;
        let sp = done.base as usize;
        self.stack[sp - 1] = result;
        Some(sp)
    }

    /// The part of `Call` that pushes the frame of closure `callee`, called with `argc`
    /// arguments on top of the stack (height `sp`), the caller resuming at `ret_ip`:
    /// arity and depth checks, stack growth, null-filled locals. Returns the callee's
    /// function index, base and stack pointer; the error text otherwise (nothing changed
    /// then but the stack's capacity). The native tier's `call` stencil makes the same
    /// checks inline (src/native/stencils.rs) and leaves every failing case to this.
    #[inline(always)]
    pub(crate) fn push_call_frame(&mut self, program: &Program, callee: super::value::Ref, argc: usize, sp: usize, ret_ip: u32) -> Result<(usize, usize, usize), String> {
        let index = self.heap.closure(callee).proto as usize;
        let target = &program.protos[index];
        if target.arity() != argc {
            return Err(format!("wrong number of arguments: want={}, got={}", target.arity(), argc));
        }
        if self.frames.len() > MAX_FRAMES {
            return Err("stack overflow".into());
        }
        let new_base = sp - argc;
        let needed = new_base + target.frame_size();
        if needed > self.stack.len() && !self.grow_stack(needed) {
            return Err("stack overflow".into());
        }
        let new_sp = new_base + target.num_locals as usize;
        self.stack[sp..new_sp].fill(Value::Null);
        if let Some(caller) = self.frames.last_mut() {
            caller.ip = ret_ip;
        }
        self.frames.push(Frame { proto: index as u32, closure: callee, ip: 0, base: new_base as u32 });
        Ok((index, new_base, new_sp))
    }

    /// Show the instruction at `pc` to the recorder; true when recording has stopped
    /// (the instruction is not executed yet, and runs in normal mode).
    fn record_step(&mut self, program: &Program, proto_index: u32, pc: usize, sp: usize) -> bool {
        let Some(jit) = self.jit.as_deref_mut() else { return true };
        let Some(mut recorder) = jit.recorder.take() else { return true };
        let inner = if recorder.skipping() { None } else { jit.inner_loop_at(proto_index, pc) };
        let view = VmView { stack: &self.stack, globals: &self.globals, consts: &self.consts, heap: &self.heap, program };
        match recorder.record(&view, pc, sp, self.frames.len(), inner) {
            Step::Continue => {
                // Inside a recursive call the recorder skips (the trace calls itself
                // there), the interpreter runs at full speed until the call returns: a
                // recursion as deep as Ackermann's ran whole in the recording
                // instantiation, 5x slower than the interpreter.
                let suspend = recorder.skipped_call_depth().filter(|&d| self.frames.len() > d);
                jit.recorder = Some(recorder);
                if let Some(depth) = suspend {
                    self.record_resume = depth;
                    return true;
                }
                false
            }
            Step::Closed => {
                jit.finish_recording(program, recorder, None);
                true
            }
            Step::Abort(reason) => {
                jit.finish_recording(program, recorder, Some(reason));
                true
            }
        }
    }

    /// Run compiled trace `id` from the loop header of the frame at `base`, then rebuild
    /// the interpreter state its exit describes. Returns the new stack pointer, or `None`
    /// when the trace cannot be entered here (the interpreter continues instead).
    fn enter_trace(&mut self, program: &Program, id: u32, base: usize) -> Option<(usize, bool)> {
        let max_slot = self.jit.as_ref()?.traces[id as usize].max_slot as usize;
        if self.frames.len() + MAX_INLINE_DEPTH >= MAX_FRAMES {
            return None;
        }
        let needed = base + max_slot + 1;
        if needed > self.stack.len() && !self.grow_stack(needed) {
            return None;
        }
        let jit = self.jit.as_deref_mut()?;
        let b = self.stack.as_ptr() as usize + base * 16;
        let g = self.globals.as_ptr() as usize;
        let x = jit.scratch.as_ptr() as usize;
        let c = runtime::ctx() as *const runtime::JitCtx as usize;
        let steps = self.steps_left.min((1 << 53) - 1) as f64;
        let exit = runtime::lend_heap(&mut self.heap, || runtime::enter(id, b, g, x, c, steps));
        let iterations = runtime::ctx().iterations.get() as u64;
        let spent = runtime::ctx().spent.get() as u64;
        // A nested exit: traces called through `CallTrace` left from inside. Rebuild, from
        // the outermost level in, the frames each level had inlined at its call, then the
        // innermost trace's own snapshot.
        let mut outer_frames = vec![];
        // Back-edges of enclosing loops that the levels' side paths went round before their
        // calls: the JS counted them with the calls' steps; they are loop iterations.
        let mut outer_loops = 0u64;
        let (snap, inner_base) = if exit == NESTED_EXIT {
            let ctx = runtime::ctx();
            let n = (ctx.chain_len.get() as usize).min(runtime::MAX_NESTING);
            let mut level_base = base;
            for k in (0..n).rev() {
                let (owner, call) = (ctx.chain[2 * k].get(), ctx.chain[2 * k + 1].get());
                let owner = jit.traces.get(owner as usize)?;
                let (call_ins, call_snap) = owner.call_at_exit(call)?;
                outer_loops += u64::from(call_snap.loops);
                outer_frames.push((level_base, call_snap.frames.clone()));
                level_base += call_ins.a as usize;
            }
            let inner = jit.traces.get(ctx.innermost_trace.get() as usize)?;
            (ResumePoint::of(inner.exit_snapshot(ctx.innermost_exit.get())?), level_base)
        } else {
            (ResumePoint::of(jit.traces[id as usize].exit_snapshot(exit)?), base)
        };
        // The exit's own iteration so far: its calls, and the back-edges of enclosing loops
        // a side path went round (`Snapshot::loops`).
        let charged = spent + u64::from(snap.steps);
        let iterations = iterations + u64::from(snap.loops) + outer_loops;
        self.steps_left = self.steps_left.saturating_sub(charged);
        self.stats.loop_iterations += iterations;
        self.stats.calls += charged.saturating_sub(iterations);
        for (level_base, frames) in &outer_frames {
            self.push_inlined_frames(*level_base, frames);
        }
        self.push_inlined_frames(inner_base, &snap.frames);
        if let Some(f) = self.frames.last_mut() {
            f.ip = snap.pc;
        }
        let snap_top = snap.top;
        let jit = self.jit.as_deref_mut()?;
        let top = inner_base + snap_top as usize;
        if exit == NESTED_EXIT {
            jit.count_wait(program, runtime::ctx().innermost_trace.get());
        }
        let record_side = exit < NESTED_EXIT && jit.note_exit(program, id, iterations, exit);
        if record_side {
            jit.start_side_recording(program, id, exit, base);
        } else if exit < NESTED_EXIT {
            let (stack, globals) = (&self.stack, &self.globals);
            let type_of = |loc: Carried| {
                let v = match loc {
                    Carried::Slot(s) => stack.get(base + s as usize),
                    Carried::Global(g) => globals.get(g as usize),
                };
                v.map(|v| Ty::of_tag(v.tag()))
            };
            jit.note_failed_entry(program, id, exit, type_of);
        }
        Some((top, record_side))
    }

    /// Run function trace `id` for the call whose frame was just pushed at `base`.
    fn enter_function_trace(&mut self, program: &Program, id: u32, base: usize) -> FnTrace {
        let Some(jit) = self.jit.as_deref_mut() else { return FnTrace::Abandoned };
        let max_slot = jit.traces[id as usize].max_slot as usize;
        // Room for the deepest recursion the trace allows, or let the interpreter do it.
        let needed = base + (crate::jit::js::MAX_RECURSION as usize + 2) * (max_slot + 1);
        if self.frames.len() + MAX_INLINE_DEPTH + crate::jit::js::MAX_RECURSION as usize + 2 >= MAX_FRAMES || (needed > self.stack.len() && !self.grow_stack(needed)) {
            return FnTrace::Abandoned;
        }
        let jit = match self.jit.as_deref_mut() {
            Some(j) => j,
            None => return FnTrace::Abandoned,
        };
        let b = self.stack.as_ptr() as usize + base * 16;
        let g = self.globals.as_ptr() as usize;
        let x = jit.scratch.as_ptr() as usize;
        let c = runtime::ctx() as *const runtime::JitCtx as usize;
        runtime::ctx().spent.set(0.0);
        runtime::ctx().deep.set(0);
        let steps = self.steps_left.min((1 << 53) - 1) as f64;
        let exit = runtime::lend_heap(&mut self.heap, || runtime::enter(id, b, g, x, c, steps));
        let spent = runtime::ctx().spent.get() as u64;
        if exit == crate::jit::js::ABANDONED {
            let level = runtime::ctx().deep.get() as usize;
            if level > 0 {
                let depth = self.frames.len();
                jit.descent = Some(crate::jit::tier::Descent { proto: jit.traces[id as usize].proto, start: depth, end: depth + level });
            }
            jit.note_abandoned(program, id);
            return FnTrace::Abandoned;
        }
        if exit == u32::MAX {
            self.steps_left = self.steps_left.saturating_sub(spent);
            self.stats.calls += spent;
            return FnTrace::Returned;
        }
        let Some(snap) = jit.traces[id as usize].exit_snapshot(exit).map(ResumePoint::of) else { return FnTrace::Abandoned };
        let charged = spent + u64::from(snap.calls);
        self.steps_left = self.steps_left.saturating_sub(charged);
        self.stats.calls += charged;
        self.push_inlined_frames(base, &snap.frames);
        if let Some(f) = self.frames.last_mut() {
            f.ip = snap.pc;
        }
        if let Some(jit) = self.jit.as_deref_mut() {
            if jit.note_exit(program, id, 0, exit) {
                jit.start_side_recording(program, id, exit, base);
            }
        }
        FnTrace::Exited(base + snap.top as usize)
    }

    /// Push the frames a trace had inlined (bases relative to `base`), setting each
    /// caller's resume pc to where the inlined call returns.
    fn push_inlined_frames(&mut self, base: usize, frames: &[crate::jit::ir::FrameSnap]) {
        for fs in frames {
            if let Some(caller) = self.frames.last_mut() {
                caller.ip = fs.return_pc;
            }
            let closure = match self.stack[base + fs.base as usize - 1] {
                Value::Closure(h) => h,
                _ => NO_CLOSURE,
            };
            self.frames.push(Frame { proto: fs.proto, closure, ip: 0, base: (base + fs.base as usize) as u32 });
        }
    }
}

/// Where the interpreter resumes after a trace exit: what it needs of the exit's snapshot
/// (not the values, which the trace wrote back), taken without copying the rest.
struct ResumePoint {
    pc: u32,
    top: u32,
    /// Steps the iteration took before the exit ([`Snapshot::steps`]), and of them the calls.
    steps: u32,
    calls: u32,
    loops: u32,
    frames: Vec<FrameSnap>,
}

impl ResumePoint {
    fn of(snap: &Snapshot) -> ResumePoint {
        ResumePoint { pc: snap.pc, top: snap.top, steps: snap.steps(), calls: snap.calls, loops: snap.loops, frames: snap.frames.clone() }
    }
}

#[cfg(test)]
mod tests {
    use crate::api::{run, Options, Tier};

    /// Returning from the dispatch loop and entering it again ([`super::REENTER_EVERY`])
    /// loses nothing and counts nothing twice: a loop and a recursion several times that
    /// long, with builtin calls between, give the same values and exact step counts, also
    /// when the step limit falls at or next to a re-entry.
    #[test]
    fn re_entering_the_dispatch_loop_is_invisible() {
        let n = 3 * super::REENTER_EVERY as u64 + 5;
        let source = format!(
            "let f = fn(x) {{ x + len([x]) }};\nlet down = fn(k) {{ if (k == 0) {{ 0 }} else {{ 1 + down(k - 1) }} }};\n\
             let s = 0;\nlet i = 0;\nwhile (i < {n}) {{ s = f(s); i += 1; }}\nlet d = 0;\nfor (j in 0..{}) {{ d += down(15000); }}\n[s, d]",
            n / 15000 + 1
        );
        let interp = Options { tier: Tier::Interp, ..Options::default() };
        let out = run(&source, &interp);
        let rounds = n / 15000 + 1;
        assert_eq!(out.error, None);
        assert_eq!(out.result, Some(format!("[{n}, {}]", 15000 * rounds)));
        assert_eq!(out.stats.vm.loop_iterations, n + rounds);
        assert_eq!(out.stats.vm.calls, 2 * n + rounds * 15001);
        let every = super::REENTER_EVERY as u64;
        for limit in [every - 1, every, every + 1, 2 * every, 5 * every + 3] {
            let out = run(&source, &Options { max_steps: Some(limit), ..interp });
            assert!(out.error.as_deref().is_some_and(|e| e.ends_with("step limit exceeded")), "{limit}: {:?}", out.error);
            assert_eq!(out.stats.vm.loop_iterations + out.stats.vm.calls, limit, "{limit}");
        }
    }
}

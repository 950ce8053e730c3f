//! Entering template code from the interpreter, and taking back what it hands over.
//!
//! The interpreter enters a function's template code for its top frame — at pc 0 right
//! after pushing the frame of a call, or at a loop header — and JS runs until some frame
//! hands over (see [`super::compile`]). The frames it recorded, innermost first, are
//! the outermost one (the frame that was entered: only its pc changes) and one new frame
//! for each JS call still active; the interpreter continues in the innermost.

use std::fmt;

use super::compile::Env;
use super::runtime;
use crate::bytecode::Program;
use crate::jit::runtime::{ctx, lend_heap};
use crate::vm::value::Ref;
use crate::vm::{Frame, RuntimeError, Vm, MAX_FRAMES, MAX_STACK_SLOTS};

/// Steps template code may take per entry at most (its budget is an int32 in the context
/// block); when it runs out short of the program's limit, the interpreter takes over at that
/// instruction and template code is entered again, with a new budget, at the next call or
/// back-edge.
const TEMPLATE_STEPS: u64 = 1 << 30;

/// The most stack slots an entry into template code makes room for beyond the entered
/// frame's base (1 MiB of values).
const TEMPLATE_STACK_GROWTH: usize = 1 << 16;

impl Vm {
    /// The addresses template code of `proto` is compiled against.
    pub(crate) fn template_env(&self, proto: u32) -> Env {
        let (globals, consts) = self.template_bases();
        Env::new(globals, consts, self.jit.as_deref(), proto)
    }

    /// The addresses of the globals and the constants, which template code reads directly.
    fn template_bases(&self) -> (u32, u32) {
        (self.globals.as_ptr() as usize as u32, self.consts.as_ptr() as usize as u32)
    }

    /// The interpreter is about to run `proto` from its entry: whether to enter template
    /// code instead (compiling it if it just became hot).
    #[inline]
    pub(crate) fn template_call(&mut self, program: &Program, proto: u32) -> bool {
        match self.tpl.as_deref() {
            None => return false,
            Some(t) if t.has_code(proto) => return true,
            Some(_) => {}
        }
        let env = self.template_env(proto);
        self.tpl.as_mut().is_some_and(|t| t.on_call(program, proto, &env))
    }

    /// The interpreter took the back-edge of loop `loop_id` of `proto`, to its header at
    /// `header` (and the trace tier did nothing with it): whether to continue in template
    /// code entered there. Under `template` every loop the interpreter runs gets such
    /// code; under `auto` a loop the trace tier gave up on.
    pub(crate) fn template_loop(&mut self, program: &Program, proto: u32, loop_id: u16, header: u32) -> bool {
        let Some(tpl) = self.tpl.as_deref() else { return false };
        if tpl.has_entry(proto, header) {
            return true;
        }
        let wanted = tpl.eager() || self.jit.as_ref().is_some_and(|j| j.blacklisted(proto, loop_id));
        if !wanted {
            return false;
        }
        let env = self.template_env(proto);
        self.tpl.as_mut().is_some_and(|t| t.compile_entry(program, proto, header, &env))
    }

    /// Run template code of the top frame (function `proto`) from pc `entry`; returns the
    /// stack pointer to continue with in the (new) top frame.
    pub(crate) fn enter_template(&mut self, program: &Program, proto: u32, entry: u32, out: &mut dyn fmt::Write) -> Result<usize, RuntimeError> {
        let Some(&top) = self.frames.last() else { return Ok(self.saved_sp) };
        let c = ctx();
        // An int32 budget (no heap number per read in V8's unoptimized tiers): past 2^30
        // steps template code hands over, and is entered again with a new budget.
        let steps = self.steps_left.min(TEMPLATE_STEPS);
        c.tpl_steps.set(steps as i32);
        c.tpl_iters.set(0);
        // The call-depth budget also keeps every frame template code makes inside the VM
        // stack, so calls need not check room: a callee's frame starts within its caller's
        // frame (at its callee slot) and is at most `max_frame` slots long, so depth `d`
        // ends within `(d + 1) * max_frame` slots of the entered frame's base. The stack
        // is grown for the full budget, by at most `TEMPLATE_STACK_GROWTH` slots (a
        // program with a huge function gets a smaller budget instead).
        let max_frame = self.tpl.as_deref_mut().map_or(1, |t| t.max_frame(program));
        let depth = (super::MAX_JS_DEPTH as usize).min((MAX_FRAMES + 1).saturating_sub(self.frames.len()));
        let want = top.base as usize + ((depth + 1) * max_frame).min(TEMPLATE_STACK_GROWTH);
        if want > self.stack.len() {
            self.grow_stack(want.min(MAX_STACK_SLOTS));
        }
        let room = (self.stack.len() - top.base as usize) / max_frame;
        // And the engine's own stack: the budget is counted in units of it, each frame
        // costing its estimate (`super::js_frame_units`: per slot and per bytecode byte)
        // and at least one, so that deep calls of a large function hand over before V8's
        // stack runs out (a `RangeError`, reported as a stack overflow the interpreter
        // would not have).
        c.tpl_cap.set(depth.min(room.saturating_sub(1)) as u32);
        let stack = self.stack.as_ptr() as usize;
        c.tpl_nframes.set(0);
        let base = stack + 16 * top.base as usize;
        let closure = top.closure.0;
        c.tpl_held.set(0);
        // Template code compiles the functions it calls (`runtime::compile_call`): the two
        // tiers' states are lent to it, and not touched here until it returns.
        let (globals, consts) = self.template_bases();
        let Some(tpl) = self.tpl.as_deref_mut().map(|t| t as *mut _) else { return Ok(self.saved_sp) };
        let compiler = runtime::Compiler { tpl, jit: self.jit.as_deref().map_or(std::ptr::null(), |j| j as *const _), globals, consts };
        let (code, printed) = runtime::lend(program, compiler, || {
            lend_heap(&mut self.heap, || {
                // A collection already wanted: hand over at the first call or back-edge.
                runtime::hold_steps();
                runtime::enter(proto, base, closure, entry)
            })
        });
        let _ = out.write_str(&printed);
        let consumed = steps - (i64::from(c.tpl_steps.get()) + i64::from(c.tpl_held.get())) as u64;
        let iterations = c.tpl_iters.get() as u64;
        self.steps_left -= consumed;
        self.stats.loop_iterations += iterations;
        self.stats.calls += consumed.saturating_sub(iterations);
        let n = c.tpl_nframes.get() as usize;
        if code == runtime::ENTER_FAILED {
            if let Some(t) = self.tpl.as_deref_mut() {
                t.stack_ran_out = true;
            }
        }
        if code != 1 || n == 0 || n > super::MAX_JS_DEPTH as usize + 1 {
            let pos = program.protos[proto as usize].pos_at(entry as usize);
            return Err(RuntimeError { pos, message: "stack overflow".into() });
        }
        let record = |i: usize| -> [u32; 5] { std::array::from_fn(|k| c.tpl_frames[5 * i + k].get()) };
        let outer = record(n - 1);
        if let Some(f) = self.frames.last_mut() {
            f.ip = outer[3];
        }
        let mut sp = top.base as usize + outer[4] as usize;
        for i in (0..n - 1).rev() {
            let [proto, closure, base, pc, height] = record(i);
            let base = (base as usize - stack) / 16;
            self.frames.push(Frame { proto, closure: Ref(closure), ip: pc, base: base as u32 });
            sp = base + height as usize;
        }
        Ok(sp)
    }
}

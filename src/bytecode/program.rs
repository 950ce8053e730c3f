//! Compiled code: function prototypes, the constant pool and line tables.
//!
//! A [`Program`] grows monotonically: the REPL compiles each entry into the same
//! program, so function indexes and constant indexes handed out earlier stay valid
//! while later entries add to them.

use std::collections::HashMap;
use std::rc::Rc;

use crate::syntax::Pos;

/// A constant-pool entry. Strings are materialised as heap strings by the VM.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Constant {
    Int(i64),
    Str(Rc<str>),
}

/// Where a closure's captured cell comes from when the closure is created.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Capture {
    /// Local `slot` of the creating frame (which holds a cell).
    Local(u16),
    /// Captured cell `idx` of the creating closure.
    Free(u16),
}

/// One compiled function (the top level of a program or REPL entry is one too).
#[derive(Clone, Debug, Default)]
pub struct Proto {
    /// The name it was bound to (`let f = fn...`), or `<main>` / `<anonymous>`.
    pub name: String,
    /// Parameter names, for the printed form `fn(a, b)`.
    pub params: Vec<String>,
    /// Locals including parameters (parameters are slots `0..params.len()`).
    pub num_locals: u16,
    /// Which locals are captured by inner closures (and so hold cells).
    pub captured: Vec<bool>,
    /// The maximum operand-stack depth above the locals.
    pub max_stack: u32,
    /// Number of loops (`Loop` instructions carry ids `0..num_loops`).
    pub num_loops: u16,
    pub code: Vec<u8>,
    /// `(pc, position)` pairs sorted by pc: instruction at `pc` and following, until the
    /// next entry, come from source position `position`.
    pub lines: Vec<(u32, Pos)>,
    /// What each created closure captures, in `GetFree` index order.
    pub captures: Vec<Capture>,
    /// Where the function literal starts.
    pub pos: Pos,
}

impl Proto {
    /// Number of parameters.
    pub fn arity(&self) -> usize {
        self.params.len()
    }

    /// The source position of the instruction at byte offset `pc`.
    pub fn pos_at(&self, pc: usize) -> Pos {
        let i = self.lines.partition_point(|(start, _)| *start as usize <= pc);
        if i == 0 {
            self.pos
        } else {
            self.lines[i - 1].1
        }
    }

    /// Frame size: locals plus the deepest operand stack.
    pub fn frame_size(&self) -> usize {
        self.num_locals as usize + self.max_stack as usize
    }
}

/// Everything compiled so far.
#[derive(Clone, Debug, Default)]
pub struct Program {
    pub protos: Vec<Proto>,
    /// The constant pool; [`Program::constant`] adds to it.
    pub constants: Vec<Constant>,
    /// Each constant's index in `constants`, kept with it so that a REPL entry's compile
    /// does not rebuild it (it did: an entry's compile took time in proportion to the
    /// constants of every entry before it).
    const_index: HashMap<Constant, u16>,
    /// The global variables defined so far.
    pub globals: Globals,
}

/// How far a [`Program`] had grown: what [`Program::rollback`] returns it to.
#[derive(Clone, Copy, Debug)]
pub struct Mark {
    protos: usize,
    constants: usize,
    globals: usize,
}

impl Program {
    /// The program's extent now, to return to if what comes next fails to compile.
    pub fn mark(&self) -> Mark {
        Mark { protos: self.protos.len(), constants: self.constants.len(), globals: self.globals.len() }
    }

    /// Forget the functions, constants and globals added since `mark`: a REPL entry that
    /// does not compile defines nothing (its globals stayed behind as `null`, found in review).
    pub fn rollback(&mut self, mark: Mark) {
        self.protos.truncate(mark.protos);
        for c in self.constants.drain(mark.constants..) {
            self.const_index.remove(&c);
        }
        self.globals.truncate(mark.globals);
    }

    /// The index of constant `c` in the pool, adding it if new; `None` when all 65536
    /// indexes are taken.
    pub fn constant(&mut self, c: Constant) -> Option<u16> {
        if let Some(&i) = self.const_index.get(&c) {
            return Some(i);
        }
        let i = u16::try_from(self.constants.len()).ok()?;
        self.constants.push(c.clone());
        self.const_index.insert(c, i);
        Some(i)
    }
}

/// Global variable names and their slots. They persist across REPL entries.
#[derive(Clone, Debug, Default)]
pub struct Globals {
    /// Names by slot.
    pub names: Vec<String>,
    by_name: HashMap<String, u16>,
}

impl Globals {
    /// The slot of global `name`, if defined.
    pub fn lookup(&self, name: &str) -> Option<u16> {
        self.by_name.get(name).copied()
    }

    /// The slot of global `name`, defining it if new; `None` when all 65536 slots are taken.
    pub fn define(&mut self, name: &str) -> Option<u16> {
        if let Some(slot) = self.lookup(name) {
            return Some(slot);
        }
        let slot = u16::try_from(self.names.len()).ok()?;
        self.names.push(name.to_string());
        self.by_name.insert(name.to_string(), slot);
        Some(slot)
    }

    /// Forget the globals from slot `len` on.
    fn truncate(&mut self, len: usize) {
        for name in self.names.drain(len.min(self.names.len())..) {
            self.by_name.remove(&name);
        }
    }

    /// Number of global slots.
    pub fn len(&self) -> usize {
        self.names.len()
    }

    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constants_are_shared_across_compiles_and_end_at_65536() {
        let mut program = Program::default();
        let entry = |p: &mut Program, src: &str| crate::compiler::compile(p, &crate::syntax::parse(src).expect("parses")).expect("compiles");
        entry(&mut program, r#"let a = 1000; let s = "x";"#);
        let before = program.constants.clone();
        // A later entry (as in the REPL) reuses the earlier entry's constants and appends its own.
        entry(&mut program, r#"let b = 1000 + 2000; let t = "x" + "y";"#);
        assert_eq!(program.constants[..before.len()], before[..]);
        assert_eq!(program.constants.len(), before.len() + 2);
        assert_eq!(program.constant(Constant::Int(2000)), Some(before.len() as u16));
        for n in 0..65536 {
            program.constant(Constant::Int(10_000 + n));
        }
        assert_eq!(program.constants.len(), 65536);
        assert_eq!(program.constant(Constant::Int(-1)), None);
        assert_eq!(program.constant(Constant::Str("y".into())), Some(before.len() as u16 + 1));
    }

    #[test]
    fn an_entry_that_does_not_compile_defines_nothing() {
        let mut program = Program::default();
        let parse = |src: &str| crate::syntax::parse(src).expect("parses");
        crate::compiler::compile(&mut program, &parse("let x = 5;")).expect("compiles");
        let before = (program.protos.len(), program.constants.clone(), program.globals.names.clone());
        let failed = crate::compiler::compile(&mut program, &parse(r#"let x = 7; let f = fn() { "s" + 123456 }; nope"#));
        assert!(failed.is_err());
        assert_eq!((program.protos.len(), program.constants.clone(), program.globals.names.clone()), before);
        assert_eq!(program.globals.lookup("f"), None);
        // The pool's index forgot the failed entry's constants too.
        assert_eq!(program.constant(Constant::Int(123456)), Some(before.1.len() as u16));
    }
}

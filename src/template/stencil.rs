//! The stencils: one JavaScript file per opcode in `stencils-js/` (plus variants),
//! embedded at build time and minified once (comment lines dropped, indentation and line
//! breaks removed) before the compiler patches and concatenates them.
//!
//! A hole is `$` followed by capitals, digits and `_` (`$X`, `$TARGET`, `$SPILL_X`); it may
//! stand alone or inside an identifier (`t$X` is the tag variable of slot `$X`). The
//! compiler replaces every hole with numbers, identifiers or code of its own
//! ([`super::compile`]); a hole it does not know is a compile error, never left in the
//! output.

use std::sync::OnceLock;

use crate::bytecode::Op;

macro_rules! stencils {
    ($($name:literal),* $(,)?) => {
        /// Every stencil file, by name (the file name without `.js`).
        pub const SOURCES: &[(&str, &str)] = &[
            $(($name, include_str!(concat!("../../stencils-js/", $name, ".js")))),*
        ];
    };
}

stencils![
    "Const", "ConstInt", "Null", "True", "False", "Pop", "Dup2", "Add", "Sub", "Mul", "Div", "Mod", "Eq", "NotEq", "Lt", "Gt",
    "LtEq", "GtEq", "Neg", "Not", "ToBool", "Jump", "JumpIfFalse", "Loop", "GetGlobal", "SetGlobal", "GetLocal", "SetLocal",
    "GetCell", "SetCell", "MakeCell", "GetFree", "SetFree", "GetBuiltin", "Closure", "Call", "Return", "CheckKey", "Array",
    "Hash", "Index", "SetIndex", "IterInit", "IterNext", "RangeCheck", "CallLen", "CallBuiltin", "GetGlobalReg",
    "SetGlobalReg", "AddInt", "SubInt", "LtInt", "GtInt", "LtEqInt", "GtEqInt", "EqInt", "NotEqInt", "JumpIfFalseBool",
];

/// Variants: stencils used instead of an opcode's own when they pay.
pub const VARIANTS: &[(&str, Op, &str)] = &[
    ("ConstInt", Op::Const, "an integer constant, known at compile time"),
    ("CallLen", Op::Call, "`len` of one argument, the callee pushed by `GetBuiltin` in the same block"),
    ("CallBuiltin", Op::Call, "any other call whose callee the same block pushed by `GetBuiltin`"),
    ("GetGlobalReg", Op::GetGlobal, "a global kept in JS variables, in a function that calls no Monkey code"),
    ("SetGlobalReg", Op::SetGlobal, "a global kept in JS variables, in a function that calls no Monkey code"),
    ("AddInt", Op::Add, "both operands known to be integers (`types`)"),
    ("SubInt", Op::Sub, "both operands known to be integers (`types`)"),
    ("LtInt", Op::Lt, "both operands known to be integers (`types`)"),
    ("GtInt", Op::Gt, "both operands known to be integers (`types`)"),
    ("LtEqInt", Op::LtEq, "both operands known to be integers (`types`)"),
    ("GtEqInt", Op::GtEq, "both operands known to be integers (`types`)"),
    ("EqInt", Op::Eq, "both operands known to be integers (`types`)"),
    ("NotEqInt", Op::NotEq, "both operands known to be integers (`types`)"),
    ("JumpIfFalseBool", Op::JumpIfFalse, "a condition known to be a boolean (`types`)"),
];

/// The minified body of stencil `name`.
pub fn body(name: &str) -> Option<&'static str> {
    static MINIFIED: OnceLock<Vec<(&'static str, String)>> = OnceLock::new();
    let all = MINIFIED.get_or_init(|| SOURCES.iter().map(|(n, src)| (*n, minify(src))).collect());
    all.iter().find(|(n, _)| *n == name).map(|(_, b)| b.as_str())
}

/// The stencil of `op` (its own file, named after the opcode).
pub fn for_op(op: Op) -> Option<&'static str> {
    body(op.name())
}

/// Drop comment lines, line breaks and every space that does not separate two words
/// (`else $JUMP`, `return 0`) or two signs (`- -x`). Stencils are written so that this is
/// safe: no statement relies on a line break, comments are whole lines, and there are
/// no string literals.
pub fn minify(source: &str) -> String {
    let word = |c: char| c.is_ascii_alphanumeric() || c == '$' || c == '_';
    let sign = |c: char| c == '+' || c == '-';
    let mut out = String::with_capacity(source.len());
    for line in source.lines().map(str::trim) {
        if line.is_empty() || line.starts_with("//") {
            continue;
        }
        let mut pending_space = !out.is_empty();
        for c in line.chars() {
            if c == ' ' {
                pending_space = true;
                continue;
            }
            if pending_space {
                if let Some(prev) = out.chars().last() {
                    if (word(prev) && word(c)) || (sign(prev) && sign(c)) {
                        out.push(' ');
                    }
                }
                pending_space = false;
            }
            out.push(c);
        }
    }
    out
}

/// Replace every hole of `text` with `fill(name)`; holes inside a fill are filled too.
/// Fails with the first hole `fill` does not know.
pub fn patch(text: &str, out: &mut String, fill: &mut dyn FnMut(&str, &mut String) -> bool) -> Result<(), String> {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let Some(offset) = text[i..].find('$') else {
            out.push_str(&text[i..]);
            break;
        };
        out.push_str(&text[i..i + offset]);
        let start = i + offset + 1;
        let end = start + bytes[start..].iter().take_while(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || **b == b'_').count();
        let name = &text[start..end];
        if name.is_empty() || !fill(name, out) {
            return Err(format!("unknown stencil hole `${name}`"));
        }
        i = end;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_opcode_has_a_stencil() {
        for &op in Op::ALL {
            assert!(for_op(op).is_some(), "no stencil for {}", op.name());
        }
    }

    #[test]
    fn every_stencil_file_is_embedded() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/stencils-js");
        let mut files: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .filter_map(|e| e.ok()?.file_name().into_string().ok())
            .filter_map(|f| f.strip_suffix(".js").map(String::from))
            .collect();
        files.sort();
        let mut embedded: Vec<String> = SOURCES.iter().map(|(n, _)| n.to_string()).collect();
        embedded.sort();
        assert_eq!(files, embedded);
        for (name, op, _) in VARIANTS {
            assert!(body(name).is_some() && for_op(*op).is_some());
        }
    }

    #[test]
    fn every_stencil_starts_with_a_header_comment() {
        for (name, src) in SOURCES {
            assert!(src.starts_with(&format!("// {name}:")) || src.starts_with(&format!("// {name} (variant")), "stencils-js/{name}.js must start with `// {name}: ...`");
        }
    }

    #[test]
    fn patch_fills_holes_inside_identifiers_and_rejects_unknown_ones() {
        let mut out = String::new();
        patch("t$X = a$Y + $ARG;", &mut out, &mut |h, o| {
            o.push_str(match h {
                "X" => "3",
                "Y" => "4",
                "ARG" => "7",
                _ => return false,
            });
            true
        })
        .unwrap();
        assert_eq!(out, "t3 = a4 + 7;");
        assert!(patch("$NOPE", &mut String::new(), &mut |_, _| false).is_err());
    }

    #[test]
    fn minify_keeps_keywords_apart() {
        assert_eq!(minify("// c\nif (x) {\n  y;\n} else\n  $JUMP\n"), "if(x){y;}else $JUMP");
        assert_eq!(minify("a = b - -c;\nreturn 0;"), "a=b- -c;return 0;");
    }
}

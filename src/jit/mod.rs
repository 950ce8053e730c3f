//! The JIT tiers. Today: the event vocabulary they report through.

pub mod event;

pub use event::Event;

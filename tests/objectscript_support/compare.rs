//! The hand-written ObjectScript reader against the grammar: where it reads
//! a unit at all, it gives exactly the grammar's `Script` (events with every
//! expression, range and statement; comments with their ranges and text).

use irislint::syntax::embedded::Embedded;
use irislint::syntax::objectscript::{read_fast, read_with_grammar};

/// `Ok(true)`: read by the fast reader, and the same; `Ok(false)`: declined.
pub fn check(code: &Embedded) -> Result<bool, String> {
    let Some(fast) = read_fast(code) else { return Ok(false) };
    let grammar = read_with_grammar(code);
    if fast == grammar {
        return Ok(true);
    }
    let mut why = format!("the readers differ on {:?}\n", code.text);
    let events = fast.events.iter().zip(&grammar.events).position(|(a, b)| a != b);
    match events {
        Some(i) => why += &format!("event {i}:\n fast:    {:?}\n grammar: {:?}\n", fast.events[i], grammar.events[i]),
        None if fast.events.len() != grammar.events.len() => {
            why += &format!("events:\n fast:    {:?}\n grammar: {:?}\n", fast.events, grammar.events)
        }
        None => why += &format!("comments:\n fast:    {:?}\n grammar: {:?}\n", fast.comments, grammar.comments),
    }
    Err(why)
}

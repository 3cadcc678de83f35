//! Fuzzes the mission-file parser and budget of `orrery budget`: any bytes must
//! give a budget or a typed error, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        if let Ok(m) = orrery_transfer::budget::parse(text, "<fuzz>") {
            let _ = orrery_transfer::budget::compute(&m, "<fuzz>");
        }
    }
});

//! The whole PDF path: any bytes named `x.pdf` → a document → its JSON (see `check`). A
//! panic, an abort (stack overflow, out of memory) or a hang here is a bug: hostile files
//! must come back as a document with `error` set.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| yusuan_fuzz::check(data, "x.pdf"));

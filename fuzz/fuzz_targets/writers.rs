//! Every writer's input: any bytes → a `DocumentOutput` (see `yusuan_fuzz::document`) →
//! JSON, NDJSON, -o DIR, CSV and SQLite. A panic here is a writer trusting something a
//! document's strings or indices can break (a row index past `rows`, a NUL, a newline in
//! a file name, a huge number).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| yusuan_fuzz::write_all(data));

//! Any bytes given to the loader give a map or an error, never a panic; a map that
//! loads is valid and round-trips through the canonical writer.
#![no_main]

use argmap_core::format::{load_bytes, to_bytes};
use argmap_core::FileLimits;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let limits = FileLimits::default();
    if let Ok(map) = load_bytes(data, &limits) {
        assert!(map.validate().is_empty());
        let written = to_bytes(&map);
        let again = load_bytes(&written, &limits).expect("what we write, we read");
        assert_eq!(again, map);
    }
});

//! Any bytes given to the outline reader give a map or an error, never a panic; a map
//! it reads is valid.
#![no_main]

use argmap_core::FileLimits;
use argmap_core::interchange::Format;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let limits = FileLimits::default();
    if let Ok(got) = Format::Outline.read(&String::from_utf8_lossy(data), "fuzz", &limits) {
        assert!(got.map.validate().is_empty());
    }
});

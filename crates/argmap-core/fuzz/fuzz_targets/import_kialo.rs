//! Any bytes given to the Kialo reader give a map or an error with a line and column,
//! never a panic; a map it reads is valid, and its Kialo writing reads back.
#![no_main]

use argmap_core::FileLimits;
use argmap_core::interchange::kialo;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let limits = FileLimits::default();
    if let Ok(got) = kialo::read(&String::from_utf8_lossy(data), &limits) {
        assert!(got.map.validate().is_empty());
        let again = kialo::read(&kialo::write(&got.map), &limits);
        assert!(again.is_ok(), "what Argmap writes, it reads: {:?}", again.err());
    }
});

//! Any bytes given to the argdown reader give a map or an error with a line and column,
//! never a panic; a map it reads is valid, and Argmap's own writing of it reads back.
#![no_main]

use argmap_core::FileLimits;
use argmap_core::interchange::argdown;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let limits = FileLimits::default();
    if let Ok(got) = argdown::read(&String::from_utf8_lossy(data), &limits) {
        assert!(got.map.validate().is_empty());
        let again = argdown::read(&argdown::write(&got.map), &limits);
        assert!(again.is_ok(), "what Argmap writes, it reads: {:?}", again.err());
    }
});

//! Fuzzes the catalog readers (TLE/3LE text, OMM XML, OMM JSON), strict and lenient:
//! any input must give a catalog or a typed error, never a panic. Also the coastline
//! reader of the ground-track map.
#![no_main]

use libfuzzer_sys::fuzz_target;
use orrery_sat::{Catalog, ReadOptions};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(c) = orrery_sat::coastline::Coastlines::parse(text, "fuzz") {
        let _ = c.is_land(0.0, 0.0);
    }
    for lenient in [false, true] {
        for verify_checksum in [true, false] {
            let opts = ReadOptions { lenient, verify_checksum };
            if let Ok(cat) = Catalog::parse(text, "fuzz", &opts) {
                // Selection and one propagation must not panic either.
                let _ = cat.find("ISS");
                if let Some(s) = cat.satellites.first() {
                    let _ = s.propagate_minutes(1440.0);
                }
            }
            let _ = orrery_sat::omm::parse_omm_xml(text, "fuzz", &opts);
            let _ = orrery_sat::omm::parse_omm_json(text, "fuzz", &opts);
        }
    }
});

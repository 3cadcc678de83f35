//! The native module `orrery._orrery` of the Python package `orrery`.
//!
//! Every function here parses Python arguments, calls one library function with the GIL
//! released, and returns numpy arrays or the library's output types as JSON text (the
//! bytes the CLI writes with `--format json`; the pure-Python layer in
//! `python/orrery/` turns it into `dict`s). No computation lives here.

mod common;
mod cr3bp;
mod ephem;
mod sat;
mod sky;
mod time;
mod transfer;
mod transit;

use pyo3::prelude::*;

#[pymodule]
fn _orrery(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add_class::<time::PyTime>()?;
    m.add_class::<ephem::PyEphemeris>()?;
    m.add_function(wrap_pyfunction!(ephem::gm, m)?)?;
    m.add_function(wrap_pyfunction!(ephem::radius, m)?)?;
    m.add_function(wrap_pyfunction!(ephem::body_id, m)?)?;
    m.add_class::<sat::PyCatalog>()?;
    m.add_class::<sat::PyScreenRequest>()?;
    m.add_class::<sat::PySatellite>()?;
    m.add_class::<sat::PyObserver>()?;
    m.add_function(wrap_pyfunction!(transfer::lambert, m)?)?;
    m.add_function(wrap_pyfunction!(transfer::porkchop, m)?)?;
    m.add_class::<transfer::PyPorkchop>()?;
    m.add_function(wrap_pyfunction!(transfer::windows_json, m)?)?;
    m.add_function(wrap_pyfunction!(transfer::budget_toml_json, m)?)?;
    m.add_function(wrap_pyfunction!(transfer::budget_json, m)?)?;
    m.add_function(wrap_pyfunction!(transfer::transfer_path_json, m)?)?;
    m.add_class::<cr3bp::PySystem>()?;
    m.add_class::<cr3bp::PyOrbit>()?;
    m.add_class::<cr3bp::PyFamily>()?;
    m.add_function(wrap_pyfunction!(cr3bp::orbit, m)?)?;
    m.add_function(wrap_pyfunction!(cr3bp::family, m)?)?;
    m.add_function(wrap_pyfunction!(sky::almanac_json, m)?)?;
    m.add_class::<transit::PyLightCurve>()?;
    m.add_class::<transit::PySearchResult>()?;
    m.add_function(wrap_pyfunction!(transit::search_file_json, m)?)?;
    m.add_function(wrap_pyfunction!(transit::finished_files, m)?)?;
    Ok(())
}

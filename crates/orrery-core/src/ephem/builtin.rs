//! Built-in analytic ephemeris (no file needed). See the module docs once written.

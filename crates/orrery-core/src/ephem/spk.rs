//! JPL SPK kernels (DAF, segment types 2 and 3).

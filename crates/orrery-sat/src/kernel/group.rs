//! Groups of four satellites of one class, and the two drivers that run a
//! group over a list of instants: AVX2 (four lanes per instruction) and
//! portable (one lane at a time, the same code on `f64`).

use super::constants::{Class, Constants};
use super::lanes::Real;
use super::propagate::{propagate, State};
use super::resonance::Integrator;

/// Up to four satellites of one class, their constants side by side. Unused
/// lanes repeat the last satellite and are never written out.
#[derive(Debug, Clone)]
pub(crate) struct Group {
    pub(crate) class: Class,
    /// Index of each lane's satellite in the fleet.
    pub(crate) sats: [u32; 4],
    /// Lanes in use (1-4).
    pub(crate) len: u8,
    pub(crate) k: Constants<[f64; 4]>,
}

/// Where a driver writes each lane's state at instant `j` (an index into the
/// instants it was given).
pub(crate) trait Sink {
    /// Lane `lane` of the group, instant `j`: position (km), velocity (km/s,
    /// zero when not computed), python-sgp4 error code.
    fn put(&mut self, lane: usize, j: usize, r: [f64; 3], v: [f64; 3], code: u8);
}

/// Whether this CPU runs the AVX2 kernel (x86-64 with AVX2 and FMA).
pub(crate) fn avx2_available() -> bool {
    #[cfg(target_arch = "x86_64")]
    {
        std::arch::is_x86_feature_detected!("avx2") && std::arch::is_x86_feature_detected!("fma")
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        false
    }
}

/// Propagates `g` to the instants `tai` (TAI seconds past J1900, plus the parts
/// `tai_lo` below their rounding when given) into `sink`, with AVX2 when `simd`
/// is set and the CPU has it. Minutes since epoch are formed as
/// `((t − epoch) + (t_lo − epoch_lo)) / 60`: exact to ~1 ns, as python-sgp4's
/// `(jd − jd₀) + (fr − fr₀)`.
pub(crate) fn run<S: Sink, const VEL: bool>(
    g: &Group,
    afspc: bool,
    simd: bool,
    tai: &[f64],
    tai_lo: Option<&[f64]>,
    sink: &mut S,
) {
    #[cfg(target_arch = "x86_64")]
    if simd && avx2_available() {
        // SAFETY: AVX2 and FMA were detected at run time just above, the only
        // requirement of a `#[target_feature]` function.
        unsafe { run_avx2::<S, VEL>(g, afspc, tai, tai_lo, sink) };
        return;
    }
    let _ = simd;
    run_portable::<S, VEL>(g, afspc, tai, tai_lo, sink);
}

/// `tai_lo[j]`, or 0 without it.
#[inline(always)]
fn lo_at(tai_lo: Option<&[f64]>, j: usize) -> f64 {
    tai_lo.map_or(0.0, |lo| lo[j])
}

/// One lane at a time on `f64`: CPUs without AVX2, and tests of this path.
fn run_portable<S: Sink, const VEL: bool>(
    g: &Group,
    afspc: bool,
    tai: &[f64],
    tai_lo: Option<&[f64]>,
    sink: &mut S,
) {
    for lane in 0..usize::from(g.len) {
        let k = g.k.map(&|a: [f64; 4]| a[lane]);
        let mut integrator = Integrator::new(&k.common, &k.resonance, g.class);
        let (epoch, epoch_lo) = (k.common.epoch_tai_s, k.common.epoch_tai_lo_s);
        for (j, &t) in tai.iter().enumerate() {
            let minutes = ((t - epoch) + (lo_at(tai_lo, j) - epoch_lo)) / 60.0;
            let s: State<f64> = propagate::<f64, VEL>(&k, g.class, afspc, minutes, &mut integrator);
            sink.put(lane, j, s.r, s.v, s.code as u8);
        }
    }
}

/// Four lanes per AVX2 instruction.
///
/// # Safety
/// The CPU must have AVX2 and FMA.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
unsafe fn run_avx2<S: Sink, const VEL: bool>(
    g: &Group,
    afspc: bool,
    tai: &[f64],
    tai_lo: Option<&[f64]>,
    sink: &mut S,
) {
    use super::avx2::Avx2;
    let k = g.k.map(&Avx2::from_array);
    let mut integrator = Integrator::new(&k.common, &k.resonance, g.class);
    let (epoch, epoch_lo) = (k.common.epoch_tai_s, k.common.epoch_tai_lo_s);
    let sixty = Avx2::splat(60.0);
    let len = usize::from(g.len);
    for (j, &t) in tai.iter().enumerate() {
        let minutes =
            ((Avx2::splat(t) - epoch) + (Avx2::splat(lo_at(tai_lo, j)) - epoch_lo)) / sixty;
        let s = propagate::<Avx2, VEL>(&k, g.class, afspc, minutes, &mut integrator);
        let [x, y, z] = s.r.map(Avx2::to_array);
        let [vx, vy, vz] = s.v.map(Avx2::to_array);
        let code = s.code.to_array();
        for lane in 0..len {
            sink.put(
                lane,
                j,
                [x[lane], y[lane], z[lane]],
                [vx[lane], vy[lane], vz[lane]],
                code[lane] as u8,
            );
        }
    }
}

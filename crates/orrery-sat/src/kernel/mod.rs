//! A structure-of-arrays SGP4/SDP4 kernel: four satellites per AVX2
//! instruction (`f64` lanes), chosen at run time, with a portable path for
//! other CPUs built from the same source.
//!
//! The physics is Vallado et al. (2006, AIAA 2006-6753), the code python-sgp4
//! wraps, in python-sgp4's default mode ([`Mode::Improved`], WGS-72) or the
//! AFSPC one. Satellites are sorted into groups of four of one class (near
//! Earth, deep space, 24-hour and 12-hour resonant), so lanes never diverge:
//! per-satellite branches are masks, loops with per-satellite trip counts
//! (Kepler's equation, the resonance integrator) run until every lane is
//! done. The resonance integrator's state is kept per lane from one instant
//! to the next.
//!
//! Each state comes with python-sgp4's error code ([`Sgp4Code`]): codes 1-4
//! give NaN states, code 6 (decayed) keeps the state, exactly as
//! `SatrecArray.sgp4` does. Agreement with python-sgp4 2.27 and with the
//! `sgp4` crate: see `tests/kernel.rs` and `docs/conjunctions.md`.
//!
//! ```
//! use orrery_sat::kernel::{Fleet, Output};
//! use orrery_sat::{Catalog, Satellite};
//! let cat = Catalog::bundled();
//! let sats: Vec<&Satellite> = cat.satellites.iter().collect();
//! let fleet = Fleet::new(&sats)?;
//! // Every satellite every minute for an hour after the first epoch (TAI seconds).
//! let t0 = sats[0].epoch.to_tai_seconds();
//! let tai: Vec<f64> = (0..60).map(|k| t0 + 60.0 * k as f64).collect();
//! let states = fleet.propagate(&tai, Output::PositionVelocity)?;
//! let r = states.position(0, 59).unwrap(); // TEME, km
//! assert!((6500.0..8000.0).contains(&(r[0] * r[0] + r[1] * r[1] + r[2] * r[2]).sqrt()));
//! # Ok::<(), orrery_sat::SatError>(())
//! ```

#![deny(clippy::undocumented_unsafe_blocks)]

#[cfg(target_arch = "x86_64")]
pub(crate) mod avx2;
pub(crate) mod constants;
pub(crate) mod group;
pub(crate) mod lanes;
pub(crate) mod lunar_solar;
pub(crate) mod math;
pub(crate) mod propagate;
pub(crate) mod resonance;

use crate::error::{Result, SatError};
use crate::satellite::{Mode, Satellite, Teme};
use constants::{Class, Constants};
use group::{Group, Sink};
use hifitime::Epoch;
use nalgebra::Vector3;
use rayon::prelude::*;
use resonance::Integrator;

/// The longest interval between an instant and an element epoch the kernel
/// accepts, minutes (100 Julian years). SGP4 means nothing after weeks; the
/// limit keeps the resonance integrator (720-minute steps) from running for
/// hours on a mistyped date.
pub const MAX_MINUTES_FROM_EPOCH: f64 = 100.0 * 365.25 * 1440.0;

/// python-sgp4's error codes (`Satrec.error`, Vallado's `satrec.error`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum Sgp4Code {
    /// No error.
    Ok = 0,
    /// Mean eccentricity outside [−0.001, 1).
    MeanEccentricity = 1,
    /// Mean motion not positive.
    MeanMotion = 2,
    /// Eccentricity with lunar-solar terms outside [0, 1].
    PerturbedEccentricity = 3,
    /// Semi-latus rectum negative.
    SemiLatusRectum = 4,
    /// Radius below one Earth radius (the state is still computed).
    Decayed = 6,
}

impl Sgp4Code {
    /// The code of a number python-sgp4 would report (None for 5 and above 6).
    pub fn from_u8(code: u8) -> Option<Self> {
        Some(match code {
            0 => Sgp4Code::Ok,
            1 => Sgp4Code::MeanEccentricity,
            2 => Sgp4Code::MeanMotion,
            3 => Sgp4Code::PerturbedEccentricity,
            4 => Sgp4Code::SemiLatusRectum,
            6 => Sgp4Code::Decayed,
            _ => return None,
        })
    }

    /// What the code means, for messages.
    pub fn describe(self) -> &'static str {
        match self {
            Sgp4Code::Ok => "no error",
            Sgp4Code::MeanEccentricity => "mean eccentricity outside [-0.001, 1) (error 1)",
            Sgp4Code::MeanMotion => "mean motion not positive (error 2)",
            Sgp4Code::PerturbedEccentricity => {
                "eccentricity with lunar-solar terms outside [0, 1] (error 3)"
            }
            Sgp4Code::SemiLatusRectum => "semi-latus rectum negative (error 4)",
            Sgp4Code::Decayed => "decayed: radius below the Earth's surface (error 6)",
        }
    }
}

/// Whether to compute velocities.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Output {
    /// Positions and velocities.
    #[default]
    PositionVelocity,
    /// Positions only (the velocity arrays are left empty), about a tenth faster.
    Position,
}

/// Which instructions the kernel may use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Simd {
    /// AVX2 when the CPU has it (checked at run time), else portable.
    #[default]
    Auto,
    /// The portable path everywhere (what CPUs without AVX2 run).
    Portable,
}

/// States of every satellite at every instant, TEME, satellite-major: index
/// `i * n_times + j` is satellite `i` at instant `j`.
#[derive(Debug, Clone, Default)]
pub struct States {
    /// Number of satellites.
    pub n_sats: usize,
    /// Number of instants.
    pub n_times: usize,
    /// Position x, y, z, km (NaN where the code is 1-4).
    pub x: Vec<f64>,
    /// See `x`.
    pub y: Vec<f64>,
    /// See `x`.
    pub z: Vec<f64>,
    /// Velocity, km/s (empty for [`Output::Position`]).
    pub vx: Vec<f64>,
    /// See `vx`.
    pub vy: Vec<f64>,
    /// See `vx`.
    pub vz: Vec<f64>,
    /// python-sgp4's error code of each state ([`Sgp4Code`] as `u8`).
    pub codes: Vec<u8>,
}

impl States {
    fn index(&self, i: usize, j: usize) -> Option<usize> {
        (i < self.n_sats && j < self.n_times).then_some(i * self.n_times + j)
    }

    /// Position of satellite `i` at instant `j`, km.
    pub fn position(&self, i: usize, j: usize) -> Option<[f64; 3]> {
        let k = self.index(i, j)?;
        Some([self.x[k], self.y[k], self.z[k]])
    }

    /// Velocity of satellite `i` at instant `j`, km/s (None without velocities).
    pub fn velocity(&self, i: usize, j: usize) -> Option<[f64; 3]> {
        let k = self.index(i, j)?;
        Some([*self.vx.get(k)?, *self.vy.get(k)?, *self.vz.get(k)?])
    }

    /// Error code of satellite `i` at instant `j`.
    pub fn code(&self, i: usize, j: usize) -> Option<Sgp4Code> {
        Sgp4Code::from_u8(*self.codes.get(self.index(i, j)?)?)
    }
}

/// Many satellites prepared for the kernel.
#[derive(Debug, Clone)]
pub struct Fleet {
    groups: Vec<Group>,
    /// For each satellite: its group and lane.
    slots: Vec<(u32, u8)>,
    /// Per satellite: NORAD id and name, for messages.
    ids: Vec<(u64, String)>,
    epochs_tai_s: Vec<f64>,
    afspc: bool,
    simd: Simd,
}

/// Instants per parallel work item when there are too few groups to keep
/// every thread busy (≈ 0.1 ms of work).
const TIME_BLOCK: usize = 1024;

impl Fleet {
    /// Prepares `sats` in python-sgp4's default mode ([`Mode::Improved`]).
    pub fn new(sats: &[&Satellite]) -> Result<Fleet> {
        Fleet::with_mode(sats, Mode::Improved)
    }

    /// Prepares `sats` in `mode` (in parallel).
    pub fn with_mode(sats: &[&Satellite], mode: Mode) -> Result<Fleet> {
        let inits: Vec<(Class, Constants<f64>)> = sats
            .par_iter()
            .map(|s| init(s, mode))
            .collect::<Result<_>>()?;
        let mut order: Vec<usize> = (0..sats.len()).collect();
        order.sort_by_key(|&i| inits[i].0);
        let mut groups = Vec::with_capacity(sats.len() / 4 + 4);
        let mut slots = vec![(0u32, 0u8); sats.len()];
        for class_run in order.chunk_by(|&a, &b| inits[a].0 == inits[b].0) {
            for chunk in class_run.chunks(4) {
                let pick = |l: usize| chunk[l.min(chunk.len() - 1)];
                let k = Constants::gather([0, 1, 2, 3].map(|l| &inits[pick(l)].1));
                for (l, &i) in chunk.iter().enumerate() {
                    slots[i] = (groups.len() as u32, l as u8);
                }
                groups.push(Group {
                    class: inits[chunk[0]].0,
                    sats: [0, 1, 2, 3].map(|l| pick(l) as u32),
                    len: chunk.len() as u8,
                    k,
                });
            }
        }
        Ok(Fleet {
            groups,
            slots,
            ids: sats.iter().map(|s| (s.norad_id(), s.name())).collect(),
            epochs_tai_s: sats.iter().map(|s| s.epoch.to_tai_seconds()).collect(),
            afspc: mode == Mode::Afspc,
            simd: Simd::Auto,
        })
    }

    /// The same fleet restricted to the instructions `simd` allows.
    pub fn with_simd(mut self, simd: Simd) -> Fleet {
        self.simd = simd;
        self
    }

    /// Number of satellites.
    pub fn len(&self) -> usize {
        self.slots.len()
    }

    /// Whether the fleet is empty.
    pub fn is_empty(&self) -> bool {
        self.slots.is_empty()
    }

    /// Whether propagation runs the AVX2 kernel on this CPU.
    pub fn uses_avx2(&self) -> bool {
        self.simd == Simd::Auto && group::avx2_available()
    }

    /// Element epochs, TAI seconds past J1900, in satellite order.
    pub fn epochs_tai_s(&self) -> &[f64] {
        &self.epochs_tai_s
    }

    /// A one-satellite propagator for satellite `i` (same constants, same code).
    pub fn propagator(&self, i: usize) -> Option<Propagator> {
        let &(g, lane) = self.slots.get(i)?;
        let g = &self.groups[g as usize];
        let (norad_id, name) = self.ids[i].clone();
        Some(Propagator {
            class: g.class,
            k: g.k.map(&|a: [f64; 4]| a[usize::from(lane)]),
            afspc: self.afspc,
            norad_id,
            name,
        })
    }

    /// Checks that every instant is finite and within
    /// [`MAX_MINUTES_FROM_EPOCH`] of every element epoch.
    pub fn check_instants(&self, tai_seconds: &[f64]) -> Result<()> {
        if let Some(k) = tai_seconds.iter().position(|t| !t.is_finite()) {
            return Err(SatError::InvalidArgument {
                what: "instant".into(),
                reason: format!("instant {k} is not a finite time"),
            });
        }
        let (Some(tmin), Some(tmax)) = (
            tai_seconds.iter().copied().reduce(f64::min),
            tai_seconds.iter().copied().reduce(f64::max),
        ) else {
            return Ok(());
        };
        for (i, &e) in self.epochs_tai_s.iter().enumerate() {
            let worst = (tmax - e).abs().max((tmin - e).abs()) / 60.0;
            if worst > MAX_MINUTES_FROM_EPOCH {
                let (id, name) = &self.ids[i];
                return Err(SatError::InvalidArgument {
                    what: "instant".into(),
                    reason: format!(
                        "an instant is {:.0} years from the element epoch of {id} ({name}); SGP4 is limited to {} years",
                        worst / 525_960.0,
                        MAX_MINUTES_FROM_EPOCH / 525_960.0
                    ),
                });
            }
        }
        Ok(())
    }

    /// Every satellite at every instant (TAI seconds past J1900), in
    /// parallel: over groups of four satellites, or over blocks of instants
    /// when there are fewer groups than threads can share.
    pub fn propagate(&self, tai_seconds: &[f64], output: Output) -> Result<States> {
        self.propagate_split(tai_seconds, None, output)
    }

    /// [`Self::propagate`] at instants given in two parts, `tai_seconds` and
    /// `tai_lo` (as [`orrery_core::time::tai_seconds_split`] makes them), so
    /// that the minutes since each epoch are exact to ~1 ns rather than to the
    /// ~0.5 µs of one `f64` (4 µm at 8 km/s): python-sgp4's precision on
    /// `(jd, fr)` pairs.
    ///
    /// # Panics
    /// If `tai_lo` is given with another length than `tai_seconds`.
    pub fn propagate_split(
        &self,
        tai_seconds: &[f64],
        tai_lo: Option<&[f64]>,
        output: Output,
    ) -> Result<States> {
        if let Some(lo) = tai_lo {
            assert_eq!(lo.len(), tai_seconds.len(), "tai_lo must match tai_seconds");
        }
        self.check_instants(tai_seconds)?;
        let (n, m) = (self.len(), tai_seconds.len());
        let vel = output == Output::PositionVelocity;
        let nv = if vel { n * m } else { 0 };
        let mut s = States {
            n_sats: n,
            n_times: m,
            x: vec![0.0; n * m],
            y: vec![0.0; n * m],
            z: vec![0.0; n * m],
            vx: vec![0.0; nv],
            vy: vec![0.0; nv],
            vz: vec![0.0; nv],
            codes: vec![0; n * m],
        };
        if m == 0 || n == 0 {
            return Ok(s);
        }
        let mut rows: Vec<Option<Rows<'_>>> = Rows::split_states(&mut s, m)
            .into_iter()
            .map(Some)
            .collect();
        let mut work: Vec<(usize, [Option<Rows<'_>>; 4])> = self
            .groups
            .iter()
            .enumerate()
            .map(|(gi, g)| {
                let mut take = |l: usize| {
                    (l < usize::from(g.len))
                        .then(|| rows[g.sats[l] as usize].take())
                        .flatten()
                };
                (gi, [take(0), take(1), take(2), take(3)])
            })
            .collect();
        let threads = rayon::current_num_threads();
        let block = if self.groups.len() >= 4 * threads {
            m
        } else {
            TIME_BLOCK
        };
        // Split every group's rows into blocks of instants.
        let mut items = Vec::new();
        for (gi, group_rows) in work.drain(..) {
            let mut blocks: Vec<[Option<Rows<'_>>; 4]> = Vec::new();
            for (l, r) in group_rows.into_iter().enumerate() {
                let Some(r) = r else { continue };
                for (b, piece) in r.into_blocks(block).into_iter().enumerate() {
                    if blocks.len() <= b {
                        blocks.push([None, None, None, None]);
                    }
                    blocks[b][l] = Some(piece);
                }
            }
            for (b, rows) in blocks.into_iter().enumerate() {
                items.push((gi, b * block, rows));
            }
        }
        let (afspc, simd) = (self.afspc, self.simd == Simd::Auto);
        items.into_par_iter().for_each(|(gi, j0, rows)| {
            let g = &self.groups[gi];
            let len = rows.iter().flatten().map(|r| r.x.len()).next().unwrap_or(0);
            let tai = &tai_seconds[j0..j0 + len];
            let lo = tai_lo.map(|lo| &lo[j0..j0 + len]);
            let mut sink = RowSink { rows };
            if vel {
                group::run::<_, true>(g, afspc, simd, tai, lo, &mut sink);
            } else {
                group::run::<_, false>(g, afspc, simd, tai, lo, &mut sink);
            }
        });
        Ok(s)
    }
}

impl Fleet {
    /// Every satellite at every instant like [`Fleet::propagate`], but time-major
    /// ([`Frames`]: all satellites at one instant side by side), for callers that
    /// read every satellite at one instant (the conjunction sieve). In parallel over
    /// blocks of instants; each block runs every group (same kernel, same values).
    pub fn propagate_frames(&self, tai_seconds: &[f64], output: Output) -> Result<Frames> {
        self.check_instants(tai_seconds)?;
        let (n, m) = (self.len(), tai_seconds.len());
        let vel = output == Output::PositionVelocity;
        let nv = if vel { n * m } else { 0 };
        let mut f = Frames {
            n_sats: n,
            n_times: m,
            x: vec![0.0; n * m],
            y: vec![0.0; n * m],
            z: vec![0.0; n * m],
            vx: vec![0.0; nv],
            vy: vec![0.0; nv],
            vz: vec![0.0; nv],
            codes: vec![0; n * m],
        };
        if m == 0 || n == 0 {
            return Ok(f);
        }
        let threads = rayon::current_num_threads().max(1);
        // A few blocks per thread so that both cores stay busy to the end.
        let block = m.div_ceil(4 * threads).max(1);
        let cells = block * n;
        let vchunk = if vel { cells } else { usize::MAX };
        let mut vx: Vec<&mut [f64]> = f.vx.chunks_mut(vchunk).collect();
        let mut vy: Vec<&mut [f64]> = f.vy.chunks_mut(vchunk).collect();
        let mut vz: Vec<&mut [f64]> = f.vz.chunks_mut(vchunk).collect();
        let mut items = Vec::new();
        for (b, (((x, y), z), codes)) in
            f.x.chunks_mut(cells)
                .zip(f.y.chunks_mut(cells))
                .zip(f.z.chunks_mut(cells))
                .zip(f.codes.chunks_mut(cells))
                .enumerate()
        {
            fn take<'a>(v: &mut [&'a mut [f64]], b: usize) -> &'a mut [f64] {
                v.get_mut(b).map(std::mem::take).unwrap_or_default()
            }
            let (bx, by, bz) = (take(&mut vx, b), take(&mut vy, b), take(&mut vz, b));
            items.push((
                b * block,
                FrameSink {
                    n,
                    sat: [0; 4],
                    x,
                    y,
                    z,
                    vx: bx,
                    vy: by,
                    vz: bz,
                    codes,
                },
            ));
        }
        let afspc = self.afspc;
        let simd = self.simd == Simd::Auto;
        items.into_par_iter().for_each(|(j0, mut sink)| {
            let len = sink.codes.len() / n;
            let tai = &tai_seconds[j0..j0 + len];
            for g in &self.groups {
                sink.sat = g.sats;
                if vel {
                    group::run::<_, true>(g, afspc, simd, tai, None, &mut sink);
                } else {
                    group::run::<_, false>(g, afspc, simd, tai, None, &mut sink);
                }
            }
        });
        Ok(f)
    }
}

/// States of every satellite at every instant, TEME, time-major: index
/// `j * n_sats + i` is satellite `i` at instant `j` (see [`States`] for the
/// satellite-major layout and the meaning of each field).
#[derive(Debug, Clone, Default)]
pub struct Frames {
    /// Number of satellites.
    pub n_sats: usize,
    /// Number of instants.
    pub n_times: usize,
    /// Position x, y, z, km (NaN where the code is 1-4).
    pub x: Vec<f64>,
    /// See `x`.
    pub y: Vec<f64>,
    /// See `x`.
    pub z: Vec<f64>,
    /// Velocity, km/s (empty for [`Output::Position`]).
    pub vx: Vec<f64>,
    /// See `vx`.
    pub vy: Vec<f64>,
    /// See `vx`.
    pub vz: Vec<f64>,
    /// python-sgp4's error code of each state ([`Sgp4Code`] as `u8`).
    pub codes: Vec<u8>,
}

/// A block of instants of [`Frames`], written by one group after another.
struct FrameSink<'a> {
    n: usize,
    /// The current group's satellites, by lane.
    sat: [u32; 4],
    x: &'a mut [f64],
    y: &'a mut [f64],
    z: &'a mut [f64],
    vx: &'a mut [f64],
    vy: &'a mut [f64],
    vz: &'a mut [f64],
    codes: &'a mut [u8],
}

impl Sink for FrameSink<'_> {
    #[inline(always)]
    fn put(&mut self, lane: usize, j: usize, r: [f64; 3], v: [f64; 3], code: u8) {
        let k = j * self.n + self.sat[lane] as usize;
        self.x[k] = r[0];
        self.y[k] = r[1];
        self.z[k] = r[2];
        if !self.vx.is_empty() {
            self.vx[k] = v[0];
            self.vy[k] = v[1];
            self.vz[k] = v[2];
        }
        self.codes[k] = code;
    }
}

fn init(s: &Satellite, mode: Mode) -> Result<(Class, Constants<f64>)> {
    constants::init(
        &s.elements,
        orrery_core::time::tai_seconds_split(s.epoch),
        mode,
    )
    .map_err(|e| SatError::Elements {
        norad_id: s.norad_id(),
        name: s.name(),
        reason: e.to_string(),
    })
}

/// One satellite's output rows (or a block of them).
struct Rows<'a> {
    x: &'a mut [f64],
    y: &'a mut [f64],
    z: &'a mut [f64],
    vx: &'a mut [f64],
    vy: &'a mut [f64],
    vz: &'a mut [f64],
    codes: &'a mut [u8],
}

impl<'a> Rows<'a> {
    /// Every satellite's rows of `s` (`m` instants each).
    fn split_states(s: &'a mut States, m: usize) -> Vec<Rows<'a>> {
        let n = s.n_sats;
        let vel = !s.vx.is_empty();
        let mut vx = s.vx.chunks_mut(m);
        let mut vy = s.vy.chunks_mut(m);
        let mut vz = s.vz.chunks_mut(m);
        let mut out = Vec::with_capacity(n);
        for ((((x, y), z), codes), _) in
            s.x.chunks_mut(m)
                .zip(s.y.chunks_mut(m))
                .zip(s.z.chunks_mut(m))
                .zip(s.codes.chunks_mut(m))
                .zip(0..n)
        {
            let (vx, vy, vz): (&mut [f64], &mut [f64], &mut [f64]) = if vel {
                (
                    vx.next().unwrap_or_default(),
                    vy.next().unwrap_or_default(),
                    vz.next().unwrap_or_default(),
                )
            } else {
                (&mut [], &mut [], &mut [])
            };
            out.push(Rows {
                x,
                y,
                z,
                vx,
                vy,
                vz,
                codes,
            });
        }
        out
    }

    /// Consecutive blocks of `len` instants (the last may be shorter).
    fn into_blocks(self, len: usize) -> Vec<Rows<'a>> {
        if len >= self.x.len() {
            return vec![self];
        }
        let vel = !self.vx.is_empty();
        let mut vx = self.vx.chunks_mut(len);
        let mut vy = self.vy.chunks_mut(len);
        let mut vz = self.vz.chunks_mut(len);
        self.x
            .chunks_mut(len)
            .zip(self.y.chunks_mut(len))
            .zip(self.z.chunks_mut(len))
            .zip(self.codes.chunks_mut(len))
            .map(|(((x, y), z), codes)| {
                let (vx, vy, vz): (&mut [f64], &mut [f64], &mut [f64]) = if vel {
                    (
                        vx.next().unwrap_or_default(),
                        vy.next().unwrap_or_default(),
                        vz.next().unwrap_or_default(),
                    )
                } else {
                    (&mut [], &mut [], &mut [])
                };
                Rows {
                    x,
                    y,
                    z,
                    vx,
                    vy,
                    vz,
                    codes,
                }
            })
            .collect()
    }
}

struct RowSink<'a> {
    rows: [Option<Rows<'a>>; 4],
}

impl Sink for RowSink<'_> {
    #[inline(always)]
    fn put(&mut self, lane: usize, j: usize, r: [f64; 3], v: [f64; 3], code: u8) {
        if let Some(row) = &mut self.rows[lane] {
            row.x[j] = r[0];
            row.y[j] = r[1];
            row.z[j] = r[2];
            if !row.vx.is_empty() {
                row.vx[j] = v[0];
                row.vy[j] = v[1];
                row.vz[j] = v[2];
            }
            row.codes[j] = code;
        }
    }
}

/// States of one satellite at several times since its epoch: see
/// [`Propagator::states_minutes`].
#[derive(Debug, Clone, Default)]
pub struct MinuteStates {
    /// TEME positions, km (NaN where the code is 1-4).
    pub positions: Vec<[f64; 3]>,
    /// TEME velocities, km/s.
    pub velocities: Vec<[f64; 3]>,
    /// python-sgp4's error code of each state.
    pub codes: Vec<Sgp4Code>,
}

/// One satellite on the kernel's code, one instant at a time (the portable
/// path on a single lane): for callers with irregular instants (pass search,
/// the time of closest approach).
#[derive(Debug, Clone)]
pub struct Propagator {
    class: Class,
    k: Constants<f64>,
    afspc: bool,
    norad_id: u64,
    name: String,
}

impl Propagator {
    /// Prepares `sat` in python-sgp4's default mode.
    pub fn new(sat: &Satellite) -> Result<Propagator> {
        Propagator::with_mode(sat, Mode::Improved)
    }

    /// Prepares `sat` in `mode`.
    pub fn with_mode(sat: &Satellite, mode: Mode) -> Result<Propagator> {
        let (class, k) = init(sat, mode)?;
        Ok(Propagator {
            class,
            k,
            afspc: mode == Mode::Afspc,
            norad_id: sat.norad_id(),
            name: sat.name(),
        })
    }

    /// Element epoch, TAI seconds past J1900.
    pub fn epoch_tai_s(&self) -> f64 {
        self.k.common.epoch_tai_s
    }

    /// NORAD catalog number.
    pub fn norad_id(&self) -> u64 {
        self.norad_id
    }

    /// Minutes from the element epoch to `t` (TAI interval, exact to the nanosecond).
    pub fn minutes_since_epoch(&self, t: Epoch) -> f64 {
        let (hi, lo) = orrery_core::time::tai_seconds_split(t);
        ((hi - self.k.common.epoch_tai_s) + (lo - self.k.common.epoch_tai_lo_s)) / 60.0
    }

    /// Position (km), velocity (km/s) in TEME and python-sgp4's code,
    /// `minutes` after the epoch; codes 1-4 come with NaN states.
    pub fn state_minutes(&self, minutes: f64) -> ([f64; 3], [f64; 3], Sgp4Code) {
        let mut integrator = Integrator::new(&self.k.common, &self.k.resonance, self.class);
        let s = propagate::propagate::<f64, true>(
            &self.k,
            self.class,
            self.afspc,
            minutes,
            &mut integrator,
        );
        (
            s.r,
            s.v,
            Sgp4Code::from_u8(s.code as u8).unwrap_or(Sgp4Code::MeanMotion),
        )
    }

    /// [`Self::state_minutes`] at each of `minutes` (python-sgp4's `sgp4_tsince` over an
    /// array): positions (km), velocities (km/s) and codes, one per time.
    pub fn states_minutes(&self, minutes: &[f64]) -> MinuteStates {
        let mut out = MinuteStates {
            positions: Vec::with_capacity(minutes.len()),
            velocities: Vec::with_capacity(minutes.len()),
            codes: Vec::with_capacity(minutes.len()),
        };
        for &t in minutes {
            let (r, v, code) = self.state_minutes(t);
            out.positions.push(r);
            out.velocities.push(v);
            out.codes.push(code);
        }
        out
    }

    /// The TEME state `minutes` after the epoch, or the error (code 1-4, or
    /// decay, or a time that is not finite or beyond [`MAX_MINUTES_FROM_EPOCH`]).
    pub fn propagate_minutes(&self, minutes: f64) -> Result<Teme> {
        if minutes.is_nan() || minutes.abs() > MAX_MINUTES_FROM_EPOCH {
            return Err(self.error(
                minutes,
                "time is not finite or more than 100 years from the epoch".into(),
            ));
        }
        let (r, v, code) = self.state_minutes(minutes);
        if code != Sgp4Code::Ok {
            return Err(self.error(minutes, code.describe().into()));
        }
        Ok(Teme {
            position: Vector3::from(r),
            velocity: Vector3::from(v),
        })
    }

    /// The TEME state at `t`.
    pub fn propagate(&self, t: Epoch) -> Result<Teme> {
        self.propagate_minutes(self.minutes_since_epoch(t))
    }

    fn error(&self, minutes: f64, reason: String) -> SatError {
        SatError::Propagation {
            norad_id: self.norad_id,
            name: self.name.clone(),
            minutes,
            reason,
        }
    }
}

//! JPL SPK kernels (DAF files, segment types 2 and 3), e.g. `de421.bsp`, `de440.bsp`.
//!
//! ```no_run
//! use orrery_core::{ephem::spk::SpkFile, Body, Ephemeris, Epoch};
//! let de = SpkFile::open("de440.bsp")?;
//! let t = Epoch::from_gregorian_tai_at_midnight(2020, 7, 30);
//! let mars = de.state_icrf(Body::MARS, Body::EARTH, t)?; // km, km/s, ICRF
//! # Ok::<(), orrery_core::EphemError>(())
//! ```
//!
//! * **Time argument**: segments are evaluated at TDB seconds past J2000
//!   (SPICE "ET"), taken from the [`Epoch`] with hifitime's TDB model
//!   ([`Epoch::to_tdb_seconds`]). An epoch given in TDB reaches the kernel
//!   unchanged; one given in UTC/TT goes through hifitime's TDB−TT series
//!   (a few µs from SPICE's, i.e. < 0.1 m for any planet). The batch methods take
//!   TDB seconds directly.
//! * **Chaining**: each body is followed through the centres of the segments
//!   covering the instant until target and centre meet at a common ancestor
//!   (usually the SSB), e.g. Mars wrt Earth = (499→4→0) − (399→3→0). Where
//!   several segments cover a body at an instant, the one later in the file wins
//!   (the SPICE rule).
//! * **Planets as barycentres**: DE kernels carry the outer planets only as system
//!   barycentres (5..9), not 599..999. When a planet (`x99`) is absent from the
//!   kernel but its barycentre is present, the barycentre is used
//!   ([`SpkFile::resolve`] says so; `orrery bodies` shows it). The offset is
//!   below ~300 km for Jupiter and Saturn and a few km to tens of km for the others.
//!   Earth (399) and Moon (301) are never replaced by the EMB.
//! * **Frames**: segments in frame 1 (J2000, treated as ICRF) and 17
//!   (ECLIPJ2000) are read; other frames are refused as unsupported.
//! * **Byte order**: `LTL-IEEE` files are read in place (memory-mapped);
//!   `BIG-IEEE` files are read into memory and their segment data byte-swapped.

mod daf;
mod segment;

pub use daf::Endian;
pub use segment::SegmentType;

use super::{Coverage, EphemError, Ephemeris};
use crate::bodies::Body;
use crate::state::State;
use crate::time::format_epoch;
use hifitime::{Epoch, TimeScale};
use nalgebra::Vector3;
use segment::Segment;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Longest chain of segments followed from a body to its root (DE kernels need 2).
const MAX_CHAIN: usize = 12;

/// NAIF frame ids this reader accepts.
const FRAME_J2000: i32 = 1;
const FRAME_ECLIPJ2000: i32 = 17;

enum Bytes {
    Mapped(memmap2::Mmap),
    Owned(Vec<u8>),
}

impl std::ops::Deref for Bytes {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        match self {
            Bytes::Mapped(m) => m,
            Bytes::Owned(v) => v,
        }
    }
}

/// Public description of one segment of a kernel.
#[derive(Debug, Clone, PartialEq)]
pub struct SegmentInfo {
    /// Target body.
    pub target: Body,
    /// Centre body.
    pub center: Body,
    /// NAIF frame id (1 = J2000/ICRF).
    pub frame: i32,
    /// SPK data type (2, 3, or another type this reader cannot evaluate).
    pub data_type: i32,
    /// First instant covered (TDB).
    pub start: Epoch,
    /// Last instant covered (TDB).
    pub end: Epoch,
    /// Segment name.
    pub name: String,
}

/// An open JPL SPK kernel. Thread-safe; evaluation allocates nothing.
pub struct SpkFile {
    path: PathBuf,
    internal_name: String,
    data: Bytes,
    endian: Endian,
    segments: Vec<Segment>,
    /// Segments this reader cannot evaluate (other types or frames), for listing.
    unsupported: Vec<SegmentInfo>,
    /// Indices into `segments` by target id, in file order.
    by_target: BTreeMap<i32, Vec<usize>>,
}

impl std::fmt::Debug for SpkFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SpkFile")
            .field("path", &self.path)
            .field("endian", &self.endian)
            .field("segments", &self.segments.len())
            .finish()
    }
}

fn tdb(t: f64) -> Epoch {
    Epoch::from_tdb_seconds(t)
}

impl SpkFile {
    /// Opens a kernel (memory-mapped) and checks its directory.
    ///
    /// Errors: [`EphemError::Io`] when the file cannot be read,
    /// [`EphemError::Corrupt`] when it is not a valid DAF/SPK file or any
    /// segment points outside it.
    pub fn open(path: impl AsRef<Path>) -> Result<SpkFile, EphemError> {
        let path = path.as_ref().to_path_buf();
        let io = |source| EphemError::Io {
            path: path.clone(),
            source,
        };
        let file = std::fs::File::open(&path).map_err(io)?;
        let meta = file.metadata().map_err(io)?;
        if meta.is_dir() {
            return Err(io(std::io::Error::other("is a directory")));
        }
        let data = if meta.len() == 0 {
            Bytes::Owned(Vec::new())
        } else {
            // SAFETY: the map is read-only and private to this process. If another
            // process truncates the file while it is open, reads may fault (SIGBUS);
            // kernels are not modified in place in practice, and every offset we read
            // is checked against the length seen here.
            let map = unsafe { memmap2::Mmap::map(&file) }.map_err(io)?;
            Bytes::Mapped(map)
        };
        Self::build(path, data)
    }

    /// Reads a kernel held in memory (tests, fuzzing, embedded kernels).
    /// `name` stands for the path in messages.
    pub fn from_bytes(bytes: Vec<u8>, name: impl Into<PathBuf>) -> Result<SpkFile, EphemError> {
        Self::build(name.into(), Bytes::Owned(bytes))
    }

    fn build(path: PathBuf, data: Bytes) -> Result<SpkFile, EphemError> {
        let corrupt = |reason: String| EphemError::Corrupt {
            path: path.clone(),
            reason,
        };
        let daf = daf::Daf::parse(&data).map_err(corrupt)?;
        if daf.id_word != "DAF/SPK" {
            return Err(corrupt(format!(
                "a {} file, not an SPK kernel (DAF/SPK)",
                daf.id_word
            )));
        }
        if (daf.nd, daf.ni) != (2, 6) {
            return Err(corrupt(format!(
                "SPK summaries must have ND=2 NI=6, found ND={} NI={}",
                daf.nd, daf.ni
            )));
        }
        let mut segments = Vec::new();
        let mut unsupported = Vec::new();
        for s in daf.summaries {
            let info = |s: &daf::Summary| SegmentInfo {
                target: Body(s.ints[0]),
                center: Body(s.ints[1]),
                frame: s.ints[2],
                data_type: s.ints[3],
                start: tdb(s.doubles[0]),
                end: tdb(s.doubles[1]),
                name: s.name.clone(),
            };
            match Segment::new(&data, daf.endian, &s.doubles, &s.ints, s.name.clone())
                .map_err(corrupt)?
            {
                Some(seg) if matches!(seg.frame, FRAME_J2000 | FRAME_ECLIPJ2000) => {
                    segments.push(seg)
                }
                _ => unsupported.push(info(&s)),
            }
        }
        let data = match (daf.endian, data) {
            (Endian::Little, d) => d,
            (Endian::Big, d) => Bytes::Owned(swap_segments(&d, &segments)),
        };
        let mut by_target: BTreeMap<i32, Vec<usize>> = BTreeMap::new();
        for (i, s) in segments.iter().enumerate() {
            by_target.entry(s.target).or_default().push(i);
        }
        Ok(SpkFile {
            path,
            internal_name: daf.internal_name,
            data,
            endian: daf.endian,
            segments,
            unsupported,
            by_target,
        })
    }

    /// The file's path (or the name given to [`SpkFile::from_bytes`]).
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The internal file name from the DAF file record (e.g. `NIO2SPK`).
    pub fn internal_name(&self) -> &str {
        &self.internal_name
    }

    /// Byte order the file was written in.
    pub fn endian(&self) -> Endian {
        self.endian
    }

    /// Every segment, in file order: those evaluated, then those this reader
    /// cannot evaluate (other SPK types or frames).
    pub fn segments(&self) -> Vec<SegmentInfo> {
        self.segments
            .iter()
            .map(|s| SegmentInfo {
                target: Body(s.target),
                center: Body(s.center),
                frame: s.frame,
                data_type: match s.kind {
                    SegmentType::Chebyshev2 => 2,
                    SegmentType::Chebyshev3 => 3,
                },
                start: tdb(s.start),
                end: tdb(s.end),
                name: s.name.clone(),
            })
            .chain(self.unsupported.iter().cloned())
            .collect()
    }

    fn knows(&self, id: i32) -> bool {
        self.by_target.contains_key(&id) || self.segments.iter().any(|s| s.center == id)
    }

    /// The body this kernel evaluates when asked for `body`: itself when the
    /// kernel carries it, or a planet's system barycentre when only that is
    /// present (`599` → `5` in DE kernels). Earth and Moon are never replaced.
    pub fn resolve(&self, body: Body) -> Result<Body, EphemError> {
        if self.knows(body.0) {
            return Ok(body);
        }
        if body != Body::EARTH && body != Body::MOON {
            if let Some(b) = body.barycenter().filter(|b| self.knows(b.0)) {
                return Ok(b);
            }
        }
        if let Some(u) = self.unsupported.iter().find(|u| u.target == body) {
            return Err(EphemError::Corrupt {
                path: self.path.clone(),
                reason: format!(
                    "{body} is only in a segment of SPK type {} / frame {}, which Orrery does not read (types 2 and 3, frames J2000 and ECLIPJ2000)",
                    u.data_type, u.frame
                ),
            });
        }
        Err(EphemError::NotInSource {
            body,
            source_name: self.source_name(),
        })
    }

    /// The segment giving `body` at `t`, or `None` when `body` is a root (no segment has it as target).
    #[inline]
    fn segment_at(&self, body: i32, t: f64) -> Result<Option<&Segment>, EphemError> {
        let Some(list) = self.by_target.get(&body) else {
            return Ok(None);
        };
        for &i in list.iter().rev() {
            if let Some(s) = self.segments.get(i).filter(|s| s.covers(t)) {
                return Ok(Some(s));
            }
        }
        Err(self.out_of_range(body, t))
    }

    fn out_of_range(&self, body: i32, t: f64) -> EphemError {
        let span = self
            .by_target
            .get(&body)
            .into_iter()
            .flatten()
            .filter_map(|&i| self.segments.get(i))
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), s| {
                (a.min(s.start), b.max(s.end))
            });
        EphemError::OutOfRange {
            body: Body(body),
            source_name: self.source_name(),
            epoch: if t.abs() <= segment::MAX_SECONDS {
                format_epoch(tdb(t), TimeScale::TDB)
            } else {
                format!("{t} s TDB")
            },
            start: format_epoch(tdb(span.0), TimeScale::TDB),
            end: format_epoch(tdb(span.1), TimeScale::TDB),
        }
    }

    /// One segment evaluated and rotated to ICRF.
    #[inline]
    fn eval(&self, seg: &Segment, t: f64) -> Result<[f64; 6], EphemError> {
        let (p, v) = seg
            .evaluate(&self.data, t)
            .ok_or_else(|| self.out_of_range(seg.target, t))?;
        Ok(if seg.frame == FRAME_ECLIPJ2000 {
            let m = crate::frames::icrf_to_ecliptic_j2000().transpose();
            let p = m * Vector3::from(p);
            let v = m * Vector3::from(v);
            [p.x, p.y, p.z, v.x, v.y, v.z]
        } else {
            [p[0], p[1], p[2], v[0], v[1], v[2]]
        })
    }

    /// Walks from `body` towards its root through the segments covering `t`:
    /// `bodies[0] = body`, `segs[i]` gives `bodies[i]` relative to `bodies[i + 1]`.
    /// Returns the number of bodies (the last is the root).
    #[inline]
    fn chain<'a>(
        &'a self,
        body: i32,
        t: f64,
        bodies: &mut [i32; MAX_CHAIN],
        segs: &mut [Option<&'a Segment>; MAX_CHAIN],
    ) -> Result<usize, EphemError> {
        bodies[0] = body;
        let mut len = 1;
        let mut b = body;
        while let Some(seg) = self.segment_at(b, t)? {
            if len == MAX_CHAIN {
                return Err(EphemError::Corrupt {
                    path: self.path.clone(),
                    reason: format!(
                        "segment centres from {body} form a chain longer than {MAX_CHAIN} (a loop?)"
                    ),
                });
            }
            segs[len - 1] = Some(seg);
            b = seg.center;
            bodies[len] = b;
            len += 1;
        }
        Ok(len)
    }

    /// Sum of the first `n` segments of a chain at `t` (state of its first body
    /// relative to its `n`-th ancestor), summed from the body upwards.
    #[inline]
    fn chain_sum(&self, segs: &[Option<&Segment>], t: f64) -> Result<[f64; 6], EphemError> {
        let mut acc = [0.0; 6];
        for seg in segs.iter().flatten() {
            let s = self.eval(seg, t)?;
            for (a, v) in acc.iter_mut().zip(s) {
                *a += v;
            }
        }
        Ok(acc)
    }

    /// State of `target` relative to `center` at `t` TDB seconds past J2000,
    /// ICRF, km and km/s, with both bodies already [resolved](Self::resolve).
    /// Only the segments below the common ancestor are evaluated.
    #[inline]
    fn state_raw(&self, target: i32, center: i32, t: f64) -> Result<State, EphemError> {
        if !t.is_finite() {
            return Err(self.out_of_range(target, t));
        }
        let (mut bt, mut bc) = ([0; MAX_CHAIN], [0; MAX_CHAIN]);
        let (mut st, mut sc) = ([None; MAX_CHAIN], [None; MAX_CHAIN]);
        let nt = self.chain(target, t, &mut bt, &mut st)?;
        let nc = self.chain(center, t, &mut bc, &mut sc)?;
        for (i, a) in bt[..nt].iter().enumerate() {
            if let Some(j) = bc[..nc].iter().position(|c| c == a) {
                let p = self.chain_sum(&st[..i], t)?;
                let q = self.chain_sum(&sc[..j], t)?;
                return Ok(State::new(
                    [p[0] - q[0], p[1] - q[1], p[2] - q[2]],
                    [p[3] - q[3], p[4] - q[4], p[5] - q[5]],
                ));
            }
        }
        Err(EphemError::Corrupt {
            path: self.path.clone(),
            reason: format!(
                "no chain of segments joins {} and {} (roots {} and {})",
                Body(target),
                Body(center),
                Body(bt[nt - 1]),
                Body(bc[nc - 1])
            ),
        })
    }

    /// State of `target` relative to `center` at `t` TDB seconds past J2000
    /// (SPICE ET), ICRF axes, km and km/s.
    pub fn state_icrf_tdb(&self, target: Body, center: Body, t: f64) -> Result<State, EphemError> {
        let (tg, ce) = (self.resolve(target)?, self.resolve(center)?);
        self.state_raw(tg.0, ce.0, t)
    }

    /// Batch evaluation: `out[i]` = state of `target` wrt `center` at `tdb_seconds[i]`
    /// (TDB seconds past J2000), ICRF, km and km/s. Allocation-free; stops at the
    /// first instant that cannot be evaluated. `out` must be as long as `tdb_seconds`.
    pub fn states_icrf_batch(
        &self,
        target: Body,
        center: Body,
        tdb_seconds: &[f64],
        out: &mut [State],
    ) -> Result<(), EphemError> {
        if out.len() != tdb_seconds.len() {
            return Err(EphemError::Corrupt {
                path: self.path.clone(),
                reason: format!(
                    "batch output has {} slots for {} instants",
                    out.len(),
                    tdb_seconds.len()
                ),
            });
        }
        let (tg, ce) = (self.resolve(target)?, self.resolve(center)?);
        for (o, &t) in out.iter_mut().zip(tdb_seconds) {
            *o = self.state_raw(tg.0, ce.0, t)?;
        }
        Ok(())
    }
}

/// Copy of a big-endian file with every segment's doubles byte-swapped to little-endian.
fn swap_segments(data: &[u8], segments: &[Segment]) -> Vec<u8> {
    let mut v = data.to_vec();
    for s in segments {
        let (lo, hi) = s.byte_range();
        if let Some(words) = v.get_mut(lo..hi) {
            for w in words.chunks_exact_mut(8) {
                w.reverse();
            }
        }
    }
    v
}

impl Ephemeris for SpkFile {
    fn source_name(&self) -> String {
        self.path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| self.path.display().to_string())
    }

    fn state_icrf(&self, target: Body, center: Body, epoch: Epoch) -> Result<State, EphemError> {
        self.state_icrf_tdb(target, center, epoch.to_tdb_seconds())
    }

    fn coverage(&self) -> Vec<Coverage> {
        self.segments
            .iter()
            .map(|s| Coverage {
                body: Body(s.target),
                center: Body(s.center),
                start: tdb(s.start),
                end: tdb(s.end),
            })
            .collect()
    }
}

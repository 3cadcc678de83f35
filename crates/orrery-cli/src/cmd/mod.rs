//! One module per subcommand.

pub mod bodies;
pub mod budget;
pub mod conjunctions;
pub mod cr3bp;
pub mod ephem;
pub mod lambert;
pub mod passes;
pub mod porkchop;
pub mod propagate;
pub mod satcommon;
pub mod serve;
pub mod sky;
pub mod time;
pub mod tle;
pub mod tour;
pub mod track;
pub mod transit;
pub mod visibility;
pub mod windows;

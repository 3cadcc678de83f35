//! One module per subcommand.

pub mod bodies;
pub mod budget;
pub mod ephem;
pub mod lambert;
pub mod porkchop;
pub mod source;
pub mod passes;
pub mod propagate;
pub mod satcommon;
pub mod time;
pub mod track;
pub mod windows;
pub mod transit;
pub mod cr3bp;
pub mod time;
pub mod visibility;

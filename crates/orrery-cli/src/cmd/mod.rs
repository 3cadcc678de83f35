//! One module per subcommand.

pub mod budget;
pub mod ephem_source;
pub mod lambert;
pub mod porkchop;
pub mod time;
pub mod windows;

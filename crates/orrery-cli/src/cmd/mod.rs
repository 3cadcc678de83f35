//! One module per subcommand.

pub mod cr3bp;
pub mod time;
pub mod visibility;

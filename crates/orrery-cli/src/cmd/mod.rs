//! One module per subcommand.

pub mod passes;
pub mod propagate;
pub mod satcommon;
pub mod time;
pub mod tle;
pub mod track;

//! One module per subcommand.

pub mod bodies;
pub mod ephem;
pub mod source;
pub mod passes;
pub mod propagate;
pub mod satcommon;
pub mod time;
pub mod track;

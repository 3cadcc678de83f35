//! One module per subcommand.

pub mod bodies;
pub mod ephem;
pub mod source;
pub mod time;

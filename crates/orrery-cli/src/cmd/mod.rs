//! One module per subcommand.

pub mod time;
pub mod transit;

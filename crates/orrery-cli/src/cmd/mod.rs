//! One module per subcommand.

pub mod time;

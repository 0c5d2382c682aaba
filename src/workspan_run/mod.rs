//! `conpar workspan`: a fork-join program's work and span measured on one
//! worker, its speedup predicted from them at each core count, and measured.

pub mod findings;
pub mod predict;

#[cfg(test)]
mod tests;

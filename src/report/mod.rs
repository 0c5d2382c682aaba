//! Rendering results for people and for programs: each document kind's
//! tables (through `crate::table`), charts (`crate::chart`), CSV and the
//! HTML page. Every function here is a pure function of result documents
//! (`crate::results`): nothing is
//! measured, run or written to disk from this module.

pub mod calibrate;
pub mod fit;
pub mod html;
pub mod io;
pub mod markdown;
pub mod model;
pub mod probe;
pub mod run;
pub mod scale;
pub mod tour;
pub mod workspan;

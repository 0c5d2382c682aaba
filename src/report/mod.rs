//! Rendering results for people and for programs: terminal text, Gantt charts
//! CSV and HTML. Every function here is a pure function of result documents
//! (`crate::results`): nothing is
//! measured, run or written to disk from this module.

pub mod calibrate;
pub mod csv;
pub mod fit;
pub mod gantt;
pub mod html;
pub mod io;
pub mod markdown;
pub mod model;
pub mod paint;
pub mod probe;
pub mod run;
pub mod scale;
pub mod svg;
pub mod table;
pub mod text;
pub mod tour;
pub mod workspan;
pub mod wrap;

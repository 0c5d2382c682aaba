//! Rendering results for people and for programs: terminal text, Gantt charts
//! and JSON. Every function here is a pure function of results: nothing is
//! measured, run or written to disk from this module.

pub mod gantt;
pub mod html;
pub mod io;
pub mod json;
pub mod run;
pub mod scale;
pub mod svg;
pub mod text;
pub mod tour;

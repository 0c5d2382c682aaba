//! Tests of work and span.

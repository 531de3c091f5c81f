//! kubo (being written).

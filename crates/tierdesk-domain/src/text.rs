//! Text normalisation shared by forms, imports and duplicate matching.

// Compiled once so that every module can reuse its precompiled header.

package io.datafs.fs;

/** statfs: sizes in blocks of {@code blockSize}; a read-only version has nothing free. */
public record FsStats(long blockSize, long blocks, long blocksFree, long files, long filesFree, long nameMax) {}

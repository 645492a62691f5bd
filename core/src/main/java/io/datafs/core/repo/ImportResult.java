package io.datafs.core.repo;

import io.datafs.core.version.Version;

/** A new version and what it cost the store: chunks and stored bytes (after dedup and compression) added. */
public record ImportResult(Version version, long chunksAdded, long storedBytesAdded) {}

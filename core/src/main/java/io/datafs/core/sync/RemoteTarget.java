package io.datafs.core.sync;

import io.datafs.core.remote.Remote;
import io.datafs.core.remote.RemoteRef;

/** A remote a commit publishes to, opened by the caller, and how the local index names it. */
public record RemoteTarget(Remote remote, RemoteRef ref) {}

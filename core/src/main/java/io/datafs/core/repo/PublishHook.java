package io.datafs.core.repo;

import io.datafs.core.kv.KvBatch;
import io.datafs.core.version.Version;

/**
 * Lets the maker of a version write its own rows atomically with the version's publication, e.g. a writable mount
 * moving its overlay onto the new version: after a crash either both happened or neither did.
 */
public interface PublishHook {
  PublishHook NONE = new PublishHook() {
    @Override public void prepare(Version v, KvBatch batch) {}

    @Override public void finished(Version v, boolean published) {}
  };

  /** Called with the sealed version just before its batch is written; rows put in {@code batch} go with it. */
  void prepare(Version v, KvBatch batch);

  /** Called after {@link #prepare} once the batch is written ({@code published}) or has failed. Always called. */
  void finished(Version v, boolean published);
}

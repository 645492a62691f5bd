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

  /**
   * Called once after {@link #prepare}, whether it returned or threw: with {@code published} when the batch is
   * written, else false. Always called, so what prepare took (a lock) is given back even when prepare fails halfway.
   */
  void finished(Version v, boolean published);

  /**
   * {@code first} then {@code second}: when {@code first} refuses (throws from prepare), {@code second} is never asked
   * and only {@code first} is told it finished; when {@code second} refuses, both are told the version was not
   * published.
   */
  static PublishHook chain(PublishHook first, PublishHook second) {
    return new PublishHook() {
      private boolean secondAsked;

      @Override
      public void prepare(Version v, KvBatch batch) {
        first.prepare(v, batch);
        secondAsked = true;
        second.prepare(v, batch);
      }

      @Override
      public void finished(Version v, boolean published) {
        try {
          if (secondAsked) second.finished(v, published);
        } finally {
          first.finished(v, published);
        }
      }
    };
  }
}

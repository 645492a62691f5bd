package io.datafs.core.ingest;

import io.datafs.core.error.DatafsException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** Waiting on ingest work, with its failure rethrown as the datafs error it was. */
public final class Futures {
  private Futures() {}

  public static <T> T join(CompletableFuture<T> f, String doing) {
    try {
      return f.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof DatafsException d) throw d;
      if (e.getCause() instanceof Error err) throw err;
      throw new DatafsException(doing + " failed: " + e.getCause(), e.getCause());
    }
  }
}

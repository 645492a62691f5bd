package io.datafs.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;

/** A command run in the daemon: {@link #call} gets its session from the factory that made it. */
public abstract class DatafsSubcommand implements Callable<Integer> {
  @Mixin protected StoreOptions store;

  protected Session session;

  void attach(Session session) {
    this.session = session;
  }

  public StoreOptions storeOptions() {
    return store;
  }

  @Override
  public final Integer call() throws Exception {
    if (session == null) throw new IllegalStateException(getClass().getSimpleName() + " runs in the daemon");
    if (store.offline()) session.goOffline();
    return run();
  }

  protected abstract int run() throws Exception;
}

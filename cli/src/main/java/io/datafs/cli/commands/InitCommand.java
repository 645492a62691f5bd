package io.datafs.cli.commands;

import io.datafs.cli.StoreOptions;
import io.datafs.core.chunk.ChunkerParams;
import io.datafs.core.repo.Repository;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "init", description = "Create the local store (optional: the first command that needs one creates it).")
public final class InitCommand implements Callable<Integer> {
  @Mixin StoreOptions store;

  @Override
  public Integer call() {
    try (Repository repo = store.open()) {
      ChunkerParams c = repo.settings().chunker();
      System.out.printf("store at %s (format %d, chunks %d/%d/%d KiB)%n", repo.layout().home(),
          repo.settings().format(), c.min() >> 10, c.avg() >> 10, c.max() >> 10);
    }
    return 0;
  }
}

package io.datafs.cli.commands;

import io.datafs.cli.StoreOptions;
import io.datafs.core.repo.Repository;
import io.datafs.core.version.Version;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "export", description = "Write a version out as a plain folder (which must not exist or be empty).")
public final class ExportCommand implements Callable<Integer> {
  @Mixin StoreOptions store;
  @Parameters(index = "0", paramLabel = "DATASET@VERSION") String address;
  @Parameters(index = "1", paramLabel = "FOLDER") Path folder;

  @Override
  public Integer call() {
    try (Repository repo = store.open()) {
      Version v = repo.resolve(address);
      repo.export(v, folder);
      System.out.println("exported " + v.label() + " to " + folder);
    }
    return 0;
  }
}

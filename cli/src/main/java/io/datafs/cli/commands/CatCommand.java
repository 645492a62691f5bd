package io.datafs.cli.commands;

import io.datafs.cli.StoreOptions;
import io.datafs.core.repo.Repository;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "cat", description = "Write a file of a version to stdout (verified chunk by chunk).")
public final class CatCommand implements Callable<Integer> {
  @Mixin StoreOptions store;
  @Parameters(index = "0", paramLabel = "DATASET@VERSION") String address;
  @Parameters(index = "1", paramLabel = "PATH") String path;

  @Override
  public Integer call() throws IOException {
    try (Repository repo = store.open()) {
      OutputStream out = new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 20);
      repo.cat(repo.resolve(address), path, out);
      out.flush();
    }
    return 0;
  }
}

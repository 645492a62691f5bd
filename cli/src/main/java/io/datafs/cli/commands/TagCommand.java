package io.datafs.cli.commands;

import io.datafs.cli.StoreOptions;
import io.datafs.core.repo.Repository;
import io.datafs.core.version.TagName;
import io.datafs.core.version.Version;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "tag", description = "Give a version a name: DATASET@TAG then addresses it. Tags never move.")
public final class TagCommand implements Callable<Integer> {
  @Mixin StoreOptions store;
  @Parameters(index = "0", paramLabel = "DATASET@VERSION") String address;
  @Parameters(index = "1", paramLabel = "TAG") String tag;

  @Override
  public Integer call() {
    TagName name = new TagName(tag);
    try (Repository repo = store.open()) {
      Version v = repo.resolve(address);
      repo.tag(v, name);
      System.out.println("tagged " + v.label() + " as " + v.record().dataset() + "@" + name);
    }
    return 0;
  }
}

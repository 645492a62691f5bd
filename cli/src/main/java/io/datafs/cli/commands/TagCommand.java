package io.datafs.cli.commands;

import io.datafs.cli.DatafsSubcommand;
import io.datafs.core.error.InvalidInputException;
import io.datafs.core.repo.Repository;
import io.datafs.core.version.Semver;
import io.datafs.core.version.TagName;
import io.datafs.core.version.Version;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "tag", description = "Give a version a name: DATASET@TAG then addresses it. Tags never move.")
public final class TagCommand extends DatafsSubcommand {
  @Parameters(index = "0", paramLabel = "DATASET@VERSION") String address;
  @Parameters(index = "1", paramLabel = "TAG") String tag;

  @Override
  protected int run() {
    TagName name = new TagName(tag);
    if (Semver.parseOrNull(tag) != null) { // they rise with the version numbers, so only a new version gets one
      throw new InvalidInputException("tag '" + tag + "' is a semantic version: a version gets one when it is made"
          + " (--semver or --bump of import, commit and compose)");
    }
    {
      Repository repo = session.repo();
      Version v = repo.resolve(address);
      repo.tag(v, name);
      session.out().println("tagged " + v.label() + " as " + v.record().dataset() + "@" + name);
    }
    return 0;
  }
}

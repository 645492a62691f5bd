package io.datafs.cli.commands;

import io.datafs.cli.LocalCommand;
import io.datafs.cli.StoreOptions;
import io.datafs.cli.doctor.Doctor;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "doctor", description = {"Check what datafs needs, one line each with how to fix what fails: Java,",
    "/dev/fuse, libfuse 2, fusermount, the store's ownership and free space, the daemon socket's owner and mode, the",
    "chunk cache's bound against the free disk, each configured remote (one cheap request with this environment's",
    "credentials), stale mounts. Runs without the daemon. Exit 0 only when everything needed works."})
public final class DoctorCommand implements LocalCommand {
  @Mixin StoreOptions store;

  @Override
  public int runHere(PrintStream out, Map<String, String> env, Path cwd) {
    return Doctor.run(store.home(), env, out);
  }
}

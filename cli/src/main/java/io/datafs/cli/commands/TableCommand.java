package io.datafs.cli.commands;

import io.datafs.cli.DatafsSubcommand;
import io.datafs.cli.output.TableWriter;
import io.datafs.core.error.DatafsException;
import io.datafs.core.error.StoreIoException;
import io.datafs.core.repo.Repository;
import io.datafs.core.version.Version;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "table", description = {
    "The file table of a version (audb's dependency table): a row per regular file, in path order, streamed.",
    "Columns: path, size, sha256, mode, mtime, changedIn (the version that last changed it), addedIn (the first",
    "version of the run of versions up to this one in which the path is a file), annotationSha256 (of the",
    "x.json beside a data file x.<ext>; empty for an annotation itself). CSV (RFC 4180, with a header), one JSON",
    "array (a row per line), or JSON lines. Reads metadata only: a version pulled without content has a table."})
public final class TableCommand extends DatafsSubcommand {
  @Parameters(index = "0", paramLabel = "DATASET@VERSION") String address;
  @Option(names = "--format", paramLabel = "csv|json|jsonl", description = "Default: csv.")
  TableWriter.Kind format = TableWriter.Kind.csv;
  @Option(names = {"-o", "--output"}, paramLabel = "FILE",
      description = "Write the table to FILE (whole or not at all: written beside it, then renamed) instead of stdout.")
  Path output;

  @Override
  protected int run() throws IOException {
    Repository repo = session.repo();
    Version v = repo.resolve(address);
    if (output == null) {
      write(repo, v, new BufferedWriter(new OutputStreamWriter(session.rawOut(), StandardCharsets.UTF_8), 1 << 16));
      return 0;
    }
    Path target = session.path(output);
    if (Files.isDirectory(target)) {
      throw new DatafsException("cannot write the table to " + target + ": it is a directory");
    }
    Path dir = target.getParent();
    if (dir == null || !Files.isDirectory(dir)) {
      throw new DatafsException("cannot write the table to " + target + ": no directory " + dir);
    }
    // rw-r--r--, as a file a shell redirect makes would be: a temporary file's 0600 would stay on the table
    Path tmp = Files.createTempFile(dir, "." + target.getFileName() + ".datafs-table-", ".tmp",
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--")));
    try {
      try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
        write(repo, v, w);
      }
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new StoreIoException("writing the table to " + target, e);
    } finally {
      Files.deleteIfExists(tmp);
    }
    session.out().println("wrote the table of " + v.label() + " to " + output);
    return 0;
  }

  private void write(Repository repo, Version v, Writer w) throws IOException {
    TableWriter table = TableWriter.of(format, w);
    try {
      repo.table(v, row -> {
        try {
          table.row(row);
          return true;
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    table.finish();
  }
}

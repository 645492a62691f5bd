package io.datafs.packaging;

import io.datafs.cli.Commands;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.codegen.docgen.manpage.ManPageGenerator;

/**
 * Build time: the bash completion script and the man pages' AsciiDoc sources, from the same picocli model the CLI
 * parses with ({@link Commands#model()}), so a new command or option shows up in both by itself.
 * {@code GenerateDocs OUTDIR} writes {@code OUTDIR/datafs.bash} and {@code OUTDIR/man/*.adoc}.
 */
public final class GenerateDocs {
  private GenerateDocs() {}

  public static void main(String[] args) throws IOException {
    Path out = Path.of(args[0]);
    Files.createDirectories(out.resolve("man"));
    CommandLine model = Commands.model();
    // sourced, never run: no #! line (Debian's bash-completion directory wants none)
    String bash = AutoComplete.bash("datafs", model).replaceFirst("\\A#![^\n]*\n", "")
        + DatasetCompletion.script(model);
    write(out.resolve("datafs.bash"), bash);
    // one page for datafs and one per subcommand (and per sub-subcommand: datafs-remote-add(1), ...); a command added
    // to DatafsCommand.SUBCOMMANDS (stats, doctor) gets its page and its completion here with no change
    int status = ManPageGenerator.generateManPage(out.resolve("man").toFile(), null, new boolean[0], false,
        model.getCommandSpec());
    if (status != 0) throw new IOException("picocli's ManPageGenerator failed with status " + status);
  }

  private static void write(Path file, String text) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(tmp, text, StandardCharsets.UTF_8);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}

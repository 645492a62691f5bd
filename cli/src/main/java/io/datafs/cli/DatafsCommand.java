package io.datafs.cli;

import io.datafs.cli.commands.AddCommand;
import io.datafs.cli.commands.CacheCommand;
import io.datafs.cli.commands.CatCommand;
import io.datafs.cli.commands.PrefetchCommand;
import io.datafs.cli.commands.ComposeCommand;
import io.datafs.cli.commands.DatasetCommand;
import io.datafs.cli.commands.DelCommand;
import io.datafs.cli.commands.LabelCommand;
import io.datafs.cli.commands.CommitCommand;
import io.datafs.cli.commands.CompleteCommand;
import io.datafs.cli.commands.DiscardCommand;
import io.datafs.cli.commands.DoctorCommand;
import io.datafs.cli.commands.StatusCommand;
import io.datafs.cli.commands.DaemonCommand;
import io.datafs.cli.commands.MountCommand;
import io.datafs.cli.commands.MountsCommand;
import io.datafs.cli.commands.PullCommand;
import io.datafs.cli.commands.PushCommand;
import io.datafs.cli.commands.RemoteCommand;
import io.datafs.cli.commands.ResetCommand;
import io.datafs.cli.commands.RetainCommand;
import io.datafs.cli.commands.GcCommand;
import io.datafs.cli.commands.RmCommand;
import io.datafs.cli.commands.UmountCommand;
import io.datafs.cli.commands.UpdateCommand;
import io.datafs.cli.commands.DatasetsCommand;
import io.datafs.cli.commands.DiffCommand;
import io.datafs.cli.commands.ExportCommand;
import io.datafs.cli.commands.GetCommand;
import io.datafs.cli.commands.ImportCommand;
import io.datafs.cli.commands.ImportVersionCommand;
import io.datafs.cli.commands.InitCommand;
import io.datafs.cli.commands.LogCommand;
import io.datafs.cli.commands.LsCommand;
import io.datafs.cli.commands.ShowCommand;
import io.datafs.cli.commands.StatsCommand;
import io.datafs.cli.commands.TableCommand;
import io.datafs.cli.commands.TagCommand;
import io.datafs.cli.commands.VerifyCommand;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Properties;
import picocli.CommandLine.Command;
import picocli.CommandLine.ScopeType;

@Command(
    name = "datafs",
    mixinStandardHelpOptions = true,
    scope = ScopeType.INHERIT,
    versionProvider = DatafsCommand.Version.class,
    description = "Version control for datasets that you use as a folder.")
public final class DatafsCommand {
  /**
   * The subcommands, in the order help lists them. Not in the annotation: building a picocli command reflects over
   * its class and everything its fields name, and doing that for all of them took most of a command's start (0.6 s
   * of 1 s), so {@link Commands#tree(Session, String...)} builds only the one a command line names.
   */
  static final List<Class<?>> SUBCOMMANDS = List.of(

        InitCommand.class, ImportCommand.class, ExportCommand.class, DatasetsCommand.class, LogCommand.class,
        ShowCommand.class, LsCommand.class, CatCommand.class, DiffCommand.class, TagCommand.class,
        VerifyCommand.class, MountCommand.class, UmountCommand.class, MountsCommand.class, StatusCommand.class,
        DiscardCommand.class, CommitCommand.class, DaemonCommand.class, RemoteCommand.class, PushCommand.class,
        PullCommand.class, ComposeCommand.class, LabelCommand.class, AddCommand.class, DelCommand.class,
        DatasetCommand.class, GetCommand.class, ImportVersionCommand.class, UpdateCommand.class, TableCommand.class,
        RmCommand.class, ResetCommand.class, CacheCommand.class, PrefetchCommand.class, GcCommand.class,
        CompleteCommand.class, StatsCommand.class, DoctorCommand.class, RetainCommand.class);

  static final class Version implements picocli.CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() throws IOException {
      Properties p = new Properties();
      try (InputStream in = DatafsCommand.class.getResourceAsStream("version.properties")) {
        if (in != null) p.load(in);
      }
      return new String[] {"datafs " + p.getProperty("version", "unknown")};
    }
  }
}

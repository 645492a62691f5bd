package io.datafs.packaging;

import java.util.List;
import java.util.TreeSet;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Bash added after picocli's completion script: the operands that name a dataset (a DATASET... parameter label in
 * the model, or diff's FROM and TO) also complete to the datasets, versions and tags of the local store, which
 * {@code datafs __complete} lists from the store's record files without starting a daemon.
 */
final class DatasetCompletion {
  /** Labels of operands that name a version without saying DATASET (diff FROM TO). */
  private static final List<String> VERSION_LABELS = List.of("FROM", "TO");

  private DatasetCompletion() {}

  static String script(CommandLine model) {
    TreeSet<String> commands = new TreeSet<>();
    for (CommandLine sub : model.getSubcommands().values()) {
      if (namesDataset(sub.getCommandSpec())) commands.add(sub.getCommandName());
    }
    return """

        # datafs: dataset names, versions and tags of the local store for the DATASET operands of %s
        function _complete_datafs_with_datasets() {
          _complete_datafs "$@"
          local curr_word=${COMP_WORDS[COMP_CWORD]}
          (( COMP_CWORD >= 2 )) || return 0
          [[ "${curr_word}" == -* ]] && return 0
          case "${COMP_WORDS[1]}" in
            %s) ;;
            *) return 0 ;;
          esac
          local home=() i
          for (( i = 2; i < COMP_CWORD; i++ )); do
            [[ "${COMP_WORDS[i]}" == --home ]] && home=(--home "${COMP_WORDS[i+1]}")
          done
          local IFS=$'\\n'
          COMPREPLY+=( $("${COMP_WORDS[0]}" __complete "${home[@]}" -- "${curr_word}" 2>/dev/null) )
        }
        complete -F _complete_datafs_with_datasets -o default datafs
        """.formatted(String.join(", ", commands), String.join("|", commands));
  }

  private static boolean namesDataset(CommandSpec spec) {
    List<PositionalParamSpec> params = spec.positionalParameters();
    return params.stream().anyMatch(p -> p.paramLabel().contains("DATASET") || VERSION_LABELS.contains(p.paramLabel()));
  }
}

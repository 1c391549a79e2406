package io.kvmctl.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * How a usage error prints: one line saying what is wrong ({@code kvmctl: unknown command 'lst'. Did you mean
 * 'list'?}), then where the help is; exit code {@link KvmctlCommand#EXIT_USAGE}.
 */
final class UsageErrors implements CommandLine.IParameterExceptionHandler {
    @Override
    public int handleParseException(CommandLine.ParameterException ex, String[] args) {
        CommandLine c = ex.getCommandLine();
        PrintWriter err = c.getErr();
        err.println("kvmctl: " + message(ex));
        err.println("Try '" + c.getCommandSpec().qualifiedName() + " --help' for more information.");
        err.flush();
        return KvmctlCommand.EXIT_USAGE;
    }

    static String message(CommandLine.ParameterException ex) {
        if (!(ex instanceof UnmatchedArgumentException unmatched)
                || unmatched.getUnmatched().isEmpty()) {
            return ex.getMessage();
        }
        CommandSpec spec = ex.getCommandLine().getCommandSpec();
        String typed = unmatched.getUnmatched().getFirst();
        if (typed.startsWith("-") && typed.length() > 1) {
            String what = typed.contains("=") ? typed.substring(0, typed.indexOf('=')) : typed;
            return "unknown option '" + what + "' for '" + spec.qualifiedName() + "'."
                    + Suggestions.sentence(Suggestions.closest(what, optionNames(spec)));
        }
        if (!spec.subcommands().isEmpty() && spec.positionalParameters().isEmpty()) {
            List<String> names = spec.subcommands().keySet().stream()
                    .filter(n -> !spec.subcommands()
                            .get(n)
                            .getCommandSpec()
                            .usageMessage()
                            .hidden())
                    .toList();
            return "unknown command '" + typed + "'"
                    + (spec.parent() == null ? "" : " for '" + spec.qualifiedName() + "'") + "."
                    + Suggestions.sentence(Suggestions.closest(typed, names));
        }
        return ex.getMessage();
    }

    private static List<String> optionNames(CommandSpec spec) {
        List<String> names = new ArrayList<>();
        for (OptionSpec option : spec.options()) {
            if (!option.hidden()) {
                names.addAll(List.of(option.names()));
            }
        }
        return names;
    }
}

package io.kvmctl.cli;

import picocli.CommandLine;

/** Process entry point: runs {@link KvmctlCommand} and exits with its code. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        CommandLine cmd = KvmctlCommand.newCommandLine(args);
        int code = cmd.execute(args);
        // picocli's writers flush on println only: a command's last print() would be lost at exit.
        cmd.getOut().flush();
        cmd.getErr().flush();
        System.exit(code);
    }
}

package io.kvmctl.cli;

/** Process entry point: runs {@link KvmctlCommand} and exits with its code. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(KvmctlCommand.newCommandLine(args).execute(args));
    }
}

package io.kvmctl.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** One in-process run of the kvmctl command line with captured output. */
record CliRun(int code, String out, String err) {
    static CliRun of(String... args) {
        CommandLine cmd = KvmctlCommand.newCommandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cmd.setOut(new PrintWriter(out));
        cmd.setErr(new PrintWriter(err));
        int code = cmd.execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }

    /** Everything printed, for failure messages. */
    String all() {
        return "exit " + code + "\nstdout:\n" + out + "\nstderr:\n" + err;
    }
}

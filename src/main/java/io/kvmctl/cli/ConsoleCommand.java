package io.kvmctl.cli;

import io.kvmctl.unix.UnixSocket;
import io.kvmctl.vm.Vm;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(
        name = "console",
        mixinStandardHelpOptions = true,
        description = {
            "Attach to a VM's serial console. Detach with Ctrl-] (the VM keeps running).",
            "On a terminal, keys go to the guest as typed. Otherwise standard input is sent as it comes, and after its"
                    + " end the guest's output is printed until it has been quiet for a second (for scripts)."
        },
        footerHeading = "%nExamples:%n",
        footer = {"  kvmctl console web-1", "  echo 'uname -a' | kvmctl console web-1"})
final class ConsoleCommand extends VmCommand {
    private static final int DETACH = 0x1d; // Ctrl-]

    @Parameters(paramLabel = "NAME", description = "The VM")
    String name;

    @Override
    public Integer call() throws Exception {
        UnixSocket socket;
        try (Vm vm = attach(name)) {
            socket = vm.rawConsole();
        } catch (IOException | IllegalArgumentException e) {
            return fail(e.getMessage());
        }
        boolean terminal = Terminal.interactive();
        err().println("kvmctl: attached to the serial console of " + name + (terminal ? "; detach with Ctrl-]" : "")
                + "\r");
        err().flush();
        String saved = terminal ? TerminalMode.raw() : null;
        try (socket) {
            Thread.ofPlatform().daemon().start(() -> copyToStdout(socket));
            copyFromStdin(socket, System.in);
            if (!terminal) {
                // Piped input ended: print the guest's answer until it has been quiet for a second (10 s at most).
                // Leaving sooner would lose input: QEMU feeds the guest's UART only as fast as the guest reads,
                // and drops what it has not passed on when the client goes.
                lastOutput = Math.max(lastOutput, System.nanoTime());
                long deadline = System.nanoTime() + 10_000_000_000L;
                while (System.nanoTime() - lastOutput < 1_000_000_000L && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
            }
        } finally {
            if (saved != null) {
                TerminalMode.restore(saved);
            }
        }
        err().println("\r\nkvmctl: detached from " + name + " (the VM keeps running)");
        return 0;
    }

    private static void copyFromStdin(UnixSocket socket, InputStream in) throws IOException {
        byte[] buf = new byte[1024];
        int n;
        while ((n = in.read(buf)) > 0) {
            for (int i = 0; i < n; i++) {
                if ((buf[i] & 0xff) == DETACH) {
                    socket.write(buf, 0, i, Duration.ofSeconds(5));
                    return;
                }
            }
            socket.write(buf, 0, n, Duration.ofSeconds(5));
        }
    }

    /** When the guest last printed something (System.nanoTime), for piped sessions. */
    private volatile long lastOutput = System.nanoTime();

    private void copyToStdout(UnixSocket socket) {
        byte[] buf = new byte[8192];
        OutputStream out = System.out;
        try {
            int n;
            while ((n = socket.read(buf, 0, buf.length, Duration.ofDays(365))) > 0) {
                out.write(buf, 0, n);
                out.flush();
                lastOutput = System.nanoTime();
            }
        } catch (IOException e) {
            // the console closed (detach or QEMU exit)
        }
    }
}

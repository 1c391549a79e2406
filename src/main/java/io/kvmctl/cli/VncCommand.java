package io.kvmctl.cli;

import io.kvmctl.display.VncEndpoint;
import io.kvmctl.vm.Vm;
import io.kvmctl.vm.VmDisplay;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code kvmctl vnc NAME}: where the VNC server listens and how to connect; optionally sets its password over QMP
 * (read from stdin or a file, never from the command line, where every local user can see it).
 */
@Command(
        name = "vnc",
        mixinStandardHelpOptions = true,
        description = {
            "Show how to connect to a VM's VNC screen (and an SSH tunnel line for remote machines); optionally set its"
                    + " password through QMP."
        })
final class VncCommand extends VmCommand {
    /** VNC authentication is DES with an 8-byte key: QEMU uses the first 8 characters. */
    static final int MAX_PASSWORD = 8;

    @Parameters(paramLabel = "NAME", description = "The VM")
    String name;

    @Option(names = "--password-stdin", description = "Set the password to the first line of standard input")
    boolean passwordStdin;

    @Option(names = "--password-file", paramLabel = "FILE", description = "Set the password to the first line of FILE")
    Path passwordFile;

    @Option(names = "--generate-password", description = "Set a random 8-character password and print it")
    boolean generate;

    @Option(names = "--json", description = "Print as JSON")
    boolean json;

    @Override
    public Integer call() throws Exception {
        VncEndpoint vnc;
        String generated = null;
        try (Vm vm = attach(name)) {
            VmDisplay display = vm.display();
            vnc = display.vnc();
            if (!vnc.enabled()) {
                return fail("VM " + name + " has no VNC display; add 'display: vnc' to its profile");
            }
            String password = null;
            if (passwordStdin) {
                password = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            } else if (passwordFile != null) {
                password = Files.readAllLines(passwordFile, StandardCharsets.UTF_8).stream()
                        .findFirst()
                        .orElse(null);
            } else if (generate) {
                generated = randomPassword();
                password = generated;
            }
            if (passwordStdin || passwordFile != null || generate) {
                if (password == null || password.isEmpty()) {
                    return fail("the password is empty; give one line of text");
                }
                if (!vnc.needsPassword()) {
                    return fail("VM " + name + "'s VNC server takes no password (its profile has 'password: false');"
                            + " restart it with the default 'password: true' to use one");
                }
                if (password.length() > MAX_PASSWORD) {
                    err().println("kvmctl vnc: note: VNC passwords are at most " + MAX_PASSWORD
                            + " characters; QEMU uses the first " + MAX_PASSWORD);
                }
                display.setVncPassword(password);
            }
        } catch (IOException | IllegalArgumentException e) {
            return fail(e.getMessage());
        }
        if (json) {
            ObjectNode node = CliJson.MAPPER
                    .createObjectNode()
                    .put("kind", "kvmctl.vnc/1")
                    .put("name", name)
                    .put("enabled", vnc.enabled())
                    .put("host", vnc.host())
                    .put("port", vnc.port())
                    .put("display", vnc.display())
                    .put("auth", vnc.auth());
            node.putNull("password");
            if (generated != null) {
                node.put("password", generated);
            }
            out().println(CliJson.MAPPER.writeValueAsString(node));
            return 0;
        }
        vnc.howToConnect(System.getProperty("user.name", "USER"), hostName()).forEach(out()::println);
        if (generated != null) {
            out().println("password: " + generated);
        } else if (vnc.needsPassword() && !(passwordStdin || passwordFile != null)) {
            out().println("(QEMU refuses every client until a password is set: 'kvmctl vnc " + name
                    + " --password-stdin' or --generate-password)");
        }
        return 0;
    }

    private static String randomPassword() {
        String alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        SecureRandom random = new SecureRandom();
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < MAX_PASSWORD; i++) {
            s.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return s.toString();
    }

    private static String hostName() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
        } catch (IOException e) {
            return "HOST";
        }
    }
}

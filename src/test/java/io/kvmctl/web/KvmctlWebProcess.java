package io.kvmctl.web;

import io.kvmctl.testing.IsolatedVms;
import io.kvmctl.vm.LogRoot;
import io.kvmctl.vm.RuntimeRoot;
import io.kvmctl.vm.VmHomes;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real {@code kvmctl web --listen 127.0.0.1:0} in its own JVM, started as the launcher starts it, on a test's
 * runtime root: the one-use login URL it
 * prints, and everything else it writes (kept for failure messages, and read so that its pipe never fills).
 */
final class KvmctlWebProcess implements AutoCloseable {
    private static final Pattern URL = Pattern.compile("^kvmctl web: (http://127\\.0\\.0\\.1:\\d+/\\?token=\\S+)$");

    private final Process process;
    private final StringBuffer output;
    private final String loginUrl;

    private KvmctlWebProcess(Process process, StringBuffer output, String loginUrl) {
        this.process = process;
        this.output = output;
        this.loginUrl = loginUrl;
    }

    static KvmctlWebProcess start(RuntimeRoot root) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "--enable-native-access=ALL-UNNAMED",
                        "-jar",
                        packagedJar().toString(),
                        "web",
                        "--listen",
                        "127.0.0.1:0")
                .redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.put("KVMCTL_RUNTIME_DIR", root.path().toString());
        env.put(LogRoot.ENV, IsolatedVms.logRootBeside(root).path().toString());
        env.put(VmHomes.ENV, IsolatedVms.dataDirBeside(root).toString());
        env.put(VmHomes.STORE_ENV, IsolatedVms.storeBeside(root).toString());
        Process p = pb.start();
        p.getOutputStream().close();
        StringBuffer output = new StringBuffer();
        CompletableFuture<String> url = new CompletableFuture<>();
        Thread reader = new Thread(
                () -> {
                    try (BufferedReader in =
                            new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                        for (String line = in.readLine(); line != null; line = in.readLine()) {
                            Matcher m = URL.matcher(line);
                            if (m.matches() && !url.isDone()) {
                                url.complete(m.group(1));
                                output.append("kvmctl web: (the login URL)\n");
                            } else {
                                output.append(line).append('\n');
                            }
                        }
                    } catch (IOException e) {
                        output.append("(reading kvmctl web's output failed: ")
                                .append(e.getMessage())
                                .append(")\n");
                    }
                    url.completeExceptionally(new IOException("kvmctl web ended without its URL line:\n" + output));
                },
                "kvmctl-web-output");
        reader.setDaemon(true);
        reader.start();
        try {
            return new KvmctlWebProcess(p, output, url.get(60, TimeUnit.SECONDS));
        } catch (TimeoutException | ExecutionException e) {
            p.destroyForcibly();
            throw new IOException("kvmctl web did not print its URL within 60 s: " + output, e);
        }
    }

    /**
     * The jar as the launcher runs it ({@code ./kvmctl} and the installed one: {@code java -jar}, on the class path),
     * from the tests' module path, where failsafe puts the packaged jar.
     */
    private static Path packagedJar() {
        String modulePath = System.getProperty("jdk.module.path", "");
        for (String entry : modulePath.split(File.pathSeparator)) {
            if (entry.endsWith("kvmctl.jar")) {
                return Path.of(entry);
            }
        }
        return Path.of("target", "kvmctl.jar");
    }

    String loginUrl() {
        return loginUrl;
    }

    /** http://127.0.0.1:PORT, where the pages are once the login URL set the session cookie. */
    String base() {
        return loginUrl.substring(0, loginUrl.indexOf("/?token="));
    }

    /** The server JVM's pid (its CPU and memory are what bench/web.sh measures). */
    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    String output() {
        return output.toString();
    }

    @Override
    public void close() {
        process.destroy(); // SIGTERM: the server's own shutdown
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}

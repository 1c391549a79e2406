package io.kvmctl.migrate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Makes the x509 files QEMU's {@code tls-creds-x509} object reads (ca-cert.pem, server-cert.pem, server-key.pem,
 * client-cert.pem, client-key.pem) with the openssl command line: a CA, a server certificate for 127.0.0.1 and a
 * client certificate, all signed by that CA.
 */
final class TlsCertificates {
    private TlsCertificates() {}

    /** Writes a fresh CA and both endpoints' certificates into {@code dir} (created); returns {@code dir}. */
    static Path create(Path dir, String caName) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        openssl(
                dir,
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-days",
                "2",
                "-subj",
                "/CN=" + caName,
                "-keyout",
                "ca-key.pem",
                "-out",
                "ca-cert.pem",
                "-addext",
                "basicConstraints=critical,CA:TRUE",
                "-addext",
                "keyUsage=critical,keyCertSign,cRLSign");
        endpoint(dir, "server", "serverAuth", "subjectAltName=IP:127.0.0.1,DNS:localhost");
        endpoint(dir, "client", "clientAuth", null);
        return dir;
    }

    private static void endpoint(Path dir, String which, String usage, String altName)
            throws IOException, InterruptedException {
        openssl(
                dir,
                "req",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-subj",
                "/CN=kvmctl-test-" + which,
                "-keyout",
                which + "-key.pem",
                "-out",
                which + ".csr");
        Path ext = Files.writeString(
                dir.resolve(which + ".ext"),
                "basicConstraints=CA:FALSE\n"
                        + "keyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=" + usage + "\n"
                        + (altName == null ? "" : altName + "\n"));
        openssl(
                dir,
                "x509",
                "-req",
                "-in",
                which + ".csr",
                "-CA",
                "ca-cert.pem",
                "-CAkey",
                "ca-key.pem",
                "-CAcreateserial",
                "-days",
                "2",
                "-extfile",
                ext.getFileName().toString(),
                "-out",
                which + "-cert.pem");
    }

    private static void openssl(Path dir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", command) + " failed: " + out);
        }
    }
}

package io.kvmctl.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.util.Base64;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real key pair and self-signed certificate from the JDK's keytool, written as the PEM files a user has. */
class TlsFilesTest {
    @TempDir
    static Path dir;

    static Path cert;
    static Path key;

    @BeforeAll
    static void makeCertificate() throws Exception {
        Path keytool =
                Path.of(ProcessHandle.current().info().command().orElseThrow()).resolveSibling("keytool");
        Path p12 = dir.resolve("id.p12");
        Process p = new ProcessBuilder(
                        keytool.toString(),
                        "-genkeypair",
                        "-keyalg",
                        "EC",
                        "-alias",
                        "a",
                        "-dname",
                        "CN=localhost",
                        "-validity",
                        "2",
                        "-storetype",
                        "PKCS12",
                        "-keystore",
                        p12.toString(),
                        "-storepass",
                        "secret")
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), out);
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(p12)) {
            store.load(in, "secret".toCharArray());
        }
        cert = dir.resolve("cert.pem");
        Files.writeString(cert, pem("CERTIFICATE", store.getCertificate("a").getEncoded()));
        key = dir.resolve("key.pem");
        Files.writeString(
                key,
                pem("PRIVATE KEY", store.getKey("a", "secret".toCharArray()).getEncoded()));
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    @Test
    void loadsPemCertificateAndPkcs8Key() throws Exception {
        KeyStore store = TlsFiles.load(cert, key);
        assertTrue(store.isKeyEntry("kvmctl-web"));
    }

    @Test
    void refusesAKeyOthersCanRead() throws Exception {
        Path open = dir.resolve("open.pem");
        Files.copy(key, open);
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rw-r--r--"));
        IOException e = assertThrows(IOException.class, () -> TlsFiles.load(cert, open));
        assertTrue(e.getMessage().contains("chmod 600 " + open), e.getMessage());
    }

    @Test
    void pkcs1KeySaysHowToConvert() throws Exception {
        Path rsa = dir.resolve("rsa.pem");
        Files.writeString(rsa, "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n");
        Files.setPosixFilePermissions(rsa, PosixFilePermissions.fromString("rw-------"));
        IOException e = assertThrows(IOException.class, () -> TlsFiles.load(cert, rsa));
        assertTrue(e.getMessage().contains("openssl pkcs8 -topk8 -nocrypt -in " + rsa), e.getMessage());
    }

    @Test
    void certificateFileWithoutCertificateIsNamed() throws Exception {
        IOException e = assertThrows(IOException.class, () -> TlsFiles.load(key, key));
        assertTrue(e.getMessage().startsWith("--tls-cert " + key), e.getMessage());
    }
}

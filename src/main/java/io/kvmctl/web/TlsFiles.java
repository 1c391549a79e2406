package io.kvmctl.web;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The server's TLS identity from two PEM files: a certificate chain and a PKCS#8 private key ({@code BEGIN PRIVATE
 * KEY}). A key file that the group or others may read is refused: it is the one secret the server holds.
 */
public final class TlsFiles {
    /** The in-memory key store's password: the store never leaves the process, so it protects nothing. */
    static final char[] STORE_PASSWORD = "kvmctl-web".toCharArray();

    private TlsFiles() {}

    /** A key store holding the key under alias {@code kvmctl-web}; a bad file throws with the line to show. */
    public static KeyStore load(Path certFile, Path keyFile) throws IOException {
        requirePrivate(keyFile);
        List<Certificate> chain = certificates(certFile);
        PrivateKey key = privateKey(keyFile, chain.getFirst().getPublicKey().getAlgorithm());
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("kvmctl-web", key, STORE_PASSWORD, chain.toArray(Certificate[]::new));
            return store;
        } catch (GeneralSecurityException e) {
            throw new IOException(
                    "--tls-key " + keyFile + " does not belong to --tls-cert " + certFile + ": " + e.getMessage());
        }
    }

    /** Refuses a key file the group or others can read or write. */
    static void requirePrivate(Path keyFile) throws IOException {
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(keyFile);
        Set<PosixFilePermission> open = EnumSet.of(
                PosixFilePermission.GROUP_READ,
                PosixFilePermission.GROUP_WRITE,
                PosixFilePermission.OTHERS_READ,
                PosixFilePermission.OTHERS_WRITE);
        open.retainAll(perms);
        if (!open.isEmpty()) {
            throw new IOException("--tls-key " + keyFile + " can be read by others (mode "
                    + java.nio.file.attribute.PosixFilePermissions.toString(perms) + "): run chmod 600 " + keyFile);
        }
    }

    static List<Certificate> certificates(Path certFile) throws IOException {
        try {
            var certs = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(Files.readAllBytes(certFile)));
            if (certs.isEmpty()) {
                throw new IOException(
                        "--tls-cert " + certFile + " holds no certificate (expected PEM: BEGIN CERTIFICATE)");
            }
            return List.copyOf(certs);
        } catch (GeneralSecurityException e) {
            throw new IOException(
                    "--tls-cert " + certFile + " is not a PEM certificate (BEGIN CERTIFICATE): " + e.getMessage());
        }
    }

    static PrivateKey privateKey(Path keyFile, String algorithm) throws IOException {
        String pem = Files.readString(keyFile);
        if (pem.contains("BEGIN RSA PRIVATE KEY") || pem.contains("BEGIN EC PRIVATE KEY")) {
            throw new IOException("--tls-key " + keyFile + " is a PKCS#1/SEC1 key; convert it to PKCS#8 with: "
                    + "openssl pkcs8 -topk8 -nocrypt -in " + keyFile + " -out key.pk8.pem");
        }
        if (pem.contains("ENCRYPTED PRIVATE KEY")) {
            throw new IOException("--tls-key " + keyFile + " is encrypted; write it unencrypted (mode 600) with: "
                    + "openssl pkcs8 -topk8 -nocrypt -in " + keyFile + " -out key.pk8.pem");
        }
        int begin = pem.indexOf("-----BEGIN PRIVATE KEY-----");
        int end = pem.indexOf("-----END PRIVATE KEY-----");
        if (begin < 0 || end < begin) {
            throw new IOException("--tls-key " + keyFile + " is not a PEM PKCS#8 key (expected BEGIN PRIVATE KEY)");
        }
        String body = pem.substring(begin + "-----BEGIN PRIVATE KEY-----".length(), end)
                .replaceAll("\\s", "");
        try {
            return KeyFactory.getInstance(algorithm)
                    .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(body)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IOException("--tls-key " + keyFile + " is not a " + algorithm
                    + " PKCS#8 key matching --tls-cert: " + e.getMessage());
        }
    }
}

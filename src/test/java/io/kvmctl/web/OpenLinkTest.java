package io.kvmctl.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;

class OpenLinkTest {
    @Test
    void redirectFileIsPrivateAndTheTokenGoesInNoArgv() throws Exception {
        String url = "http://127.0.0.1:7080/?token=SECRET&x=<y>";
        Path file = OpenLink.writeRedirect(url);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())));
        String page = Files.readString(file);
        assertTrue(page.contains("url=http://127.0.0.1:7080/?token=SECRET&amp;x=&lt;y>"), page);
        List<String> argv = OpenLink.opener(null, file);
        assertEquals(List.of("xdg-open", file.toString()), argv);
        assertEquals(List.of("firefox", file.toString()), OpenLink.opener("firefox", file));
        assertTrue(argv.stream().noneMatch(a -> a.contains("SECRET")));
        Files.delete(file);
        Files.delete(file.getParent());
    }
}

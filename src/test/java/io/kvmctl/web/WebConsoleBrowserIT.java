package io.kvmctl.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvmctl.testing.IsolatedVms;
import io.kvmctl.testing.KvmctlProcess;
import io.kvmctl.testing.TestGuests;
import io.kvmctl.vm.RuntimeRoot;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * kvmctl web in a real browser (headless Chromium) against a real {@code kvmctl web} process and a real VM started
 * from the CLI (the busybox guest under TCG, with a VNC display). One server, one VM and one browser serve the
 * tests in order, as one user's session would: the list, the serial console, the screen, the graphs, pause and
 * resume, a migration watched and one left alone, and QEMU killed under the page.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(OrderAnnotation.class)
class WebConsoleBrowserIT {
    private static final String VM = "webvm";
    private static final Duration GUEST = Duration.ofSeconds(90);

    private final IsolatedVms vms = new IsolatedVms();
    private RuntimeRoot root;
    private Path profile;
    private KvmctlWebProcess web;
    private HeadlessChromium browser;

    @BeforeAll
    void startServerAndBrowser() throws Exception {
        root = vms.root();
        profile = guestProfile(vms.dir());
        web = KvmctlWebProcess.start(root);
        browser = HeadlessChromium.start();
        browser.open(web.loginUrl()); // the one-use token becomes the session cookie, then 303 to /
    }

    @AfterAll
    void stopEverything() throws Exception {
        try {
            if (browser != null) {
                browser.close();
            }
            if (web != null) {
                web.close();
                System.out.println("WebConsoleBrowserIT: what kvmctl web wrote:\n" + web.output());
            }
        } finally {
            vms.afterEach(null); // kills what still runs and deletes the test's folder
        }
    }

    /** The Linux test guest with a VNC display and no heartbeat, so serial console and screen hold still. */
    private static Path guestProfile(Path dir) throws IOException {
        TestGuests.requireImages();
        return Files.writeString(dir.resolve(VM + ".yaml"), """
                name: %s
                accel: tcg
                memory: 256M
                display: vnc
                boot:
                  kernel: %s
                  initrd: %s
                  append: console=tty0 console=ttyS0 kvmctl.heartbeat=0
                """.formatted(VM, TestGuests.KERNEL, TestGuests.INITRD));
    }

    @Test
    @Order(1)
    void listShowsTheVmWithinASecondOfUp() throws Exception {
        browser.open(web.base() + "/#/");
        browser.await(
                "the list's feed is live",
                Duration.ofSeconds(10),
                d -> "live".equals(browser.find("#connection").getDomAttribute("data-state")));
        KvmctlProcess up = KvmctlProcess.run(root, "up", profile.toString());
        assertEquals(0, up.exitCode(), up.toString());
        long upReturned = System.nanoTime();
        // The contract: a VM started from the CLI shows within a second (the list is pushed, not polled).
        browser.await(
                "row of " + VM + " within a second of kvmctl up",
                Duration.ofSeconds(1),
                d -> !browser.text("tr[data-vm='" + VM + "'] [data-field='state']")
                        .isEmpty());
        System.out.printf(
                "WebConsoleBrowserIT: the row showed %d ms after kvmctl up returned%n",
                (System.nanoTime() - upReturned) / 1_000_000);
        browser.await(
                "state running in the list",
                Duration.ofSeconds(10),
                d -> "running".equals(browser.text("tr[data-vm='" + VM + "'] [data-field='state']")));
        assertEquals("tcg", browser.text("tr[data-vm='" + VM + "'] [data-field='accel']"));
        browser.screenshot("list");
    }

    @Test
    @Order(2)
    void serialConsoleShowsReadyAndRunsACommandTypedIntoIt() throws Exception {
        browser.find("tr[data-vm='" + VM + "'] [data-field='name'] a").click();
        browser.await(
                "the serial console shows " + TestGuests.READY,
                GUEST,
                d -> serialText().contains(TestGuests.READY));
        browser.find("#serial-terminal .xterm-helper-textarea").sendKeys("echo web-$((6*7))-ran\n");
        // 42 only if the guest's shell computed it: the echo of the typed line shows $((6*7)).
        browser.await(
                "the guest's answer web-42-ran in the console",
                Duration.ofSeconds(30),
                d -> serialText().contains("web-42-ran"));
        assertEquals("connected", browser.find("#serial-status").getDomAttribute("data-state"));
    }

    @Test
    @Order(3)
    void cpuGraphGainsPoints() throws Exception {
        int before = points("#graph-cpu");
        browser.await(
                "the CPU graph gains points (had " + before + ")",
                Duration.ofSeconds(15),
                d -> points("#graph-cpu") > before + 1);
        assertTrue(points("#graph-memory") > 0, "the memory graph has points too");
    }

    @Test
    @Order(4)
    void pausedScreenMatchesKvmctlScreenshotAndResumeRunsAgain() throws Exception {
        browser.await(
                "the VNC screen connected",
                Duration.ofSeconds(30),
                d -> "connected".equals(browser.find("#vnc-status").getDomAttribute("data-state")));
        browser.find("#action-pause").click();
        browser.await(
                "state paused on the VM page",
                Duration.ofSeconds(10),
                d -> "paused".equals(browser.text("#vm-summary [data-field='state']")));
        assertEquals("paused", cliStatus().path("state").asString());

        Path png = vms.dir().resolve("screen.png");
        KvmctlProcess shot = KvmctlProcess.run(root, "screenshot", VM, png.toString());
        assertEquals(0, shot.exitCode(), shot.toString());
        BufferedImage qemu = ImageIO.read(png.toFile());
        // The guest is paused, so the screen holds still; the canvas may lag the VNC updates by a moment.
        double[] share = {0};
        browser.await("the VNC canvas shows what kvmctl screenshot saved", Duration.ofSeconds(15), d -> {
            share[0] = ScreenComparison.equalShare(canvas(), qemu);
            return share[0] >= 0.99;
        });
        BufferedImage seen = canvas();
        assertEquals(qemu.getWidth(), seen.getWidth());
        assertEquals(qemu.getHeight(), seen.getHeight());
        ImageIO.write(
                seen,
                "png",
                HeadlessChromium.SCREENSHOTS.resolve("vnc-canvas.png").toFile());
        browser.screenshot("vm-paused");

        browser.find("#action-resume").click();
        browser.await(
                "state running again",
                Duration.ofSeconds(10),
                d -> "running".equals(browser.text("#vm-summary [data-field='state']")));
        assertEquals("running", cliStatus().path("state").asString());
        browser.screenshot("vm-running");
    }

    @Test
    @Order(5)
    void localMigrationShowsProgressAndEndsRunning() throws Exception {
        long pidBefore = cliStatus().path("pid").asLong();
        browser.script("""
                window.migrationSeen = [];
                const bar = document.getElementById('migration-progress');
                new MutationObserver(() => window.migrationSeen.push(bar.dataset.status + ' ' + bar.value))
                    .observe(bar, { attributes: true });""");
        browser.find("#action-migrate").click();
        browser.await(
                "the migration completed on the page",
                Duration.ofSeconds(120),
                d -> "completed".equals(browser.find("#migration-progress").getDomAttribute("data-status")));
        @SuppressWarnings("unchecked")
        List<String> seen = (List<String>) browser.script("return window.migrationSeen;");
        assertTrue(seen.stream().anyMatch(s -> !s.startsWith("completed")), "progress before the end: " + seen);
        assertEquals("100", browser.find("#migration-progress").getDomProperty("value"));
        browser.await(
                "state running after the migration",
                Duration.ofSeconds(20),
                d -> "running".equals(browser.text("#vm-summary [data-field='state']")));
        JsonNode after = cliStatus();
        assertEquals("running", after.path("state").asString());
        assertNotEquals(pidBefore, after.path("pid").asLong(), "a new QEMU runs the guest");
        browser.screenshot("vm-page");
        // The page's feeds follow the guest to its new QEMU: the console works again.
        browser.await(
                "the console reconnected",
                Duration.ofSeconds(30),
                d -> "connected".equals(browser.find("#serial-status").getDomAttribute("data-state")));
        browser.find("#serial-terminal .xterm-helper-textarea").sendKeys("echo moved-$((40+2))\n");
        browser.await(
                "the migrated guest answers in the console",
                Duration.ofSeconds(30),
                d -> serialText().contains("moved-42"));
    }

    @Test
    @Order(6)
    void migrationGoesOnWhenTheBrowserClosesMidway() throws Exception {
        long pidBefore = cliStatus().path("pid").asLong();
        browser.script("document.getElementById('notice').hidden = true;");
        browser.find("#action-migrate").click();
        browser.await(
                "the server took the migration (202)",
                Duration.ofSeconds(10),
                d -> browser.find("#notice").isDisplayed());
        assertEquals("info", browser.find("#notice").getDomAttribute("data-kind"), browser.text("#notice"));
        browser.close(); // mid-migration: nobody watches any more
        browser = null;
        try {
            JsonNode status = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (System.nanoTime() < deadline) {
                status = cliStatus();
                if ("running".equals(status.path("state").asString())
                        && status.path("pid").asLong() != pidBefore) {
                    break;
                }
                Thread.sleep(500);
            }
            assertEquals("running", status.path("state").asString(), status.toString());
            assertNotEquals(
                    pidBefore,
                    status.path("pid").asLong(),
                    "the migration ended on a new QEMU: " + status + "\nkvmctl web said:\n" + web.output());
            KvmctlProcess list = KvmctlProcess.run(root, "list");
            assertTrue(list.output().lines().anyMatch(l -> l.startsWith(VM) && l.contains("running")), list.output());
        } finally {
            // A new browser for the next test, logged in to a new server (a login URL works once).
            web.close();
            web = KvmctlWebProcess.start(root);
            browser = HeadlessChromium.start();
            browser.open(web.loginUrl());
        }
    }

    @Test
    @Order(7)
    void pageSaysSoWhenQemuIsKilledAndTheServerLivesOn() throws Exception {
        browser.open(web.base() + "/#/vm/" + VM);
        browser.await(
                "the console connected",
                Duration.ofSeconds(30),
                d -> "connected".equals(browser.find("#serial-status").getDomAttribute("data-state")));
        browser.await("the CPU graph has points", Duration.ofSeconds(15), d -> points("#graph-cpu") > 0);
        long pid = cliStatus().path("pid").asLong();
        ProcessHandle.of(pid).orElseThrow().destroyForcibly();
        browser.await(
                "the page says the VM stopped",
                Duration.ofSeconds(20),
                d -> browser.find("#vm-gone").isDisplayed());
        assertTrue(browser.text("#vm-gone").contains("The VM stopped"), browser.text("#vm-gone"));
        browser.screenshot("vm-gone");
        assertTrue(web.isAlive(), "kvmctl web lives on: " + web.output());
        browser.open(web.base() + "/#/");
        browser.await(
                "the list still comes live",
                Duration.ofSeconds(10),
                d -> "live".equals(browser.find("#connection").getDomAttribute("data-state")));
        browser.await(
                "the list no longer shows the VM running",
                Duration.ofSeconds(10),
                d -> !"running".equals(browser.text("tr[data-vm='" + VM + "'] [data-field='state']")));
    }

    private String serialText() {
        return browser.text("#serial-terminal .xterm-rows");
    }

    private int points(String graph) {
        String n = browser.find(graph).getDomAttribute("data-points");
        return n == null ? 0 : Integer.parseInt(n);
    }

    /** The noVNC canvas as the browser holds it, read back through toDataURL. */
    private BufferedImage canvas() {
        String url =
                (String) browser.script("return document.querySelector('#vnc-screen canvas').toDataURL('image/png');");
        byte[] png = Base64.getDecoder().decode(url.substring(url.indexOf(',') + 1));
        try {
            return ImageIO.read(new ByteArrayInputStream(png));
        } catch (IOException e) {
            throw new AssertionError("the canvas' PNG does not decode", e);
        }
    }

    private JsonNode cliStatus() throws Exception {
        KvmctlProcess status = KvmctlProcess.run(root, "status", VM, "--json");
        assertEquals(0, status.exitCode(), status.toString());
        return JsonMapper.builder().build().readTree(status.output());
    }
}

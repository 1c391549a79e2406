package io.kvmctl.web;

import io.kvmctl.qmp.EventSubscription;
import io.kvmctl.qmp.QmpEvent;
import io.kvmctl.vm.Vm;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each VM's events socket: QMP events from the server's own monitor connection, state changes as the list feed
 * sees them, migration progress, and {@code gone} when QEMU exits (then the sockets close).
 */
final class EventsFeed {
    private final WebVms vms;
    private final Map<String, Fanout> fanouts = new ConcurrentHashMap<>();
    private final Map<String, Thread> readers = new ConcurrentHashMap<>();

    EventsFeed(WebVms vms) {
        this.vms = vms;
    }

    Fanout.Watcher watch(String name, WebSocketPeer peer) throws IOException {
        Vm vm = vms.handle(name); // fails (404) for a VM that does not exist
        if (!vm.isRunning()) {
            throw new java.nio.file.NoSuchFileException("VM " + name + " is not running: QEMU " + vm.exitDescription());
        }
        Fanout.Watcher w = fanouts.computeIfAbsent(name, n -> new Fanout()).watch(peer, null);
        readers.computeIfAbsent(
                name, n -> Thread.ofVirtual().name("kvmctl-web-events").start(() -> read(n)));
        return w;
    }

    void publish(String name, String message) {
        Fanout f = fanouts.get(name);
        if (f != null) {
            f.publish(message);
        }
    }

    /** From the list feed: the running VMs' states before and now. */
    void changed(Map<String, String> before, Map<String, String> now) {
        now.forEach((name, state) -> {
            if (!state.equals(before.get(name))) {
                publish(name, WebJson.state(state));
            }
        });
        before.keySet().stream().filter(n -> !now.containsKey(n)).forEach(this::gone);
    }

    private void gone(String name) {
        String reason;
        try {
            reason = "QEMU " + vms.handle(name).exitDescription();
        } catch (IOException e) {
            reason = "QEMU exited";
        }
        vms.release(name);
        Fanout f = fanouts.remove(name);
        if (f != null) {
            f.finish(WebJson.gone(reason), 1000, "VM gone");
        }
    }

    /** Reads QMP events while someone watches and QEMU runs; a new QEMU under the name (a migration) is followed. */
    private void read(String name) {
        try {
            while (fanouts.containsKey(name)) {
                EventSubscription sub;
                try {
                    sub = vms.handle(name).qmp().subscribe(null);
                } catch (IOException e) {
                    if (vms.handle(name).isRunning()) {
                        publish(name, WebJson.state("unresponsive"));
                    }
                    Thread.sleep(1000);
                    continue;
                }
                try (sub) {
                    while (fanouts.containsKey(name)) {
                        Optional<QmpEvent> e = sub.poll(Duration.ofSeconds(1));
                        e.ifPresent(ev -> publish(name, WebJson.event(ev)));
                    }
                } catch (IOException connectionEnded) {
                    Thread.sleep(PAUSE_MS);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException gone) {
            // the VM's record went away: the list feed says gone
        } finally {
            readers.remove(name);
        }
    }

    private static final long PAUSE_MS = 300;
}

package io.kvmctl.cli;

import io.kvmctl.cli.json.ListJson;
import io.kvmctl.store.Autostarts;
import io.kvmctl.store.DefinedState;
import io.kvmctl.store.ListedVm;
import io.kvmctl.store.VmStore;
import io.kvmctl.text.Durations;
import io.kvmctl.text.TextTable;
import io.kvmctl.vm.Vm;
import io.kvmctl.vm.VmStatus;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "list",
        mixinStandardHelpOptions = true,
        description = "List this user's VMs with their state (exited ones too, until 'down') and, where a guest"
                + " agent answers, the guest's address.")
final class ListCommand extends VmCommand {
    @Option(names = "--json", description = "Print as JSON (kvmctl.list/1, docs/json.md)")
    boolean json;

    @Option(
            names = "--all",
            description = "Also the defined VMs that are not running ('shut off'), with a DEFINED column")
    boolean all;

    @Override
    public Integer call() throws Exception {
        List<VmStatus> all = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        // One thread per VM: a guest whose agent does not answer costs its sync timeout once, not once per VM.
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<String> names = root().names();
            List<Future<VmStatus>> statuses = new ArrayList<>();
            for (String name : names) {
                statuses.add(pool.submit(() -> {
                    try (Vm vm = attach(name)) {
                        return vm.status();
                    }
                }));
            }
            for (int i = 0; i < names.size(); i++) {
                try {
                    all.add(statuses.get(i).get());
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof IOException)) {
                        throw e;
                    }
                    problems.add(names.get(i) + ": " + e.getCause().getMessage());
                }
            }
        }
        if (this.all) {
            printAll(all, problems);
        } else if (json) {
            out().println(CliJson.write(ListJson.KIND, ListJson.running(all)));
        } else if (all.isEmpty()) {
            out().println("no VMs (in " + root().path() + "); start one with: kvmctl up PROFILE");
        } else {
            TextTable table = TextTable.withHeaders("NAME", "STATE", "PID", "UPTIME", "ACCEL", "PORTS", "ADDRESS")
                    .alignRight(2);
            for (VmStatus s : all) {
                table.row(
                        s.name(),
                        s.state(),
                        s.pid(),
                        s.uptime() == null ? null : Durations.human(s.uptime()),
                        s.accel(),
                        ports(s),
                        GuestAddressText.first(s.guestAddresses()));
            }
            out().print(table.render());
            out().flush(); // print() does not flush an autoflush writer, and Main exits without closing it
        }
        problems.forEach(p -> err().println("kvmctl list: " + p));
        return problems.isEmpty() ? 0 : KvmctlCommand.EXIT_USAGE;
    }

    /** The forwarded host ports, {@code 2222->22,8080->80,5353->53/udp}, or null without any. */
    static String ports(VmStatus s) {
        if (s.network() == null || s.network().forwards().isEmpty()) {
            return null;
        }
        return s.network().forwards().stream()
                .map(f -> f.hostPort() + "->" + f.guestPort() + ("tcp".equals(f.protocol()) ? "" : "/" + f.protocol()))
                .collect(java.util.stream.Collectors.joining(","));
    }

    /** {@code unreadable}: "NAME: why" for VMs whose status could not be read (shown as unknown, not shut off). */
    private void printAll(List<VmStatus> running, List<String> unreadable) throws IOException {
        VmStore store = VmStore.fromEnvironment();
        Autostarts autostarts = Autostarts.fromEnvironment(store);
        java.util.Map<String, ListedVm> rows = new java.util.TreeMap<>();
        for (VmStatus s : running) {
            boolean defined = store.isDefined(s.name());
            String state = defined ? DefinedState.of(java.util.Optional.of(s)) : s.state();
            rows.put(s.name(), new ListedVm(s.name(), state, defined, defined && autostarts.isOn(s.name()), s));
        }
        for (String problem : unreadable) {
            String name = problem.substring(0, problem.indexOf(':'));
            if (store.isDefined(name)) {
                rows.put(name, new ListedVm(name, "unknown", true, autostarts.isOn(name), null));
            }
        }
        for (String name : store.names()) {
            rows.putIfAbsent(name, new ListedVm(name, DefinedState.SHUT_OFF, true, autostarts.isOn(name), null));
        }
        if (json) {
            out().println(CliJson.write(ListJson.KIND, ListJson.all(List.copyOf(rows.values()))));
            return;
        }
        if (rows.isEmpty()) {
            out().println("no VMs defined (in " + store.path()
                    + ") or running; define one with: kvmctl define PROFILE");
            return;
        }
        TextTable table = TextTable.withHeaders("NAME", "STATE", "PID", "UPTIME", "DEFINED", "PORTS", "ADDRESS")
                .alignRight(2);
        for (ListedVm r : rows.values()) {
            VmStatus s = r.status();
            table.row(
                    r.name(),
                    r.state(),
                    s == null ? null : s.pid(),
                    s == null || s.uptime() == null ? null : Durations.human(s.uptime()),
                    r.defined() ? (r.autostart() ? "yes, autostart" : "yes") : "no (transient)",
                    s == null ? null : ports(s),
                    s == null ? "" : GuestAddressText.first(s.guestAddresses()));
        }
        out().print(table.render());
        out().flush(); // print() does not flush an autoflush writer, and Main exits without closing it
    }
}

package io.kvmctl.stats;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * QEMU 7.2 keeps no byte counters per NIC that QMP could report (query-stats covers only KVM's own counters), so
 * the backend is looked up in HMP {@code info network} and counted on the host: a tap's bytes are in
 * /proc/net/dev, user networking (slirp) has no counter at all.
 */
final class NetworkInfo {
    private static final Pattern NETDEV = Pattern.compile("^ \\\\ ([^:]+): index=\\d+,type=([a-z-]+)(.*)$");
    private static final Pattern DEVICE = Pattern.compile("^([^ :][^:]*): index=\\d+,type=nic,.*$");

    /** One NIC's backend: its type ({@code tap}, {@code user}, ...) and, for taps, the ifname or inherited fd. */
    record Backend(String nic, String type, String ifname, Integer fd) {}

    private NetworkInfo() {}

    /** Backends by NIC device id, from {@code info network}'s text. */
    static Map<String, Backend> parse(String text) {
        Map<String, Backend> out = new LinkedHashMap<>();
        String device = null;
        for (String line : text.split("\r?\n")) {
            Matcher d = DEVICE.matcher(line);
            if (d.matches()) {
                device = d.group(1).strip();
                continue;
            }
            Matcher n = NETDEV.matcher(line);
            if (n.matches() && device != null) {
                String options = n.group(3);
                out.put(
                        device,
                        new Backend(
                                device,
                                n.group(2),
                                option(options, "ifname"),
                                option(options, "fd") == null ? null : Integer.valueOf(option(options, "fd"))));
                device = null;
            }
        }
        return out;
    }

    private static String option(String options, String key) {
        Matcher m = Pattern.compile("," + key + "=([^,]+)").matcher(options);
        return m.find() ? m.group(1) : null;
    }
}

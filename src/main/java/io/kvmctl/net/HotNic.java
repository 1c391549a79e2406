package io.kvmctl.net;

/**
 * A NIC added to a running VM by {@code kvmctl nic add}.
 *
 * @param backend {@code user}, {@code tap IFNAME} or {@code bridge BR}
 * @param port the hot-plug root port it sits in (q35), or null on a machine with a hot-plug PCI bus
 */
public record HotNic(String id, String backend, String model, String mac, String port) {}

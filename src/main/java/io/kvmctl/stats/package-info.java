/**
 * Figures of running VMs: CPU time and load of QEMU's threads and its RSS (host view, from /proc), the balloon,
 * block I/O per disk (query-blockstats) and bytes per tap NIC (/proc/net/dev). Parsers are pure and fed text;
 * {@link io.kvmctl.stats.StatsCollector} does the reading, of anything that is a {@link io.kvmctl.stats.MeasuredVm}
 * ({@code Vm.stats()} hands itself over), so this package does not depend on the VM package.
 */
package io.kvmctl.stats;

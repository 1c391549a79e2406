/**
 * The KVM layer: typed, {@link java.lang.AutoCloseable} handles on the three levels of the KVM API, as in
 * rust-vmm: the system ({@link io.kvmctl.kvm.Kvm}, {@code /dev/kvm}), a virtual machine ({@link io.kvmctl.kvm.KvmVm})
 * and a virtual CPU ({@link io.kvmctl.kvm.Vcpu}), whose {@code run()} returns a sealed {@link io.kvmctl.kvm.VcpuExit}.
 * Native calls go through {@code io.kvmctl.sys}; failures are {@link io.kvmctl.kvm.KvmException}s with a hint.
 */
package io.kvmctl.kvm;

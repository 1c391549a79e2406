/**
 * Resources of a running VM: guest memory through the virtio balloon, vCPU threads pinned to host CPUs. Parsing
 * is pure ({@link io.kvmctl.resources.CpuList}, {@link io.kvmctl.resources.PinSpec}); the effects go through QMP
 * and {@link io.kvmctl.sys.CpuAffinity}.
 */
package io.kvmctl.resources;

/**
 * Devices on a running VM: disks, CD-ROM media and USB devices added and removed over QMP. The plan of QMP
 * commands is pure ({@link io.kvmctl.devices.HotplugPlan}) and tested without QEMU; {@link io.kvmctl.devices.Devices}
 * runs it, undoing what was done when a step fails.
 */
package io.kvmctl.devices;

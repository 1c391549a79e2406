/**
 * QMP scripts: a YAML list of steps ({@code execute} with an optional {@code expect}, {@code wait-event},
 * {@code hmp}, {@code sleep}) run against a live QEMU, stopping at the first step that does not hold and
 * reporting what was expected and what came. {@code kvmctl script} is the front end; docs/qmp.md documents the
 * format.
 */
package io.kvmctl.qmp.script;

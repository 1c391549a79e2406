/**
 * VM profiles: YAML files ({@code qemu-profiles/}) loaded into a validated {@link io.kvmctl.profile.Profile} by
 * {@link io.kvmctl.profile.ProfileLoader}, every problem reported at once with the file, the field and the fix
 * ({@link io.kvmctl.profile.ProfileException}). Pure code: nothing here starts a process.
 */
package io.kvmctl.profile;

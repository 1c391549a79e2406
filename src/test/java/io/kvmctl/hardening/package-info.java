/**
 * Integration tests of kvmctl under the conditions real users meet: what a running VM exposes to other users
 * (file modes, listening addresses, secrets), kvmctl run by an ordinary user in group kvm, and another user's
 * attempts to control a VM. They create and delete their own test user; see README "Hardening".
 */
package io.kvmctl.hardening;

/** Small text helpers shared across kvmctl: typo suggestions, the "disk full" explanation. */
package io.kvmctl.text;

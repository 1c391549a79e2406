/**
 * Disk images through {@code qemu-img}: create (optionally over a backing image), inspect (its JSON output, never
 * scraped text) and convert with progress. Nothing here overwrites an existing file unless told to.
 */
package io.kvmctl.image;

/**
 * File-system helpers shared by every package that keeps state on disk (VM records, NIC state, profile edits,
 * screenshots): here rather than in {@code vm}, so {@code net} and {@code devices} need not depend on it for them.
 */
package io.kvmctl.files;

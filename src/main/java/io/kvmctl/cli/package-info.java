/**
 * The {@code kvmctl} command line: picocli subcommands that parse arguments, call the library layers and print
 * through picocli's writers (so tests run them in-process with {@code CommandLine.execute}). Human output by
 * default, {@code --json} for machines.
 */
package io.kvmctl.cli;

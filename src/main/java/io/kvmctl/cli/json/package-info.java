/**
 * What {@code --json} prints: one small record per shape, built from the library's records, so those can change
 * without changing the JSON. Each top-level record carries its {@code kind} ({@code kvmctl.list/1}); the one mapper
 * ({@code CliJson}) writes snake_case keys. Durations are numbers of seconds, sizes numbers of bytes, and the keys
 * say so ({@code uptime_seconds}, {@code rss_bytes}). Documented in docs/json.md.
 */
package io.kvmctl.cli.json;

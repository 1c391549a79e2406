# shellcheck shell=bash
# How kvmctl's JVM is started, in one place: sourced (not run) by ./kvmctl, scripts/train-aot and the benchmarks,
# with $root set to the checkout. A JDK 25 AOT cache is only used by a JVM started with the class path and flags
# it was trained with, so the launcher and the training must not drift apart.
#
# kvmctl runs as `java -jar target/kvmctl.jar`: the jar's manifest names its dependencies (target/lib, copied by
# the build) and grants native access (Enable-Native-Access: ALL-UNNAMED) for the FFM calls in io.kvmctl.sys.
# Why the class path and not the module io.kvmctl on the module path: the JDK's AOT cache accepts a class path that
# moved as a whole (make install, a .deb), but refuses a module path that is not where it was trained. The module
# descriptor still holds at compile time and for library users on the module path.

# Start-up over peak speed: most kvmctl runs last a fraction of a second, and C1 alone compiles what they run
# sooner and with less CPU than the two-tier JIT. The serial collector starts fastest and suits small heaps.
kvmctl_jvm_tuning=(-XX:+UseSerialGC -XX:TieredStopAtLevel=1)
# Native access for the class path, spelled out although the jar's manifest grants it under -jar: the AOT training
# (scripts/train-aot) starts another main class with -cp, and the cache wants both started with the same flags.
kvmctl_jvm_opts=(--enable-native-access=ALL-UNNAMED "${kvmctl_jvm_tuning[@]}")
# Last on the java command line: everything after it is kvmctl's own arguments.
kvmctl_jvm_main=(-jar "$root/target/kvmctl.jar")

# kvmctl_jvm_long_running ARGS...: whether this kvmctl stays (a console, a session, a foreground VM): then it gets
# the full JIT, so a process that runs for hours does not stay on C1's code. The AOT cache serves both.
kvmctl_jvm_long_running() {
  local a
  while [ $# -gt 0 ] && [ "${1#-}" != "$1" ]; do shift; done  # global options before the command
  case "${1:-}" in
    top | events | console | qmp-shell | script | demo | web) return 0 ;;
    up) for a in "$@"; do [ "$a" = --foreground ] && return 0; done ;;
  esac
  return 1
}

# shellcheck shell=bash
# How kvmctl's JVM is started, in one place: sourced (not run) by ./kvmctl, scripts/train-aot and bench/probe.sh,
# with $root set to the checkout. A JDK 25 AOT cache is only used by a JVM started with the module path and flags
# it was trained with, so the launcher and the training must not drift apart.
#
# kvmctl runs as the module io.kvmctl, with its dependencies beside it on the module path (target/lib, copied by
# the build), and native access (the FFM calls, all in io.kvmctl.sys) is granted to that module alone.
# `java -jar target/kvmctl.jar` also works: the jar is then on the class path, its module-info is ignored, and the
# manifest's Enable-Native-Access: ALL-UNNAMED grants the access instead.
kvmctl_jvm_tuning=(-XX:+UseSerialGC -XX:TieredStopAtLevel=1)  # start-up over peak speed: kvmctl runs are short
kvmctl_jvm_opts=(
  --enable-native-access=io.kvmctl
  --module-path "$root/target/kvmctl.jar:$root/target/lib"
  "${kvmctl_jvm_tuning[@]}"
)
# Last on the java command line: everything after it is kvmctl's own arguments.
kvmctl_jvm_main=(--module io.kvmctl/io.kvmctl.cli.Main)

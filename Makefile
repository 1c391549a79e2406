# kvmctl build entry points. The JDK (>= 22) is found by scripts/find-jdk; Maven comes through ./mvnw.
#   make          build the jar (target/kvmctl.jar)
#   make test     install what the tests need (as root; else print the command), then unit tests and the
#                 integration tests twice: against the system QEMU (7.2) and against QEMU 10 (scripts/fetch-qemu10),
#                 with 20 s of fuzzing per fuzz test between the two passes
#   make test-qemu10  the integration tests against QEMU 10 only
#   make test-guests  the real-guest ITs (Debian under TCG) against both QEMUs (make test: QEMU 10 only, see below)
#   make test-web the web console's ITs (server, bridges, headless Chromium) against the system QEMU
#   make test-hardening  the hardening ITs (security, unprivileged user, faults) against both QEMUs
#   make unit     unit tests only (no QEMU, no /dev/kvm)
#   make javadoc  the API docs (target/reports/apidocs); a javadoc warning fails it (make test runs it too)
#   make format   reformat the Java sources (Spotless, Palantir Java Format); every build checks the format
#   make fuzz     each Jazzer fuzz test in fuzzing mode for FUZZ_SECONDS (default 600) seconds (scripts/fuzz)
#   make demo     ./kvmctl demo
#   make images   build the test guests (test-images/out)
#   make bench    the benchmark scripts (print figures; never part of the tests)
#   make install  the launcher, jars, AOT cache, completion and man pages under PREFIX (default /usr/local),
#                 staged under DESTDIR when set; make uninstall removes exactly those (docs/install.md)
#   make deb      a .deb with its own trimmed Java runtime, built with the JDK's jpackage (scripts/build-deb)
SHELL := /bin/bash
JAVA_HOME := $(shell scripts/find-jdk)
ifeq ($(JAVA_HOME),)
$(error no JDK >= 22: see the message above)
endif
export JAVA_HOME
MVN := ./mvnw -B -ntp

SYSTEM_QEMU := /usr/bin/qemu-system-x86_64
QEMU10 := $(CURDIR)/test-images/out/qemu-10/bin/qemu-system-x86_64

.PHONY: install uninstall deb build test test-qemu10 test-web test-cli test-guests test-hardening qemu10 unit javadoc format fuzz deps images demo bench clean

build:
	$(MVN) -q -DskipTests package

deps:
	scripts/install-deps

images: deps
	test-images/build

qemu10: deps
	scripts/fetch-qemu10 >/dev/null

FUZZ_SECONDS ?= 600

# Left out of make test's QEMU 10 pass (make test-guests and make test-hardening run them against both QEMUs), to
# keep make test well inside CI's budget on 2 cores:
#   DebianImageIT   a BIOS boot to the login prompt, 3 min; CloudInitSshIT boots the same disk with BIOS further
#   UpKilledIT, MigrateKilledIT, DiskFullIT   kill kvmctl mid-up or mid-migration, fill the disk: kvmctl's recovery
#                   is under test, and QEMU's part (QMP events, werror=stop) is the same in 7.2 and 10; 9 min
#   DebPackageIT    builds the .deb with jpackage and installs it: no QEMU in it, so once is enough; 2-4 min
# and the 7.2 pass runs the kill tests with one kill per point (-Dit.quick=true; make test-hardening lands several).
# The command-line surface ITs run in the QEMU 10 pass only (make test-qemu10 and make test-cli run them on their
# own): what they check is kvmctl's parsing and output, the same whichever QEMU answers; 4-6 min together:
#   EveryCommandIT  every command's --help and one real call of each through ./kvmctl
#   JsonOutputIT    every --json shape from a real kvmctl process
#   MakeInstallIT   make install into a staging folder, the installed kvmctl run, make uninstall
# and so do kvmctl web's server and browser ITs (make test-web runs them on the system QEMU): the server, its
# security and the pages are kvmctl's own; what QEMU serves them (VNC, serial, QMP) is tested on both QEMUs by
# SerialBridgeIT and VncBridgeIT; 2-3 min together:
#   WebServerIT          a real kvmctl web process: login, Host/Origin checks, loopback, list/pause/resume, QEMU killed
#   WebConsoleBrowserIT  headless Chromium on the pages: list, serial, VNC canvas, graphs, migration, faults
QEMU10_SKIPS := !DebianImageIT,!UpKilledIT,!MigrateKilledIT,!DiskFullIT,!DebPackageIT
QEMU72_SKIPS := !EveryCommandIT,!JsonOutputIT,!MakeInstallIT,!WebServerIT,!WebConsoleBrowserIT

# Both passes (and the short fuzzing between them) run even when one fails; the last lines name what failed.
test: deps images qemu10
	@fail=0; \
	$(MVN) -q compile javadoc:javadoc || { echo "== javadoc FAILED (make javadoc)" >&2; fail=1; }; \
	scripts/test-with-qemu $(SYSTEM_QEMU) --with-unit -Dit.realguests=false -Dit.quick=true \
	  -Dit.test='*IT,$(QEMU72_SKIPS)' || fail=1; \
	scripts/fuzz 20 || { echo "== fuzzing FAILED (scripts/fuzz 20; logs and crash files in target/fuzz)" >&2; fail=1; }; \
	scripts/test-with-qemu $(QEMU10) -Dit.test='*IT,$(QEMU10_SKIPS)' || fail=1; \
	exit $$fail

test-qemu10: images qemu10
	scripts/test-with-qemu $(QEMU10)

# kvmctl web's server and browser ITs (see QEMU72_SKIPS) against the system QEMU.
test-web: images
	scripts/test-with-qemu $(SYSTEM_QEMU) -Dit.test='WebServerIT,WebConsoleBrowserIT,SerialBridgeIT,VncBridgeIT'

# The command-line surface ITs (see QEMU72_SKIPS) against the system QEMU.
test-cli: images
	scripts/test-with-qemu $(SYSTEM_QEMU) -Dit.test='EveryCommandIT,JsonOutputIT,MakeInstallIT,DebPackageIT'

# The real-guest ITs (Debian booted under TCG: UEFI, cloud-init and ssh, the guest agent) against both QEMUs;
# make test boots them against QEMU 10 only, where they boot about twice as fast.
test-guests: images qemu10
	@fail=0; \
	scripts/test-with-qemu $(SYSTEM_QEMU) -Dit.test='io.kvmctl.realguest.*IT' || fail=1; \
	scripts/test-with-qemu $(QEMU10) -Dit.test='io.kvmctl.realguest.*IT' || fail=1; \
	exit $$fail

test-hardening: images qemu10
	@fail=0; \
	scripts/test-with-qemu $(SYSTEM_QEMU) -Dit.test='io.kvmctl.hardening.*IT' || fail=1; \
	scripts/test-with-qemu $(QEMU10) -Dit.test='io.kvmctl.hardening.*IT' || fail=1; \
	exit $$fail

unit:
	$(MVN) test

# javadoc reads the module descriptor from the compiled classes: compile first (a fresh clone has none).
javadoc:
	$(MVN) -q compile javadoc:javadoc

format:
	$(MVN) -q spotless:apply

fuzz:
	scripts/fuzz $(FUZZ_SECONDS)

demo: deps
	./kvmctl demo

bench: build
	@for b in bench/*.sh; do echo "== $$b"; "$$b" || exit 1; done

clean:
	$(MVN) -q clean

PREFIX ?= /usr/local
DESTDIR ?=

target/kvmctl.jar:
	$(MVN) -q -DskipTests package

install: target/kvmctl.jar
	scripts/install-kvmctl install "$(DESTDIR)" "$(PREFIX)"

uninstall:
	scripts/install-kvmctl uninstall "$(DESTDIR)" "$(PREFIX)"

deb: target/kvmctl.jar
	scripts/build-deb

# kvmctl build entry points. The JDK (>= 22) is found by scripts/find-jdk; Maven comes through ./mvnw.
#   make          build the jar (target/kvmctl.jar)
#   make test     install what the tests need (as root; else print the command), then unit tests and the
#                 integration tests twice: against the system QEMU (7.2) and against QEMU 10 (scripts/fetch-qemu10)
#   make test-qemu10  the integration tests against QEMU 10 only
#   make test-hardening  the hardening ITs (security, unprivileged user, faults) against both QEMUs
#   make unit     unit tests only (no QEMU, no /dev/kvm)
#   make demo     ./kvmctl demo
#   make images   build the test guests (test-images/out)
#   make bench    the benchmark scripts (print figures; never part of the tests)
SHELL := /bin/bash
JAVA_HOME := $(shell scripts/find-jdk)
ifeq ($(JAVA_HOME),)
$(error no JDK >= 22: see the message above)
endif
export JAVA_HOME
MVN := ./mvnw -B -ntp

SYSTEM_QEMU := /usr/bin/qemu-system-x86_64
QEMU10 := $(CURDIR)/test-images/out/qemu-10/bin/qemu-system-x86_64

.PHONY: build test test-qemu10 test-hardening qemu10 unit deps images demo bench clean

build:
	$(MVN) -q -DskipTests package

deps:
	scripts/install-deps

images: deps
	test-images/build

qemu10: deps
	scripts/fetch-qemu10 >/dev/null

# Both passes run even when the first fails; the last lines name each QEMU that failed.
test: deps images qemu10
	@fail=0; \
	scripts/test-with-qemu $(SYSTEM_QEMU) --with-unit || fail=1; \
	scripts/test-with-qemu $(QEMU10) || fail=1; \
	exit $$fail

test-qemu10: images qemu10
	scripts/test-with-qemu $(QEMU10)

test-hardening: images qemu10
	@fail=0; \
	scripts/test-with-qemu $(SYSTEM_QEMU) -Dit.test='io.kvmctl.hardening.*IT' || fail=1; \
	scripts/test-with-qemu $(QEMU10) -Dit.test='io.kvmctl.hardening.*IT' || fail=1; \
	exit $$fail

unit:
	$(MVN) test

demo:
	./kvmctl demo

bench: build
	@for b in bench/*.sh; do echo "== $$b"; "$$b" || exit 1; done

clean:
	$(MVN) -q clean

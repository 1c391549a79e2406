# kvmctl build entry points. The JDK (>= 22) is found by scripts/find-jdk; Maven comes through ./mvnw.
#   make          build the jar (target/kvmctl.jar)
#   make test     install what the tests need (as root; else print the command), then unit + integration tests
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

.PHONY: build test unit deps images demo bench clean

build:
	$(MVN) -q -DskipTests package

deps:
	scripts/install-deps

images: deps
	test-images/build

test: deps images
	$(MVN) verify

unit:
	$(MVN) test

demo:
	./kvmctl demo

bench: build
	@for b in bench/*.sh; do echo "== $$b"; "$$b" || exit 1; done

clean:
	$(MVN) -q clean

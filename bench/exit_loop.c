/*
 * The C reference for kvmctl's I/O-exit figure: the same real-mode guest as `kvmctl probe` (see
 * io.kvmctl.kvm.ProbeGuest), run with plain ioctls, timing the loop of OUT exits. bench/probe.sh compares the
 * Java loop with this one. Usage: exit_loop [EXITS]   (prints "c_exit_ns <avg ns per exit>")
 */
#include <fcntl.h>
#include <linux/kvm.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#define LOOP_PORT 0xea

static void die(const char *what) { perror(what); exit(2); }

static uint64_t now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t) ts.tv_sec * 1000000000u + ts.tv_nsec;
}

int main(int argc, char **argv) {
    unsigned exits = argc > 1 ? (unsigned) strtoul(argv[1], NULL, 0) : 5000;
    if (exits == 0 || exits > 0xffff) { fprintf(stderr, "EXITS must be 1..65535\n"); return 2; }
    /* mov cx, EXITS; l: out 0xea, al; loop l; hlt */
    uint8_t code[] = { 0xb9, exits & 0xff, exits >> 8, 0xe6, LOOP_PORT, 0xe2, 0xfc, 0xf4 };

    int kvm = open("/dev/kvm", O_RDWR | O_CLOEXEC);
    if (kvm < 0) die("open /dev/kvm");
    int vm = ioctl(kvm, KVM_CREATE_VM, 0UL);
    if (vm < 0) die("KVM_CREATE_VM");
    size_t mem_size = 0x4000;
    uint8_t *mem = mmap(NULL, mem_size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (mem == MAP_FAILED) die("mmap guest memory");
    memcpy(mem + 0x1000, code, sizeof code);
    struct kvm_userspace_memory_region region = {
        .slot = 0, .guest_phys_addr = 0, .memory_size = mem_size, .userspace_addr = (uint64_t) mem };
    if (ioctl(vm, KVM_SET_USER_MEMORY_REGION, &region) < 0) die("KVM_SET_USER_MEMORY_REGION");
    int vcpu = ioctl(vm, KVM_CREATE_VCPU, 0UL);
    if (vcpu < 0) die("KVM_CREATE_VCPU");
    int run_size = ioctl(kvm, KVM_GET_VCPU_MMAP_SIZE, 0);
    struct kvm_run *run = mmap(NULL, run_size, PROT_READ | PROT_WRITE, MAP_SHARED, vcpu, 0);
    if (run == MAP_FAILED) die("mmap kvm_run");

    struct kvm_sregs sregs;
    if (ioctl(vcpu, KVM_GET_SREGS, &sregs) < 0) die("KVM_GET_SREGS");
    sregs.cs.base = 0;
    sregs.cs.selector = 0;
    if (ioctl(vcpu, KVM_SET_SREGS, &sregs) < 0) die("KVM_SET_SREGS");
    struct kvm_regs regs = { .rip = 0x1000, .rflags = 0x2 };
    if (ioctl(vcpu, KVM_SET_REGS, &regs) < 0) die("KVM_SET_REGS");

    unsigned seen = 0;
    uint64_t start = 0;
    for (;;) {
        if (ioctl(vcpu, KVM_RUN, 0) < 0) die("KVM_RUN");
        if (run->exit_reason == KVM_EXIT_HLT) break;
        if (run->exit_reason != KVM_EXIT_IO || run->io.port != LOOP_PORT) {
            fprintf(stderr, "unexpected exit %u\n", run->exit_reason);
            return 1;
        }
        if (seen++ == 0) start = now_ns(); /* time from the first exit on, as the Java loop does */
    }
    uint64_t elapsed = now_ns() - start;
    if (seen != exits) { fprintf(stderr, "saw %u exits, expected %u\n", seen, exits); return 1; }
    /* From the first exit on, KVM_RUN returned `exits` more times: exits-1 OUTs and the HLT. */
    printf("c_exit_ns %.0f\n", (double) elapsed / exits);
    return 0;
}

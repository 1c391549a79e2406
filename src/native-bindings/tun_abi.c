/*
 * Prints, from the real <linux/if_tun.h> and <net/if.h>, the numbers io.kvmctl.sys.TunTap hard-codes or derives.
 * TunAbiTest compiles and runs it and compares line by line. Output format as in kvm_abi.c.
 */
#include <linux/if_tun.h>
#include <net/if.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/ioctl.h>

#define IOCTL(n) printf("ioctl %s 0x%lx\n", #n, (unsigned long) (n))
#define CONST(n) printf("const %s %ld\n", #n, (long) (n))

int main(void) {
    IOCTL(TUNSETIFF);
    CONST(IFNAMSIZ);
    CONST(IFF_TAP);
    CONST(IFF_NO_PI);
    CONST(IFF_VNET_HDR);
    CONST(IFF_TUN_EXCL);
    printf("sizeof ifreq %zu\n", sizeof(struct ifreq));
    printf("offsetof ifreq.ifr_flags %zu\n", offsetof(struct ifreq, ifr_flags));
    return 0;
}

/*
 * hello: the smallest kvmctl guest. The BIOS loads this sector at 0:0x7c00 and jumps to it in 16-bit real mode;
 * it writes "kvmctl-boot: hello\r\n" to COM1 and halts for good (cli; hlt), so a test sees the line within
 * milliseconds of QEMU starting and the vCPU then idles (no CPU burnt while the test talks QMP).
 */
        .code16
        .text
        .globl  _start
_start:
        cli
        ljmp    $0, $norm               /* some BIOSes enter at 07c0:0000; make cs:ip = 0:7cxx */
norm:
        xor     %ax, %ax
        mov     %ax, %ds
        mov     %ax, %es
        mov     %ax, %ss
        mov     $0x7c00, %sp            /* stack grows down below the sector */
        cld                             /* lodsb walks forward */
        call    serial_init
        mov     $msg, %si
        call    puts
halt:
        cli                             /* with interrupts off, hlt stops the vCPU until NMI/reset */
        hlt
        jmp     halt                    /* an NMI would resume here: halt again */

        .include "serial.inc"

msg:    .asciz  "kvmctl-boot: hello\r\n"

        .org    510                     /* the BIOS boots a sector only if it ends in 0x55 0xaa */
        .byte   0x55, 0xaa

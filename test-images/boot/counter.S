/*
 * counter: a boot-sector guest that is always busy and whose state is visible. It prints
 *   kvmctl-boot: tick N\r\n
 * to COM1 forever, N counting up from 1 (32 bits, decimal). The counter lives in guest RAM, so after a
 * migration or a snapshot restore the ticks go on from where they were, which is what the tests check.
 *
 * The delay between ticks waits for the BIOS timer (IRQ0 at 18.2 Hz updates the tick count at 0040:006c)
 * with sti;hlt rather than spinning: the pace (about 4.5 ticks per second) is the same under KVM and TCG,
 * and the vCPU sleeps in between.
 */
        .code16
        .text
        .globl  _start
        .set    DELAY_TICKS, 4          /* BIOS timer ticks (55 ms each) between lines */
        .set    BIOS_TICKS, 0x46c       /* 32-bit tick count maintained by the BIOS IRQ0 handler */
_start:
        cli
        ljmp    $0, $norm
norm:
        xor     %ax, %ax
        mov     %ax, %ds
        mov     %ax, %es
        mov     %ax, %ss
        mov     $0x7c00, %sp
        cld
        call    serial_init
        sti                             /* the BIOS timer interrupt must run for the delay */

loop:
        incl    counter
        mov     $prefix, %si
        call    puts
        mov     counter, %eax
        call    putdec
        mov     $crlf, %si
        call    puts

        mov     BIOS_TICKS, %ebx        /* wait until DELAY_TICKS timer interrupts have passed */
wait:
        hlt                             /* sleeps until the next interrupt (IRQ0 at the latest) */
        mov     BIOS_TICKS, %eax
        sub     %ebx, %eax              /* unsigned: the BIOS resetting the count at midnight ends the */
        cmp     $DELAY_TICKS, %eax      /* wait too (huge difference) instead of hanging */
        jb      wait
        jmp     loop

/* putdec: print eax in decimal. Digits are pushed least significant first, then popped. Clobbers eax-edx. */
putdec:
        mov     $10, %ecx
        xor     %bx, %bx                /* number of digits pushed */
3:      xor     %edx, %edx
        div     %ecx                    /* eax = eax / 10, edx = remainder */
        add     $'0', %dl
        push    %dx
        inc     %bx
        test    %eax, %eax
        jnz     3b
4:      pop     %ax
        call    putc
        dec     %bx
        jnz     4b
        ret

        .include "serial.inc"

counter: .long  0
prefix: .asciz  "kvmctl-boot: tick "
crlf:   .asciz  "\r\n"

        .org    510
        .byte   0x55, 0xaa

package io.kvmctl.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SerialScreenTest {
    @Test
    void textDropsColoursAndCharsetSwitchesSoTheInstallersDialogTitleReadsWhole() {
        // as debian-installer's newt UI drew its first dialog on ttyS0 (QEMU 10, TCG)
        String raw = "\u001b[5;3H\u001b[0m\u001b(0\u001b[30m\u001b[47mlqqqqu\u001b[0m\u001b(B\u001b[30m\u001b[47m"
                + " \u001b[31m[!!] Select a language\u001b[30m \u001b(0tqqqk\u001b[6;3Hx";
        assertEquals("\nlqqqqu [!!] Select a language tqqqk\nx", SerialScreen.text(raw));
    }

    @Test
    void textPutsALineBreakWhereTheCursorMovesSoTextFromTwoPlacesNeverJoins() {
        // GRUB's menu on a serial terminal: each entry placed with a cursor move, '*' on the highlighted one
        String raw = "\u001b[7m\u001b[5;3H*Debian 12 installer (netboot, text)\u001b[m\u001b[5;78H\u001b[m"
                + "\u001b[6;3H Debian 12 installer (netboot, serial console ttyS0)\r\n";
        String text = SerialScreen.text(raw);
        assertTrue(text.contains("\n*Debian 12 installer (netboot, text)\n"), text);
        assertTrue(text.contains("\n Debian 12 installer (netboot, serial console ttyS0)\n"), text);
    }
}

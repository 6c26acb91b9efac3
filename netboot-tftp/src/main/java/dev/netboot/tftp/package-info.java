/** TFTP packets, option negotiation and transfer state machines (no I/O). */
package dev.netboot.tftp;

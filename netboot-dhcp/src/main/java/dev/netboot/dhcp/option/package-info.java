/** Typed DHCP option keys and their codecs. */
package dev.netboot.dhcp.option;

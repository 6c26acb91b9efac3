/** The ISC dhcpd.conf reader. */
package dev.netboot.rules.isc;

/** DHCPv4 messages: the read-only view over a ByteBuf, the writer, and registries. */
package dev.netboot.dhcp;

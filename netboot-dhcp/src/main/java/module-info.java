/** DHCPv4 codec: a zero-copy message view, a writer, and typed option codecs over Netty ByteBuf. */
module dev.netboot.dhcp {
    requires transitive io.netty.buffer;

    exports dev.netboot.dhcp;
    exports dev.netboot.dhcp.option;
}

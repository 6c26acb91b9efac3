/** TFTP codec, option negotiation and sans-I/O transfer state machines over Netty ByteBuf. */
module dev.netboot.tftp {
    requires transitive io.netty.buffer;

    exports dev.netboot.tftp;
}

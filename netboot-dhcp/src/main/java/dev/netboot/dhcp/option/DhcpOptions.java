package dev.netboot.dhcp.option;

import dev.netboot.dhcp.ClientArchitecture;
import dev.netboot.dhcp.MessageType;
import java.net.Inet4Address;
import java.util.List;

/**
 * The standard option keys: all of RFC 2132 and the options network boot needs (RFC 3004, 3046,
 * 3397, 3442, 3925, 4039, 4361, 4578, 4702, 5071, 5859, iPXE). Names are those Wireshark shows.
 * Constants only; {@link OptionRegistry#standard()} indexes them by code.
 */
public final class DhcpOptions {
    private DhcpOptions() {}

    /** (1) Subnet Mask. */
    public static final OptionKey<Inet4Address> SUBNET_MASK =
            OptionKey.of(1, "Subnet Mask", OptionCodecs.ipv4());

    /** (2) Time Offset. */
    public static final OptionKey<Integer> TIME_OFFSET =
            OptionKey.of(2, "Time Offset", OptionCodecs.int32());

    /** (3) Router. */
    public static final OptionKey<List<Inet4Address>> ROUTERS =
            OptionKey.of(3, "Router", OptionCodecs.ipv4List());

    /** (4) Time Server. */
    public static final OptionKey<List<Inet4Address>> TIME_SERVERS =
            OptionKey.of(4, "Time Server", OptionCodecs.ipv4List());

    /** (5) Name Server. */
    public static final OptionKey<List<Inet4Address>> NAME_SERVERS =
            OptionKey.of(5, "Name Server", OptionCodecs.ipv4List());

    /** (6) Domain Name Server. */
    public static final OptionKey<List<Inet4Address>> DOMAIN_NAME_SERVERS =
            OptionKey.of(6, "Domain Name Server", OptionCodecs.ipv4List());

    /** (7) Log Server. */
    public static final OptionKey<List<Inet4Address>> LOG_SERVERS =
            OptionKey.of(7, "Log Server", OptionCodecs.ipv4List());

    /** (8) Cookie Server. */
    public static final OptionKey<List<Inet4Address>> COOKIE_SERVERS =
            OptionKey.of(8, "Cookie Server", OptionCodecs.ipv4List());

    /** (9) LPR Server. */
    public static final OptionKey<List<Inet4Address>> LPR_SERVERS =
            OptionKey.of(9, "LPR Server", OptionCodecs.ipv4List());

    /** (10) Impress Server. */
    public static final OptionKey<List<Inet4Address>> IMPRESS_SERVERS =
            OptionKey.of(10, "Impress Server", OptionCodecs.ipv4List());

    /** (11) Resource Location Server. */
    public static final OptionKey<List<Inet4Address>> RESOURCE_LOCATION_SERVERS =
            OptionKey.of(11, "Resource Location Server", OptionCodecs.ipv4List());

    /** (12) Host Name. */
    public static final OptionKey<String> HOST_NAME =
            OptionKey.of(12, "Host Name", OptionCodecs.text());

    /** (13) Boot File Size. */
    public static final OptionKey<Integer> BOOT_FILE_SIZE =
            OptionKey.of(13, "Boot File Size", OptionCodecs.uint16());

    /** (14) Merit Dump File. */
    public static final OptionKey<String> MERIT_DUMP_FILE =
            OptionKey.of(14, "Merit Dump File", OptionCodecs.text());

    /** (15) Domain Name. */
    public static final OptionKey<String> DOMAIN_NAME =
            OptionKey.of(15, "Domain Name", OptionCodecs.text());

    /** (16) Swap Server. */
    public static final OptionKey<Inet4Address> SWAP_SERVER =
            OptionKey.of(16, "Swap Server", OptionCodecs.ipv4());

    /** (17) Root Path. */
    public static final OptionKey<String> ROOT_PATH =
            OptionKey.of(17, "Root Path", OptionCodecs.text());

    /** (18) Extensions Path. */
    public static final OptionKey<String> EXTENSIONS_PATH =
            OptionKey.of(18, "Extensions Path", OptionCodecs.text());

    /** (19) IP Forwarding. */
    public static final OptionKey<Boolean> IP_FORWARDING =
            OptionKey.of(19, "IP Forwarding", OptionCodecs.bool());

    /** (20) Non-Local Source Routing. */
    public static final OptionKey<Boolean> NON_LOCAL_SOURCE_ROUTING =
            OptionKey.of(20, "Non-Local Source Routing", OptionCodecs.bool());

    /** (21) Policy Filter. */
    public static final OptionKey<List<Inet4Address>> POLICY_FILTER =
            OptionKey.of(21, "Policy Filter", OptionCodecs.ipv4Pairs());

    /** (22) Maximum Datagram Reassembly Size. */
    public static final OptionKey<Integer> MAX_DATAGRAM_REASSEMBLY_SIZE =
            OptionKey.of(22, "Maximum Datagram Reassembly Size", OptionCodecs.uint16());

    /** (23) Default IP Time-to-Live. */
    public static final OptionKey<Integer> DEFAULT_IP_TTL =
            OptionKey.of(23, "Default IP Time-to-Live", OptionCodecs.uint8());

    /** (24) Path MTU Aging Timeout. */
    public static final OptionKey<Long> PATH_MTU_AGING_TIMEOUT =
            OptionKey.of(24, "Path MTU Aging Timeout", OptionCodecs.uint32());

    /** (25) Path MTU Plateau Table. */
    public static final OptionKey<List<Integer>> PATH_MTU_PLATEAU_TABLE =
            OptionKey.of(25, "Path MTU Plateau Table", OptionCodecs.uint16List());

    /** (26) Interface MTU. */
    public static final OptionKey<Integer> INTERFACE_MTU =
            OptionKey.of(26, "Interface MTU", OptionCodecs.uint16());

    /** (27) All Subnets are Local. */
    public static final OptionKey<Boolean> ALL_SUBNETS_LOCAL =
            OptionKey.of(27, "All Subnets are Local", OptionCodecs.bool());

    /** (28) Broadcast Address. */
    public static final OptionKey<Inet4Address> BROADCAST_ADDRESS =
            OptionKey.of(28, "Broadcast Address", OptionCodecs.ipv4());

    /** (29) Perform Mask Discovery. */
    public static final OptionKey<Boolean> PERFORM_MASK_DISCOVERY =
            OptionKey.of(29, "Perform Mask Discovery", OptionCodecs.bool());

    /** (30) Mask Supplier. */
    public static final OptionKey<Boolean> MASK_SUPPLIER =
            OptionKey.of(30, "Mask Supplier", OptionCodecs.bool());

    /** (31) Perform Router Discover. */
    public static final OptionKey<Boolean> PERFORM_ROUTER_DISCOVERY =
            OptionKey.of(31, "Perform Router Discover", OptionCodecs.bool());

    /** (32) Router Solicitation Address. */
    public static final OptionKey<Inet4Address> ROUTER_SOLICITATION_ADDRESS =
            OptionKey.of(32, "Router Solicitation Address", OptionCodecs.ipv4());

    /** (33) Static Route. */
    public static final OptionKey<List<Inet4Address>> STATIC_ROUTES =
            OptionKey.of(33, "Static Route", OptionCodecs.ipv4Pairs());

    /** (34) Trailer Encapsulation. */
    public static final OptionKey<Boolean> TRAILER_ENCAPSULATION =
            OptionKey.of(34, "Trailer Encapsulation", OptionCodecs.bool());

    /** (35) ARP Cache Timeout. */
    public static final OptionKey<Long> ARP_CACHE_TIMEOUT =
            OptionKey.of(35, "ARP Cache Timeout", OptionCodecs.uint32());

    /** (36) Ethernet Encapsulation. */
    public static final OptionKey<Boolean> ETHERNET_ENCAPSULATION =
            OptionKey.of(36, "Ethernet Encapsulation", OptionCodecs.bool());

    /** (37) TCP Default TTL. */
    public static final OptionKey<Integer> TCP_DEFAULT_TTL =
            OptionKey.of(37, "TCP Default TTL", OptionCodecs.uint8());

    /** (38) TCP Keepalive Interval. */
    public static final OptionKey<Long> TCP_KEEPALIVE_INTERVAL =
            OptionKey.of(38, "TCP Keepalive Interval", OptionCodecs.uint32());

    /** (39) TCP Keepalive Garbage. */
    public static final OptionKey<Boolean> TCP_KEEPALIVE_GARBAGE =
            OptionKey.of(39, "TCP Keepalive Garbage", OptionCodecs.bool());

    /** (40) Network Information Service Domain. */
    public static final OptionKey<String> NIS_DOMAIN =
            OptionKey.of(40, "Network Information Service Domain", OptionCodecs.text());

    /** (41) Network Information Service Servers. */
    public static final OptionKey<List<Inet4Address>> NIS_SERVERS =
            OptionKey.of(41, "Network Information Service Servers", OptionCodecs.ipv4List());

    /** (42) Network Time Protocol Servers. */
    public static final OptionKey<List<Inet4Address>> NTP_SERVERS =
            OptionKey.of(42, "Network Time Protocol Servers", OptionCodecs.ipv4List());

    /** (43) Vendor-Specific Information. */
    public static final OptionKey<List<SubOption>> VENDOR_SPECIFIC_INFORMATION =
            OptionKey.of(43, "Vendor-Specific Information", OptionCodecs.subOptions());

    /**
     * (43) Vendor-Specific Information with PXE's typed sub-options (PXE 2.1). Not in
     * {@link OptionRegistry#standard()}, which reads 43 as {@link #VENDOR_SPECIFIC_INFORMATION}:
     * ask for this key where the vendor class (option 60) is {@code PXEClient}.
     */
    public static final OptionKey<PxeVendorOptions> PXE_VENDOR_OPTIONS =
            OptionKey.of(43, "Vendor-Specific Information (PXE)", OptionCodecs.pxeVendorOptions());

    /** (44) NetBIOS over TCP/IP Name Server. */
    public static final OptionKey<List<Inet4Address>> NETBIOS_NAME_SERVERS =
            OptionKey.of(44, "NetBIOS over TCP/IP Name Server", OptionCodecs.ipv4List());

    /** (45) NetBIOS over TCP/IP Datagram Distribution Name Server. */
    public static final OptionKey<List<Inet4Address>> NETBIOS_DATAGRAM_DISTRIBUTION_SERVERS =
            OptionKey.of(45, "NetBIOS over TCP/IP Datagram Distribution Name Server", OptionCodecs.ipv4List());

    /** (46) NetBIOS over TCP/IP Node Type. */
    public static final OptionKey<Integer> NETBIOS_NODE_TYPE =
            OptionKey.of(46, "NetBIOS over TCP/IP Node Type", OptionCodecs.uint8());

    /** (47) NetBIOS over TCP/IP Scope. */
    public static final OptionKey<String> NETBIOS_SCOPE =
            OptionKey.of(47, "NetBIOS over TCP/IP Scope", OptionCodecs.text());

    /** (48) X Window System Font Server. */
    public static final OptionKey<List<Inet4Address>> X_FONT_SERVERS =
            OptionKey.of(48, "X Window System Font Server", OptionCodecs.ipv4List());

    /** (49) X Window System Display Manager. */
    public static final OptionKey<List<Inet4Address>> X_DISPLAY_MANAGERS =
            OptionKey.of(49, "X Window System Display Manager", OptionCodecs.ipv4List());

    /** (50) Requested IP Address. */
    public static final OptionKey<Inet4Address> REQUESTED_IP_ADDRESS =
            OptionKey.of(50, "Requested IP Address", OptionCodecs.ipv4());

    /** (51) IP Address Lease Time. */
    public static final OptionKey<Long> LEASE_TIME =
            OptionKey.of(51, "IP Address Lease Time", OptionCodecs.uint32());

    /** (52) Option Overload. */
    public static final OptionKey<Integer> OPTION_OVERLOAD =
            OptionKey.of(52, "Option Overload", OptionCodecs.uint8());

    /** (53) DHCP Message Type. */
    public static final OptionKey<MessageType> MESSAGE_TYPE =
            OptionKey.of(53, "DHCP Message Type", OptionCodecs.messageType());

    /** (54) DHCP Server Identifier. */
    public static final OptionKey<Inet4Address> SERVER_IDENTIFIER =
            OptionKey.of(54, "DHCP Server Identifier", OptionCodecs.ipv4());

    /** (55) Parameter Request List. */
    public static final OptionKey<List<Integer>> PARAMETER_REQUEST_LIST =
            OptionKey.of(55, "Parameter Request List", OptionCodecs.uint8List());

    /** (56) Message. */
    public static final OptionKey<String> MESSAGE =
            OptionKey.of(56, "Message", OptionCodecs.text());

    /** (57) Maximum DHCP Message Size. */
    public static final OptionKey<Integer> MAX_MESSAGE_SIZE =
            OptionKey.of(57, "Maximum DHCP Message Size", OptionCodecs.uint16());

    /** (58) Renewal Time Value. */
    public static final OptionKey<Long> RENEWAL_TIME =
            OptionKey.of(58, "Renewal Time Value", OptionCodecs.uint32());

    /** (59) Rebinding Time Value. */
    public static final OptionKey<Long> REBINDING_TIME =
            OptionKey.of(59, "Rebinding Time Value", OptionCodecs.uint32());

    /** (60) Vendor class identifier. */
    public static final OptionKey<String> VENDOR_CLASS_IDENTIFIER =
            OptionKey.of(60, "Vendor class identifier", OptionCodecs.text());

    /** (61) Client identifier. */
    public static final OptionKey<ClientIdentifier> CLIENT_IDENTIFIER =
            OptionKey.of(61, "Client identifier", OptionCodecs.clientIdentifier());

    /** (64) Network Information Service+ Domain. */
    public static final OptionKey<String> NISPLUS_DOMAIN =
            OptionKey.of(64, "Network Information Service+ Domain", OptionCodecs.text());

    /** (65) Network Information Service+ Servers. */
    public static final OptionKey<List<Inet4Address>> NISPLUS_SERVERS =
            OptionKey.of(65, "Network Information Service+ Servers", OptionCodecs.ipv4List());

    /** (66) TFTP Server Name. */
    public static final OptionKey<String> TFTP_SERVER_NAME =
            OptionKey.of(66, "TFTP Server Name", OptionCodecs.text());

    /** (67) Bootfile name. */
    public static final OptionKey<String> BOOTFILE_NAME =
            OptionKey.of(67, "Bootfile name", OptionCodecs.text());

    /** (68) Mobile IP Home Agent. */
    public static final OptionKey<List<Inet4Address>> MOBILE_IP_HOME_AGENTS =
            OptionKey.of(68, "Mobile IP Home Agent", OptionCodecs.ipv4ListOrEmpty());

    /** (69) SMTP Server. */
    public static final OptionKey<List<Inet4Address>> SMTP_SERVERS =
            OptionKey.of(69, "SMTP Server", OptionCodecs.ipv4List());

    /** (70) POP3 Server. */
    public static final OptionKey<List<Inet4Address>> POP3_SERVERS =
            OptionKey.of(70, "POP3 Server", OptionCodecs.ipv4List());

    /** (71) NNTP Server. */
    public static final OptionKey<List<Inet4Address>> NNTP_SERVERS =
            OptionKey.of(71, "NNTP Server", OptionCodecs.ipv4List());

    /** (72) Default WWW Server. */
    public static final OptionKey<List<Inet4Address>> WWW_SERVERS =
            OptionKey.of(72, "Default WWW Server", OptionCodecs.ipv4List());

    /** (73) Default Finger Server. */
    public static final OptionKey<List<Inet4Address>> FINGER_SERVERS =
            OptionKey.of(73, "Default Finger Server", OptionCodecs.ipv4List());

    /** (74) Default IRC Server. */
    public static final OptionKey<List<Inet4Address>> IRC_SERVERS =
            OptionKey.of(74, "Default IRC Server", OptionCodecs.ipv4List());

    /** (75) StreetTalk Server. */
    public static final OptionKey<List<Inet4Address>> STREETTALK_SERVERS =
            OptionKey.of(75, "StreetTalk Server", OptionCodecs.ipv4List());

    /** (76) StreetTalk Directory Assistance (STDA) Server. */
    public static final OptionKey<List<Inet4Address>> STDA_SERVERS =
            OptionKey.of(76, "StreetTalk Directory Assistance (STDA) Server", OptionCodecs.ipv4List());

    /** (77) User Class Information. */
    public static final OptionKey<UserClass> USER_CLASS =
            OptionKey.of(77, "User Class Information", OptionCodecs.userClass());

    /** (80) Rapid Commit. */
    public static final OptionKey<byte[]> RAPID_COMMIT =
            OptionKey.of(80, "Rapid Commit", OptionCodecs.bytes());

    /** (81) Client Fully Qualified Domain Name. */
    public static final OptionKey<ClientFqdn> CLIENT_FQDN =
            OptionKey.of(81, "Client Fully Qualified Domain Name", OptionCodecs.clientFqdn());

    /** (82) Agent Information Option. */
    public static final OptionKey<RelayAgentInformation> RELAY_AGENT_INFORMATION =
            OptionKey.of(82, "Agent Information Option", OptionCodecs.relayAgentInformation());

    /** (93) Client System Architecture. */
    public static final OptionKey<List<ClientArchitecture>> CLIENT_ARCHITECTURE =
            OptionKey.of(93, "Client System Architecture", OptionCodecs.clientArchitectures());

    /** (94) Client Network Device Interface. */
    public static final OptionKey<ClientNetworkInterface> CLIENT_NETWORK_INTERFACE =
            OptionKey.of(94, "Client Network Device Interface", OptionCodecs.clientNetworkInterface());

    /** (97) UUID/GUID-based Client Identifier. */
    public static final OptionKey<ClientMachineId> CLIENT_MACHINE_ID =
            OptionKey.of(97, "UUID/GUID-based Client Identifier", OptionCodecs.clientMachineId());

    /** (116) DHCP Auto-Configuration. */
    public static final OptionKey<Integer> AUTO_CONFIGURE =
            OptionKey.of(116, "DHCP Auto-Configuration", OptionCodecs.uint8());

    /** (118) Subnet Selection Option. */
    public static final OptionKey<Inet4Address> SUBNET_SELECTION =
            OptionKey.of(118, "Subnet Selection Option", OptionCodecs.ipv4());

    /** (119) Domain Search. */
    public static final OptionKey<List<String>> DOMAIN_SEARCH =
            OptionKey.of(119, "Domain Search", OptionCodecs.domainSearch());

    /** (121) Classless Static Route. */
    public static final OptionKey<List<ClasslessRoute>> CLASSLESS_STATIC_ROUTES =
            OptionKey.of(121, "Classless Static Route", OptionCodecs.classlessRoutes());

    /** (124) V-I Vendor Class. */
    public static final OptionKey<List<VendorIdentifying>> VENDOR_IDENTIFYING_CLASS =
            OptionKey.of(124, "V-I Vendor Class", OptionCodecs.vendorIdentifyingClass());

    /** (125) V-I Vendor-specific Information. */
    public static final OptionKey<List<VendorIdentifying>> VENDOR_IDENTIFYING_SPECIFIC =
            OptionKey.of(125, "V-I Vendor-specific Information", OptionCodecs.vendorIdentifyingSpecific());

    /** (145) Forcerenew Nonce Capable. */
    public static final OptionKey<List<Integer>> FORCERENEW_NONCE_CAPABLE =
            OptionKey.of(145, "Forcerenew Nonce Capable", OptionCodecs.uint8List());

    /** (150) TFTP Server Address. */
    public static final OptionKey<List<Inet4Address>> TFTP_SERVER_ADDRESSES =
            OptionKey.of(150, "TFTP Server Address", OptionCodecs.ipv4List());

    /** (175) Etherboot. */
    public static final OptionKey<List<SubOption>> IPXE_ENCAPSULATED =
            OptionKey.of(175, "Etherboot", OptionCodecs.subOptions());

    /** (208) PXELINUX Magic. */
    public static final OptionKey<byte[]> PXELINUX_MAGIC =
            OptionKey.of(208, "PXELINUX Magic", OptionCodecs.bytes());

    /** (209) PXELINUX Configuration File. */
    public static final OptionKey<String> PXELINUX_CONFIG_FILE =
            OptionKey.of(209, "PXELINUX Configuration File", OptionCodecs.text());

    /** (210) PXELINUX Path Prefix. */
    public static final OptionKey<String> PXELINUX_PATH_PREFIX =
            OptionKey.of(210, "PXELINUX Path Prefix", OptionCodecs.text());

    /** (211) PXELINUX Reboot Time. */
    public static final OptionKey<Long> PXELINUX_REBOOT_TIME =
            OptionKey.of(211, "PXELINUX Reboot Time", OptionCodecs.uint32());

    /** (249) Private/Classless Static Route (Microsoft). */
    public static final OptionKey<List<ClasslessRoute>> MS_CLASSLESS_STATIC_ROUTES =
            OptionKey.of(249, "Private/Classless Static Route (Microsoft)", OptionCodecs.classlessRoutes());

    /** (252) Private/Proxy autodiscovery. */
    public static final OptionKey<String> WPAD =
            OptionKey.of(252, "Private/Proxy autodiscovery", OptionCodecs.text());

    /** Every standard key, in code order. */
    static final List<OptionKey<?>> ALL = List.of(
            SUBNET_MASK,
            TIME_OFFSET,
            ROUTERS,
            TIME_SERVERS,
            NAME_SERVERS,
            DOMAIN_NAME_SERVERS,
            LOG_SERVERS,
            COOKIE_SERVERS,
            LPR_SERVERS,
            IMPRESS_SERVERS,
            RESOURCE_LOCATION_SERVERS,
            HOST_NAME,
            BOOT_FILE_SIZE,
            MERIT_DUMP_FILE,
            DOMAIN_NAME,
            SWAP_SERVER,
            ROOT_PATH,
            EXTENSIONS_PATH,
            IP_FORWARDING,
            NON_LOCAL_SOURCE_ROUTING,
            POLICY_FILTER,
            MAX_DATAGRAM_REASSEMBLY_SIZE,
            DEFAULT_IP_TTL,
            PATH_MTU_AGING_TIMEOUT,
            PATH_MTU_PLATEAU_TABLE,
            INTERFACE_MTU,
            ALL_SUBNETS_LOCAL,
            BROADCAST_ADDRESS,
            PERFORM_MASK_DISCOVERY,
            MASK_SUPPLIER,
            PERFORM_ROUTER_DISCOVERY,
            ROUTER_SOLICITATION_ADDRESS,
            STATIC_ROUTES,
            TRAILER_ENCAPSULATION,
            ARP_CACHE_TIMEOUT,
            ETHERNET_ENCAPSULATION,
            TCP_DEFAULT_TTL,
            TCP_KEEPALIVE_INTERVAL,
            TCP_KEEPALIVE_GARBAGE,
            NIS_DOMAIN,
            NIS_SERVERS,
            NTP_SERVERS,
            VENDOR_SPECIFIC_INFORMATION,
            NETBIOS_NAME_SERVERS,
            NETBIOS_DATAGRAM_DISTRIBUTION_SERVERS,
            NETBIOS_NODE_TYPE,
            NETBIOS_SCOPE,
            X_FONT_SERVERS,
            X_DISPLAY_MANAGERS,
            REQUESTED_IP_ADDRESS,
            LEASE_TIME,
            OPTION_OVERLOAD,
            MESSAGE_TYPE,
            SERVER_IDENTIFIER,
            PARAMETER_REQUEST_LIST,
            MESSAGE,
            MAX_MESSAGE_SIZE,
            RENEWAL_TIME,
            REBINDING_TIME,
            VENDOR_CLASS_IDENTIFIER,
            CLIENT_IDENTIFIER,
            NISPLUS_DOMAIN,
            NISPLUS_SERVERS,
            TFTP_SERVER_NAME,
            BOOTFILE_NAME,
            MOBILE_IP_HOME_AGENTS,
            SMTP_SERVERS,
            POP3_SERVERS,
            NNTP_SERVERS,
            WWW_SERVERS,
            FINGER_SERVERS,
            IRC_SERVERS,
            STREETTALK_SERVERS,
            STDA_SERVERS,
            USER_CLASS,
            RAPID_COMMIT,
            CLIENT_FQDN,
            RELAY_AGENT_INFORMATION,
            CLIENT_ARCHITECTURE,
            CLIENT_NETWORK_INTERFACE,
            CLIENT_MACHINE_ID,
            AUTO_CONFIGURE,
            SUBNET_SELECTION,
            DOMAIN_SEARCH,
            CLASSLESS_STATIC_ROUTES,
            VENDOR_IDENTIFYING_CLASS,
            VENDOR_IDENTIFYING_SPECIFIC,
            FORCERENEW_NONCE_CAPABLE,
            TFTP_SERVER_ADDRESSES,
            IPXE_ENCAPSULATED,
            PXELINUX_MAGIC,
            PXELINUX_CONFIG_FILE,
            PXELINUX_PATH_PREFIX,
            PXELINUX_REBOOT_TIME,
            MS_CLASSLESS_STATIC_ROUTES,
            WPAD);
}

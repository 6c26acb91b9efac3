/** Client classification: facts, predicates, rules, scopes, decisions; the ISC dhcpd.conf reader. */
module dev.netboot.rules {
    requires transitive dev.netboot.dhcp;

    exports dev.netboot.rules;
    exports dev.netboot.rules.isc;
    exports dev.netboot.rules.hosts;
}

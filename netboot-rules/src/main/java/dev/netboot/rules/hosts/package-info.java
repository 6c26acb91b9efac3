/** The hosts table (hostname, MAC, IP): host declarations, dhcpd include files and BIND zone records. */
package dev.netboot.rules.hosts;
